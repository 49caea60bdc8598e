// The screens as a person uses them: Debian's Chromium (playwright-core) against `sophonmatch serve`
// with the reader simulator on a real pty and a fake camera playing a real face video.
// Card of person A + camera on A → pass, stored, in the supervisor list, receipt rendered;
// camera on B → fail; reader unplugged → the status says so and recovers. Screenshots of each
// screen (zh-CN and en) go to test/screenshots/; axe-core finds no serious violations.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { SerialPort } from 'serialport';
import { idCheckCharacter } from '../../main/reader/card/id-number.js';
import { joinFields } from '../../main/reader/card/layouts.js';
import { closeSerialPort, openSerialPort } from '../../main/reader/ports.js';
import { openPtyPair, type PtyPair } from '../../main/reader/simulator/pty-pair.js';
import { ReaderSimulator, type SimCard } from '../../main/reader/simulator/simulator.js';
import { fakeCameraVideo, launchBrowser } from '../helpers/browser.js';
import { cardOf, closePhotos } from '../helpers/photos.js';
import { ADMIN, seededDataDir } from '../helpers/seed.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/tmp.js';

const SHOTS = path.resolve('test/screenshots');
const XSS = '<img src=x onerror="window.__xss=1">';
let server: ServerProcess, ptyDir: string, pty: PtyPair, port: SerialPort, sim: ReaderSimulator;
let cardA: SimCard, videoA: string, videoB: string;
const timings: Record<string, number> = {};

async function plugReader(): Promise<void> {
  pty = await openPtyPair(ptyDir);
  port = await openSerialPort(pty.device);
  sim = new ReaderSimulator(port, 115200); // paced like a real reader's line
}
async function unplugReader(): Promise<void> {
  sim.close();
  await closeSerialPort(port);
  await pty.close();
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const id17 = '11010519850312003';
  cardA = {
    text: joinFields('resident', { name: '王小明', sex: '1', nation: '01', birth: '19850312', address: '北京市东城区正义路1号', idNumber: id17 + idCheckCharacter(id17), issuer: '北京市公安局东城分局', validFrom: '20150101', validTo: '20350101' }),
    photo: await cardOf('dev/p13/img38.jpg', 40),
  };
  await closePhotos();
  videoA = await fakeCameraVideo('dev/p13/img39.jpg');
  videoB = await fakeCameraVideo('dev/p05/img17.jpg');
  ptyDir = tempDir('sophon-ui-pty');
  await plugReader();
  server = await startServerProcess({ dataDir: seededDataDir('sophon-ui'), name: 'ui', args: ['--reader-port', path.join(ptyDir, 'reader'), '--terminal-id', 'counter-01'] });
});
after(async () => {
  await server?.stop();
  await unplugReader().catch(() => {});
});

async function openCounter(browser: Browser, lang: 'zh-CN' | 'en'): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  const t0 = Date.now();
  await page.goto(`${server.url}/?lang=${lang}#/counter`);
  await page.getByLabel(lang === 'en' ? 'Username' : '用户名').waitFor();
  timings.first_screen_ms ??= Date.now() - t0;
  await page.getByLabel(lang === 'en' ? 'Username' : '用户名').fill(ADMIN.username);
  await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill(ADMIN.password);
  await page.keyboard.press('Enter');
  await page.getByTestId('reader-status').waitFor();
  return page;
}

async function layCard(page: Page, card: SimCard): Promise<number> {
  sim.remove();
  await page.locator('[data-testid=reader-status][data-state=idle]').waitFor({ timeout: 10_000 });
  const t0 = Date.now();
  sim.place(card);
  try {
    await page.getByTestId('result-verdict').waitFor({ timeout: 20_000 });
  } catch (e) {
    await page.screenshot({ path: path.join(SHOTS, 'failure.png') });
    throw e;
  }
  return Date.now() - t0;
}

