// Every screen in both languages, in Debian's Chromium against the real `serve` (engine, store,
// no reader) on a data folder seeded with events of every card type, from both sources, at known
// times: fails on any English word in a zh-CN screen (outside names, codes and product words), on
// a US-style date or an ISO stamp, on a raw reason code, message key or snake_case key, and on a
// key missing in the language shown (i18next reports it). Also: the session survives a reload,
// no /favicon.ico request, the lockout message in local time, card types with their own labels,
// unmask with a reason, the administrator's screens. Screenshots go to test/screenshots/l10n-<screen>.<lang>.png.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../main/store/open-store.js';
import { createUser } from '../../main/store/users.js';
import { idCheckCharacter } from '../../main/reader/card/id-number.js';
import { joinFields } from '../../main/reader/card/layouts.js';
import type { SimCard } from '../../main/reader/simulator/simulator.js';
import { launchBrowser } from '../helpers/browser.js';
import { openCounter, startCounterRig, type CounterRig } from '../helpers/counter-rig.js';
import { cardOf, closePhotos } from '../helpers/photos.js';
import { faceBytes } from '../helpers/faces.js';
import { ADMIN, SUPERVISOR, seededDataDir } from '../helpers/seed.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { ensureUiBuild } from '../helpers/ui-build.js';

const SHOTS = path.resolve('test/screenshots');
const LOCKED = { username: 'locked-user', password: 'locked-user-pass-2026' };
type Lang = 'zh-CN' | 'en';

