// The administrator's screens in Debian's Chromium against the real HTTP server (built screens from
// the sources): the first run creates the first administrator from this machine; the Users screen
// adds a user, refuses to disable the last administrator (in the screen's language), resets a
// password — and that user must change it at the next sign-in; the Settings screen refuses
// out-of-range values as typed (nothing clamped, nothing saved). Screenshots in test/screenshots/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertNoSeriousAxe } from '../helpers/axe.js';
import { launchBrowser } from '../helpers/browser.js';
import { startAdminServer, type AdminServer } from '../helpers/review-server.js';
import { tempDir } from '../helpers/tmp.js';

const SHOTS = path.resolve('test/screenshots');
const ADMIN = { username: 'branch-admin', password: 'branch-admin-pass-1' };
let server: AdminServer, browser: Browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const web = tempDir('sophon-admin-ui');
  const b = spawnSync(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--outDir',
      web,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(b.status, 0, b.stderr);
  server = await startAdminServer(tempDir('sophon-admin-data'), '127.0.0.1', web);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page, user: { username: string; password: string }) {
  await page.getByLabel('用户名', { exact: true }).fill(user.username);
  await page.getByLabel('密码', { exact: true }).fill(user.password);
  await page.keyboard.press('Enter');
}

/** A new page (1280 × `height`) at `hash` in Chinese, signed in as `user`, once `testId` shows. */
async function signedIn(hash: string, testId: string, user: { username: string; password: string } = ADMIN, height = 800) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height } })).newPage();
  await page.goto(`${server.url}/?lang=zh-CN${hash}`);
  await signIn(page, user);
  await page.getByTestId(testId).waitFor();
  return page;
}