async function axe(page: Page, screen: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${screen}: ${v.id} ${v.help}: ${v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' ' + (n.failureSummary ?? '').split('\n')[1]).join(' | ')}`), []);
}

describe('the counter in a real browser', () => {
  it('person A at the counter with A’s card: pass, shown in under the time budget, stored, receipt rendered', async () => {
    const browser = await launchBrowser(videoA);
    try {
      const page = await openCounter(browser, 'zh-CN');
      await page.screenshot({ path: path.join(SHOTS, 'counter-idle.zh-CN.png') });
      const ms = await layCard(page, cardA);
      timings.card_to_result_ms = ms;
      assert.equal(await page.getByTestId('card-name').textContent(), '王小明');
      assert.equal(await page.getByTestId('card-id').textContent(), '1101**********003' + idCheckCharacter('11010519850312003'));
      assert.equal(await page.getByTestId('result-verdict').getAttribute('data-decision'), 'pass');
      await page.screenshot({ path: path.join(SHOTS, 'counter-pass.zh-CN.png') });
      await axe(page, 'counter');

      await page.keyboard.press('p');
      await page.getByTestId('receipt').waitFor();
      assert.equal(await page.getByTestId('receipt-name').textContent(), '王**');
      assert.match((await page.getByTestId('receipt-id').textContent())!, /^1101\*+0039$/);
      await page.screenshot({ path: path.join(SHOTS, 'receipt.zh-CN.png'), fullPage: true });
      writeFileSync(path.join(SHOTS, 'receipt.zh-CN.pdf'), await page.pdf({ width: '80mm', height: '200mm' }));
      await axe(page, 'receipt');

      await page.goto(`${server.url}/?lang=zh-CN#/events`);
      await page.locator('.event-name').first().waitFor();
      assert.match((await page.getByTestId('events-total').textContent())!, /共 1 条/);
      await page.screenshot({ path: path.join(SHOTS, 'events.zh-CN.png') });
    } finally {
      await browser.close();
    }
  });

  it('person B at the counter with A’s card: fail (English screens)', async () => {
    const browser = await launchBrowser(videoB);
    try {
      const page = await openCounter(browser, 'en');
      await layCard(page, cardA);
      assert.equal(await page.getByTestId('result-verdict').getAttribute('data-decision'), 'fail');
      await page.screenshot({ path: path.join(SHOTS, 'counter-fail.en.png') });
    } finally {
      await browser.close();
    }
  });

  it('reader unplugged: the status says so, and recovers when it is plugged back', async () => {
    const browser = await launchBrowser(videoA);
    try {
      const page = await openCounter(browser, 'en');
      await page.locator('[data-testid=reader-status][data-state=card-present], [data-testid=reader-status][data-state=idle]').waitFor();
      await unplugReader();
      await page.locator('[data-testid=reader-status][data-state=no-reader]').waitFor({ timeout: 15_000 });
      assert.match((await page.getByTestId('reader-status').textContent())!, /No ID card reader/);
      await page.screenshot({ path: path.join(SHOTS, 'counter-no-reader.en.png') });
      await plugReader();
      await page.locator('[data-testid=reader-status][data-state=idle]').waitFor({ timeout: 15_000 });
    } finally {
      await browser.close();
    }
  });

  it('identity fields carrying markup are shown as text in the list, the detail and the receipt; nothing runs', async () => {
    const { cardOf: card } = await import('../helpers/photos.js');
    const { frameOf } = await import('../helpers/photos.js');
    const body = { card_image_base64: (await card('dev/p05/img16.jpg')).toString('base64'), face_image_base64: (await frameOf('dev/p05/img17.jpg')).toString('base64'), need_save: true, identity_info: { user_name: XSS, user_idcard: '11010519491231002X' } };
    await closePhotos();
    const saved = (await (await fetch(server.url + '/SophonMatch/api/compare', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { event_id: string };
    const browser = await launchBrowser(videoA);
    try {
      const page = await openCounter(browser, 'en');
      await page.goto(`${server.url}/?lang=en#/events`);
      await page.locator('.event-name', { hasText: '<' }).first().waitFor();
      await page.locator('.event-name', { hasText: '<' }).first().click();
      await page.getByText('11010519491231002X'.slice(0, 4), { exact: false }).first().waitFor();
      await page.waitForTimeout(500); // the drawer's slide-in
      await page.screenshot({ path: path.join(SHOTS, 'event-detail.en.png') });
      await axe(page, 'events');
      await page.goto(`${server.url}/?lang=en#/receipt/${saved.event_id}`);
      await page.getByTestId('receipt').waitFor();
      assert.equal((await page.getByTestId('receipt-name').textContent())!.startsWith('<'), true);
      await page.goto(`${server.url}/?lang=en#/dashboard`);
      await page.locator('[role=img]').first().waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'dashboard.en.png') });
      assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined, 'no injected script ran');
      assert.equal(await page.locator('img[src=x]').count(), 0);
    } finally {
      await browser.close();
    }
    console.log(JSON.stringify({ ui_timings: timings }));
  });
});