let server: ServerProcess;
let browser: Browser;
const ids: Record<string, string> = {};
/** Data the screens show as it is (names, codes): not words of the UI. */
const DATA_WORDS = new Set([
  'SophonMatch',
  'SMITH',
  'JOHN',
  'USA',
  'admin',
  'super',
  'clerk',
  'counter',
  'test',
  'model',
  'CSV',
  'API',
  'PDF',
  'USB',
  'UTC',
  'A4',
  'ID',
  'COM',
  'auto',
  'none',
  'dev',
  'ttyUSB',
  'CPU',
  'api',
  'host',
  'locked',
  'user',
  'backups',
]);

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureUiBuild();
  const dir = seededDataDir('sophon-l10n');
  const store = openStore(dir);
  createUser(store.db, LOCKED.username, 'clerk', LOCKED.password, ADMIN.username);
  const card = faceBytes('dev/p02/img3.jpg');
  const live = faceBytes('dev/p02/img12.jpg');
  const now = Date.now() / 1000;
  const realNow = Date.now;
  const save = (key: string, at: number, over: Record<string, unknown>) => {
    Date.now = () => at * 1000; // the store stamps server_time from the clock
    try {
      ids[key] = store.saveCompareEvent({
        compareTime: at,
        source: 'counter',
        terminalId: 'counter-01',
        operator: 'clerk1',
        identity: {},
        cardPhoto: card,
        livePhoto: live,
        score: 0.61,
        threshold: 0.225,
        decision: true,
        quality: {
          face: {
            quality: {
              inter_eye_px: 62.4,
              sharpness: 181.2,
              exposure: 121.5,
              yaw_deg: 3.2,
              pitch_deg: -4.1,
              roll_deg: 1.1,
              eyes_open: 0.97,
            },
          },
        },
        timings: { decode_ms: 4.1, detect_ms: 12.3, embed_ms: 20.5, total_ms: 41.2 },
        modelId: 'test',
        ...over,
      });
    } finally {
      Date.now = realNow;
    }
  };
  for (let i = 0; i < 40; i++) {
    const score = Math.round((-0.35 + ((i * 13) % 100) / 100) * 1000) / 1000;
    save(`r${i}`, now - (i % 14) * 86400 - (i % 9) * 3600, {
      score,
      decision: score >= 0.225,
      operator: i % 3 ? 'clerk1' : 'clerk2',
      terminalId: i % 2 ? 'counter-01' : 'counter-02',
      identity: {
        user_idcard: `11010519850312${String(1000 + i).slice(-4)}`,
        user_name: `王小${'明红刚丽'[i % 4]}`,
        user_sex: i % 2 ? '男' : '女',
        user_nation: '汉',
        user_address: '北京市东城区正义路1号',
        user_issu: '北京市公安局东城分局',
        user_validtime: i % 5 ? '2015.01.01-2035.01.01' : '2010.05.01-长期',
        card_type: '0',
      },
    });
  }
  save('foreigner', now - 2 * 3600, {
    identity: {
      user_idcard: 'USA110079040121',
      user_name: 'SMITH, JOHN',
      user_sex: '男',
      user_nation: 'USA',
      user_issu: '1100',
      user_validtime: '2020.01.01-2030.01.01',
      card_type: 'I',
    },
  });
  save('hmt', now - 3 * 3600, {
    identity: {
      user_idcard: '810000199001011234',
      user_name: '陈大文',
      user_sex: '男',
      user_address: '广东省深圳市福田区',
      user_issu: '深圳市公安局',
      user_validtime: '2021.03.01-2026.03.01',
      card_type: 'J',
    },
  });
  // An API call whose own time is three days before the server's, with no card data sent.
  save('api', now - 3600, {
    source: 'api',
    operator: null,
    terminalId: 'api-host',
    compareTime: now - 3600 - 3 * 86400,
    score: -0.1451,
    decision: false,
    identity: {},
  });
  store.close();
  server = await startServerProcess({ dataDir: dir, name: 'l10n', args: ['--pool-size', '1', '--terminal-id', 'counter-01'] });
  // A supervisor's override with a comment, and the locked user locked.
  const login = await (await callApi('/login', SUPERVISOR)).json();
  const review = await callApi(`/events/${ids.r1}/review`, { state: 'overridden', comment: '本人到柜面核实' }, login.token);
  assert.equal(review.status, 200);
  const admin = await (await callApi('/login', ADMIN)).json();
  const saved = await callApi('/settings', { branchName: '北京分行东城支行' }, admin.token, 'PUT');
  assert.equal(saved.status, 200, await saved.text());
  for (let i = 0; i < 5; i++) await callApi('/login', { ...LOCKED, password: 'wrong-password' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The API called with a JSON body (POST unless told), with the session `token` when given. */
const callApi = (route: string, body: unknown, token?: string, method = 'POST') =>
  fetch(`${server.url}/api/v1${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { 'x-session-token': token } : {}) },
    body: JSON.stringify(body),
  });

/** What a person reads on the page: visible text, chart labels, placeholders, titles, labels. */
async function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    // Text nodes a sighted person sees: in a rendered element with a size, not hidden.
    const parts: string[] = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim() || el.closest('script, style, noscript')) continue;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (
        r.width < 2 ||
        r.height < 2 ||
        cs.visibility === 'hidden' ||
        cs.opacity === '0' ||
        (el.closest('[aria-hidden=true]') && el.tagName !== 'text')
      )
        continue;
      parts.push(n.textContent);
    }
    for (const t of Array.from(document.querySelectorAll('svg text'))) parts.push(t.textContent ?? '');
    for (const el of Array.from(document.querySelectorAll('[placeholder], [title], [aria-label]'))) {
      if (!(el as HTMLElement).offsetParent && el.tagName !== 'svg') continue;
      if (el.classList.contains('anticon')) continue; // antd's icon names (eye-invisible, down), not text of the product
      for (const a of ['placeholder', 'title', 'aria-label']) if (el.getAttribute(a)) parts.push(el.getAttribute(a)!);
    }
    return parts.join('\n');
  });
}

/** The top-level key groups of the strings: `group.key` on a screen is a key shown raw. */
const KEY_GROUPS = [
  'app',
  'login',
  'reader',
  'card',
  'camera',
  'result',
  'receipt',
  'events?',
  'detail',
  'dashboard',
  'audit',
  'settings',
  'common',
  'sexes',
  'sources',
  'roles',
  'cardFields',
  'measures',
  'timings',
  'auditActions',
  'errors',
  'readerProblems',
  'stats',
  'user',
  'store',
].join('|');
const RAW_KEY = new RegExp(String.raw`\b(${KEY_GROUPS})\.[A-Za-z][\w.-]*`, 'g');

/** The locale checks of one screen. */
async function check(page: Page, lang: Lang, screen: string): Promise<void> {
  const text = await shownText(page);
  const missing = (await page.evaluate(() => (window as unknown as { __i18nMissing?: string[] }).__i18nMissing ?? [])) as string[];
  const problems: string[] = [];
  if (missing.length) problems.push(`missing keys: ${missing.join(', ')}`);
  const us = text.match(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b\d{1,2}:\d{2}(:\d{2})?\s?[AP]M\b/g);
  if (us) problems.push(`US-style dates: ${us.join(' | ')}`);
  const iso = text.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[^\s]*/g);
  if (iso) problems.push(`ISO stamps: ${iso.join(' | ')}`);
  const codes = text.match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g);
  if (codes) problems.push(`raw reason codes: ${codes.join(' | ')}`);
  const keys = text.match(RAW_KEY);
  if (keys) problems.push(`raw keys or action codes: ${keys.join(' | ')}`);
  const snake = text.match(/\b[a-z]+_[a-z_]+\b/g);
  if (snake) problems.push(`snake_case keys: ${snake.join(' | ')}`);
  if (lang === 'zh-CN') {
    // Identifiers shown as data: event ids (ULIDs), hashes, ID numbers, paths.
    const stripped = text
      .replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, ' ')
      .replace(/\b[0-9a-f]{16,}\b/g, ' ')
      .replace(/\b[0-9A-Z]{15,18}\b/g, ' ')
      .replace(/\/dev\/\S+/g, ' ')
      .replace(/\b[A-Z][a-z]+\/[A-Za-z_]+\b/g, ' '); // IANA zone ids (Asia/Shanghai) are codes
    const english = (stripped.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !DATA_WORDS.has(w));
    if (english.length) problems.push(`English words: ${[...new Set(english)].join(' ')}`);
  }
  assert.deepEqual(problems, [], `${screen} (${lang})`);
}

async function signIn(lang: Lang, who = ADMIN): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
  await page.goto(`${server.url}/?lang=${lang}#/counter`);
  await page.getByLabel(lang === 'en' ? 'Username' : '用户名').fill(who.username);
  await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill(who.password);
  await page.keyboard.press('Enter');
  await page.getByTestId('reader-status').waitFor();
  return page;
}
const shot = (page: Page, screen: string, lang: Lang, fullPage = false) =>
  page.screenshot({ path: path.join(SHOTS, `l10n-${screen}.${lang}.png`), fullPage });
const closeDrawer = async (page: Page) => {
  await page.locator('.ant-drawer-close').click();
  await page.locator('.ant-drawer-mask').waitFor({ state: 'hidden' });
};
const goTo = async (page: Page, hash: string) => {
  await page.evaluate((h) => (location.hash = h), hash);
};

for (const lang of ['zh-CN', 'en'] as const) {
  describe(`every screen in ${lang}`, () => {
    it('sign-in: the screen, a wrong password and a locked account (local time, no ISO stamp)', async () => {
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
      const favicon: string[] = [];
      page.on('request', (r) => void (r.url().endsWith('/favicon.ico') && favicon.push(r.url())));
      await page.goto(`${server.url}/?lang=${lang}`);
      await page.getByLabel(lang === 'en' ? 'Username' : '用户名').waitFor();
      await check(page, lang, 'login');
      await shot(page, 'login', lang);
      await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登 录' }).click();
      await page.getByText(lang === 'en' ? 'Enter the Username' : '请填写用户名').waitFor();
      await check(page, lang, 'login, empty fields');
      await page.getByLabel(lang === 'en' ? 'Username' : '用户名').fill(ADMIN.username);
      await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill('not-the-password');
      await page.keyboard.press('Enter');
      await page.getByTestId('login-error').waitFor();
      assert.equal(await page.getByTestId('login-error').textContent(), lang === 'en' ? 'Wrong username or password' : '用户名或密码错误');
      await page.getByLabel(lang === 'en' ? 'Username' : '用户名').fill(LOCKED.username);
      await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill(LOCKED.password);
      await page.keyboard.press('Enter');
      await page
        .getByTestId('login-error')
        .filter({ hasText: lang === 'en' ? 'locked' : '锁定' })
        .waitFor();
      assert.match(
        (await page.getByTestId('login-error').textContent())!,
        /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/,
        'the end of the lockout in local time',
      );
      await check(page, lang, 'login, locked');
      await shot(page, 'login-locked', lang);
      assert.deepEqual(favicon, [], 'the icon is in the page: no /favicon.ico request');
      await page.context().close();
    });

    it('counter, events (filters, reload keeps the session), detail of each card type with unmask, dashboard, audit log, settings, receipt', async () => {
      const page = await signIn(lang);
      await check(page, lang, 'counter');
      await shot(page, 'counter', lang);

      await goTo(page, '#/events');
      await page.locator('.event-name').first().waitFor();
      assert.equal(await page.getByTestId('events-total').getAttribute('data-total'), '43');
      assert.ok((await page.getByTestId('event-compare-time').count()) >= 1, 'the API event shows its own request time');
      await check(page, lang, 'events');
      await shot(page, 'events', lang);
      // F5: still signed in, same screen.
      await page.reload();
      await page.locator('.event-name').first().waitFor();
      assert.equal(await page.getByLabel(lang === 'en' ? 'Username' : '用户名').count(), 0, 'no sign-in form after a reload');
      // A filter the API answers: failed checks of counter-02.
      await page.getByLabel(lang === 'en' ? 'Terminal' : '终端', { exact: true }).fill('counter-02');
      await page.getByTestId('events-apply').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=events-total]')?.getAttribute('data-total') === '20');
      await check(page, lang, 'events filtered');

      // Foreigner's card: English name, nationality with its country name, permit number label.
      await page.getByRole('button', { name: lang === 'en' ? 'Reset' : '重 置' }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid=events-total]')?.getAttribute('data-total') === '43');
      await page.locator('tr', { hasText: 'USA1' }).first().click();
      await page.getByTestId('identity-fields').waitFor();
      await page.waitForTimeout(400); // the drawer's slide-in
      assert.equal(await page.getByTestId('identity-nationality').textContent(), lang === 'en' ? 'United States（USA）' : '美国（USA）');
      assert.ok((await page.getByTestId('identity-fields').textContent())!.includes(lang === 'en' ? 'English name' : '英文姓名'));
      assert.ok((await page.getByTestId('identity-fields').textContent())!.includes(lang === 'en' ? 'Male' : '男'));
      assert.match((await page.getByTestId('identity-id').textContent())!, /^USA1\*+0121$/, 'masked until unmasked');
      await page.getByTestId('detail-unmask').click();
      await page
        .getByLabel(lang === 'en' ? 'Why you need it (recorded in the audit log)' : '查看原因（将记入审计日志）')
        .fill('客户投诉核实身份');
      await page.getByTestId('unmask-ok').click();
      await page.getByTestId('detail-unmasked').waitFor();
      await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
      assert.equal(await page.getByTestId('identity-id').textContent(), 'USA110079040121');
      await check(page, lang, 'event detail, foreigner');
      await shot(page, 'event-detail-foreigner', lang);
      await closeDrawer(page);
      // HK/Macao/Taiwan residence permit and the API event without card data.
      for (const [row, testId, want] of [
        ['陈*', 'identity-id', /^8100\*+1234$/],
        ['api-host', 'identity-none', lang === 'en' ? /No card data was sent/ : /未提供证件信息/],
      ] as const) {
        await page.locator('tr', { hasText: row }).first().click();
        await page.getByTestId(testId).waitFor();
        await page.waitForTimeout(400);
        assert.match((await page.getByTestId(testId).textContent())!, want);
        await check(page, lang, `event detail ${row}`);
        await shot(page, row === 'api-host' ? 'event-detail-api' : 'event-detail-hmt', lang);
        await closeDrawer(page);
      }
      // A resident card with its review and measures.
      await page.locator('.event-name').nth(5).click();
      await page.getByTestId('event-measures').waitFor();
      await page.waitForTimeout(400);
      await check(page, lang, 'event detail, resident');
      await shot(page, 'event-detail-resident', lang);
      await closeDrawer(page);

      await goTo(page, '#/dashboard');
      await page.getByTestId('chart-histogram').waitFor();
      await page.waitForTimeout(300);
      await check(page, lang, 'dashboard');
      const histogram = await page.getByTestId('chart-histogram').textContent();
      assert.ok(histogram!.includes(lang === 'en' ? 'middle threshold 0.225' : '中阈值 0.225'), 'the thresholds are drawn and named');
      await shot(page, 'dashboard', lang, true);

      await goTo(page, '#/audit');
      await page.locator('[data-action]').first().waitFor();
      await check(page, lang, 'audit log');
      await shot(page, 'audit', lang);

      // The administrator's screens (users, own password): the same locale checks.
      await goTo(page, '#/users');
      await page.getByTestId('users-page').waitFor();
      await page.waitForTimeout(300);
      await check(page, lang, 'users');
      await shot(page, 'users', lang);
      await goTo(page, '#/account');
      await page.getByTestId('password-page').waitFor();
      await check(page, lang, 'own password');
      await shot(page, 'account', lang);

      await goTo(page, '#/settings');
      await page.getByTestId('settings-form').waitFor();
      await check(page, lang, 'settings');
      await shot(page, 'settings', lang, true);

      await goTo(page, `#/receipt/${ids.r1}`);
      await page.getByTestId('receipt').waitFor();
      await page.getByTestId('receipt-branch').waitFor();
      assert.equal(await page.getByTestId('receipt-branch').textContent(), '北京分行东城支行');
      await check(page, lang, 'receipt');
      // Both layouts; the PDF's page is the layout's (80 mm = 226.8 pt wide; A4 595.3 × 841.9 pt).
      for (const [layout, label, width, height] of [
        ['roll80', lang === 'en' ? '80 mm roll' : '80 毫米热敏纸', 226.8, null],
        ['a4', 'A4', 595.3, 841.9],
      ] as const) {
        await page.getByTestId('receipt-layout').click();
        await page.locator('.ant-select-item-option', { hasText: label }).click();
        await page.locator(`[data-testid=receipt][data-layout=${layout}]`).waitFor();
        await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
        await check(page, lang, `receipt ${layout}`);
        await shot(page, `receipt-${layout}`, lang, true);
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
        assert.ok(box, 'the PDF names its page size');
        assert.ok(Math.abs(Number(box[1]) - width) < 1.5, `${layout}: page width ${box[1]} pt`);
        if (height) assert.ok(Math.abs(Number(box[2]) - height) < 1.5, `${layout}: page height ${box[2]} pt`);
        else
          assert.ok(Number(box[2]) > 170 && Number(box[2]) < 700, `${layout}: a roll as long as the receipt, not a sheet (${box[2]} pt)`);
        if (lang === 'zh-CN') writeFileSync(path.join(SHOTS, `l10n-receipt-${layout}.zh-CN.pdf`), pdf);
      }
      // One language setting: the header's selector (an administrator) is the terminal's setting, and Settings shows it.
      if (lang === 'zh-CN') {
        await goTo(page, '#/settings');
        await page.getByTestId('settings-form').waitFor();
        await page.getByLabel('语言', { exact: true }).first().click();
        await page.locator('.ant-select-item-option', { hasText: 'English' }).first().click();
        await page.getByRole('menuitem', { name: 'Events' }).waitFor();
        const token0 = await page.evaluate(
          () => (JSON.parse(sessionStorage.getItem('sophon.session') ?? '{}') as { token?: string }).token,
        );
        const shown = await (await fetch(`${server.url}/api/v1/settings`, { headers: { 'x-session-token': token0! } })).json();
        assert.equal(shown.language, 'en', 'the header saved the terminal’s language');
        await page.reload(); // the address still says ?lang=zh-CN, which wins for this page; the form shows the setting
        await page.getByTestId('settings-form').waitFor();
        assert.match(
          (await page.locator('[data-testid=settings-form] .ant-form-item', { hasText: '语言' }).first().textContent())!,
          /English/,
          'Settings → 语言 says the same',
        );
        const back = await callApi('/settings', { language: 'zh-CN' }, token0!, 'PUT');
        assert.equal(back.status, 200);
      }
      // The session ended on the server (as after 8 hours): the next request shows the sign-in, saying why.
      const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('sophon.session') ?? '{}') as { token?: string }).token);
      assert.ok(token, 'the session is kept in sessionStorage');
      assert.equal((await callApi('/logout', {}, token)).status, 200);
      await goTo(page, '#/events');
      await page.getByTestId('login-notice').waitFor();
      assert.equal(
        await page.getByTestId('login-notice').textContent(),
        lang === 'en' ? 'Your session has ended: sign in again' : '登录已过期，请重新登录',
      );
      await check(page, lang, 'sign-in after the session ended');
      await page.context().close();
    });
  });
}

