// The reader's port on the Settings screen (Chromium against the real `serve`, the reader
// simulator on a real pty): the screen shows the port the product holds; set to 'none' and saved,
// the line is released at once (the screen says no port, another program can open it); set back,
// the reader is found again — no restart.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { closeSerialPort, openSerialPort, type ReaderPort } from '../../main/reader/ports.js';
import { openPtyPair, type PtyPair } from '../../main/reader/simulator/pty-pair.js';
import { ReaderSimulator } from '../../main/reader/simulator/simulator.js';
import { launchBrowser } from '../helpers/browser.js';
import { ADMIN, seededDataDir } from '../helpers/seed.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/tmp.js';
import { ensureUiBuild } from '../helpers/ui-build.js';

const ptyDir = tempDir('sophon-ui-port');
const readerPath = path.join(ptyDir, 'reader');
let pty: PtyPair, simPort: ReaderPort, sim: ReaderSimulator, server: ServerProcess, browser: Browser;

before(async () => {
  ensureUiBuild();
  pty = await openPtyPair(ptyDir);
  simPort = await openSerialPort(pty.device);
  sim = new ReaderSimulator(simPort);
  server = await startServerProcess({
    dataDir: seededDataDir('sophon-ui-port'),
    name: 'settings-reader-port',
    args: ['--pool-size', '1', '--reader-port', readerPath],
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  sim?.close();
  if (simPort) await closeSerialPort(simPort);
  await pty?.close();
});

describe('reader port on the Settings screen', () => {
  it("shows the port in use; 'none' releases it at once; back again, found again", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${server.url}/?lang=zh-CN#/settings`);
    await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
    await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
    await page.keyboard.press('Enter');
    const inUse = page.getByTestId('reader-in-use');
    await page.getByText(`当前使用的串口：${readerPath}`).waitFor({ timeout: 20_000 });
    const form = page.getByTestId('settings-form');
    await form.locator('#readerPort').fill('none');
    await page.getByTestId('settings-save').click();
    await page.getByText('当前未使用串口').waitFor();
    const other = await openSerialPort(readerPath); // released: another program can open the line
    await closeSerialPort(other);
    await form.locator('#readerPort').fill(readerPath);
    await page.getByTestId('settings-save').click();
    await page.getByText(`当前使用的串口：${readerPath}`).waitFor({ timeout: 20_000 });
    assert.equal(await inUse.textContent(), `当前使用的串口：${readerPath}`);
    await page.context().close();
  });
});