describe('administrator screens in a real browser', () => {
  it('first run: no user yet, the screens ask for the first administrator; afterwards they sign in', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.url}/?lang=zh-CN`);
    await page.getByTestId('first-run').waitFor();
    assert.match((await page.getByTestId('first-run').textContent())!, /创建第一个管理员/);
    await page.screenshot({ path: path.join(SHOTS, 'first-run.zh-CN.png') });
    await page.getByLabel('管理员用户名').fill(ADMIN.username);
    await page.getByLabel('密码（至少 10 个字符）').fill(ADMIN.password);
    await page.getByLabel('再次输入密码').fill(ADMIN.password + 'x');
    await page.getByRole('button', { name: '创建管理员' }).click();
    await page.getByText('两次输入的密码不一致').waitFor();
    await page.getByLabel('再次输入密码').fill(ADMIN.password);
    await page.getByRole('button', { name: '创建管理员' }).click();
    await page.getByLabel('用户名', { exact: true }).waitFor();
    await signIn(page, ADMIN);
    await page.getByTestId('account-password').waitFor();
    const again = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'intruder', password: 'intruder-pass-1' }),
    });
    assert.equal(again.status, 409, 'once');
    await page.context().close();
  });

  it('users: add, the last administrator kept (said in Chinese), reset → the user must change the password', async () => {
    const page = await signedIn('#/users', 'users-page');
    await page.getByTestId('user-add').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('clerk-wang');
    await dialog.getByLabel('初始密码（至少 10 个字符）').fill('clerk-wang-pass-1');
    await dialog.getByRole('button', { name: /^创\s?建$/ }).click(); // antd spaces two-character Chinese buttons
    await page.getByTestId('user-row-clerk-wang').waitFor();
    assert.match((await page.getByTestId('user-row-clerk-wang').textContent())!, /柜员.*正常.*从未登录/);

    await page
      .getByTestId(`user-row-${ADMIN.username}`)
      .getByRole('button', { name: /^停\s?用$/ })
      .click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /^停\s?用$/ })
      .click();
    await page.getByTestId('users-error').waitFor();
    assert.equal(await page.getByTestId('users-error').textContent(), '不能停用或降级最后一个有效的管理员');

    await page.getByTestId('user-row-clerk-wang').getByRole('button', { name: '重置密码' }).click();
    await page.getByRole('dialog').getByLabel('新密码（至少 10 个字符）').fill('temporary-pass-9');
    await page.getByRole('dialog').getByRole('button', { name: '重置密码' }).click();
    await page.getByTestId('user-row-clerk-wang').getByText('下次登录须改密码').waitFor();
    await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
    await page.screenshot({ path: path.join(SHOTS, 'users.zh-CN.png') });
    await assertNoSeriousAxe(page, 'users');
    const missing = (await page.evaluate(() => (window as unknown as { __i18nMissing?: string[] }).__i18nMissing ?? [])) as string[];
    assert.deepEqual(missing, [], 'every string translated');

    const clerk = await signedIn('', 'password-page', { username: 'clerk-wang', password: 'temporary-pass-9' });
    assert.match((await clerk.getByTestId('password-page').textContent())!, /您的密码已被管理员重置/);
    await clerk.getByLabel('当前密码').fill('temporary-pass-9');
    await clerk.getByLabel('新密码（至少 10 个字符）').fill('clerk-wang-own-1');
    await clerk.getByLabel('再次输入新密码').fill('clerk-wang-own-1');
    await clerk.getByRole('button', { name: '保存新密码' }).click();
    await clerk.getByTestId('password-page').waitFor({ state: 'detached' });
    const l = await fetch(`${server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk-wang', password: 'clerk-wang-own-1' }),
    });
    assert.equal(((await l.json()) as { must_change_password: boolean }).must_change_password, false);

    await page.goto(`${server.url}/?lang=en#/users`);
    await page.getByTestId('users-page').waitFor();
    await page.getByTestId('user-row-clerk-wang').getByText('active').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'users.en.png') });
    await page.context().close();
    await clerk.context().close();
  });

  it('settings: −3 days, port 99999, poll 5 ms are refused as typed, in Chinese; nothing is saved', async () => {
    const page = await signedIn('#/settings', 'settings-form', ADMIN, 900);
    const form = page.getByTestId('settings-form');
    const fill = async (values: Record<string, string>) => {
      for (const [id, v] of Object.entries(values)) await form.locator(`#${id}`).fill(v);
    };
    await fill({ photoDays: '-3', apiPort: '99999', readerPollMs: '5' });
    await page.getByTestId('settings-save').click();
    await page.getByText('照片保留天数须为 1 到 3650 之间的整数').waitFor();
    await page.getByText('端口须为 1024 到 65535 之间的整数').waitFor();
    await page.getByText(/寻卡间隔须为 20 到 \d+ 毫秒之间的整数/).waitFor();
    assert.equal(await form.locator('#photoDays').inputValue(), '-3', 'what was typed stays: not clamped');
    assert.equal(await form.locator('#apiPort').inputValue(), '99999');
    await page.screenshot({ path: path.join(SHOTS, 'settings-refused.zh-CN.png'), fullPage: true });
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('sophon.session') ?? '{}') as { token: string }).token);
    const saved = (await (await fetch(`${server.url}/api/v1/settings`, { headers: { 'x-session-token': token } })).json()) as {
      photoDays: number;
      apiPort: number;
      readerPollMs: number;
    };
    assert.deepEqual([saved.photoDays, saved.apiPort], [90, 5555], 'nothing saved');
    assert.notEqual(saved.readerPollMs, 5);
    // Scheduled backups: on without a passphrase is refused (by the server), with one it is saved, sealed.
    await fill({ photoDays: '30', apiPort: '5555', readerPollMs: '80' });
    await form.locator('#backupDaily').click();
    await page.getByTestId('settings-save').click();
    await page.getByText('备份口令至少 12 个字符（开启定时备份时必须设置）').waitFor();
    await form.locator('#backupPassphrase').fill('branch backup passphrase');
    await page.getByTestId('settings-save').click();
    await page.getByText('备份口令至少 12 个字符（开启定时备份时必须设置）').waitFor({ state: 'detached' });
    await page.getByText('已设置口令；留空则不修改').waitFor();
    const after = (await (await fetch(`${server.url}/api/v1/settings`, { headers: { 'x-session-token': token } })).json()) as {
      photoDays: number;
      backupDaily: boolean;
      backupPassphrase: unknown;
      backupPassphraseSet: boolean;
    };
    assert.deepEqual([after.photoDays, after.backupDaily, after.backupPassphrase, after.backupPassphraseSet], [30, true, null, true]);
    // The server refuses on its own too (a screen is not the only client).
    const put = await fetch(`${server.url}/api/v1/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-session-token': token },
      body: JSON.stringify({ photoDays: -3 }),
    });
    assert.equal(put.status, 400);
    await page.context().close();
  });
});