// The card as read at the counter, for the two card types whose fields differ from the resident
// card's: the reader simulator on a real pty, the card laid as a clerk would.
const HMT_ID = '81000019900101123' + idCheckCharacter('81000019900101123');

describe('card types on the counter, both languages', () => {
  let rig: CounterRig;
  let cards: { foreigner: SimCard; hmt: SimCard; longTerm: SimCard };
  before(async () => {
    const photo = await cardOf('dev/p13/img38.jpg', 40);
    await closePhotos();
    cards = {
      foreigner: {
        text: joinFields('foreigner', {
          nameEn: 'SMITH, JOHN',
          sex: '1',
          idNumber: 'USA110079040121',
          nationality: 'USA',
          name: '史密斯',
          validFrom: '20200101',
          validTo: '20300101',
          birth: '19790401',
          version: '01',
          issuer: '1100',
        }),
        photo,
      },
      hmt: {
        text: joinFields('hmt', {
          name: '陈大文',
          sex: '1',
          birth: '19900101',
          address: '广东省深圳市福田区',
          idNumber: HMT_ID,
          issuer: '深圳市公安局',
          validFrom: '20210301',
          validTo: '20260301',
          passNumber: 'H10000007',
          issueCount: '03',
        }),
        photo,
      },
      longTerm: {
        text: joinFields('resident', {
          name: '王小红',
          sex: '2',
          nation: '01',
          birth: '19600101',
          address: '北京市东城区正义路1号',
          idNumber: '110105196001010029',
          issuer: '北京市公安局东城分局',
          validFrom: '20100101',
          validTo: '长期',
        }),
        photo,
      },
    };
    rig = await startCounterRig('l10n-cards');
  });
  after(async () => rig?.close());

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`${lang}: foreigner's card, HK/Macao/Taiwan permit and a long-term resident card, each with its own labels`, async () => {
      const { page } = await openCounter(browser, rig.server.url, lang);
      const lay = async (card: SimCard, name: string) => {
        rig.sim.remove();
        await page.locator('[data-testid=reader-status][data-state=idle]').waitFor({ timeout: 10_000 });
        rig.sim.place(card);
        await page.getByTestId('card-name').filter({ hasText: name }).waitFor({ timeout: 15_000 });
        await page.waitForTimeout(300);
      };
      await lay(cards.foreigner, '史密斯');
      const panel = () => page.getByTestId('card-panel').textContent();
      assert.equal(await page.getByTestId('card-name-en').textContent(), 'SMITH, JOHN');
      assert.equal(await page.getByTestId('card-nationality').textContent(), lang === 'en' ? 'United States（USA）' : '美国（USA）');
      for (const label of lang === 'en'
        ? ['English name', 'Chinese name', 'Nationality', 'Permit number', 'Male']
        : ['英文姓名', '中文姓名', '国籍', '永久居留证号码', '男'])
        assert.ok((await panel())!.includes(label), label);
      assert.ok(!(await panel())!.includes(lang === 'en' ? 'Ethnicity' : '民族'), 'no nation field on a foreigner’s card');
      await check(page, lang, 'counter, foreigner card');
      await shot(page, 'counter-card-foreigner', lang);
      await lay(cards.hmt, '陈大文');
      for (const label of lang === 'en'
        ? ['Pass number', 'H10000007', 'Times issued', '03', 'Permit ID number']
        : ['通行证号码', 'H10000007', '签发次数', '03', '居住证号码'])
        assert.ok((await panel())!.includes(label), label);
      await check(page, lang, 'counter, HMT permit');
      await shot(page, 'counter-card-hmt', lang);
      await lay(cards.longTerm, '王小红');
      assert.match(
        (await page.getByTestId('card-validity').textContent())!,
        lang === 'en' ? /2010-01-01 – long-term/ : /2010-01-01 – 长期/,
      );
      assert.ok((await panel())!.includes(lang === 'en' ? 'Female' : '女'), 'sex in the UI language');
      await check(page, lang, 'counter, resident card');
      await shot(page, 'counter-card-resident', lang);
      await page.context().close();
    });
  }
});
