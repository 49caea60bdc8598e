// The screens as a person uses them: Debian's Chromium (playwright-core) against `sophonmatch serve`
// with the reader simulator on a real pty and a fake camera playing a real face video.
// Card of person A + camera on A → pass, stored, in the supervisor list, receipt rendered;
// camera on B → fail; reader unplugged → the status says so and recovers. Screenshots of each
// screen (zh-CN and en) go to test/screenshots/; axe-core finds no serious violations.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertNoSeriousAxe } from '../helpers/axe.js';
import { fakeCameraVideo, launchBrowser } from '../helpers/browser.js';
import { CARD_A_ID, layCard, openCounter, startCounterRig, type CounterRig } from '../helpers/counter-rig.js';
import { closePhotos } from '../helpers/photos.js';

const SHOTS = path.resolve('test/screenshots');
const XSS = '<img src=x onerror="window.__xss=1">';
let rig: CounterRig, videoA: string, videoB: string;
const timings: Record<string, number> = {};

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  videoA = await fakeCameraVideo('dev/p13/img39.jpg');
  videoB = await fakeCameraVideo('dev/p05/img17.jpg');
  rig = await startCounterRig('ui');
});
after(async () => rig?.close());

const open = async (browser: Browser, lang: 'zh-CN' | 'en') => {
  const { page, firstScreenMs } = await openCounter(browser, rig.server.url, lang);
  timings.first_screen_ms ??= firstScreenMs;
  return page;
};
/** `run` in a browser whose camera plays `video`, closed after. */
async function inBrowser(video: string, run: (browser: Browser) => Promise<void>) {
  const browser = await launchBrowser(video);
  try {
    await run(browser);
  } finally {
    await browser.close();
  }
}
const lay = (page: Page) => layCard(page, rig, rig.cardA, path.join(SHOTS, 'failure.png'));

describe('the counter in a real browser', () => {
  it('person A at the counter with A’s card: pass, shown in under the time budget, stored, receipt rendered', async () => {
    await inBrowser(videoA, async (browser) => {
      const page = await open(browser, 'zh-CN');
      await page.screenshot({ path: path.join(SHOTS, 'counter-idle.zh-CN.png') });
      const ms = await lay(page);
      timings.card_to_result_ms = ms;
      assert.equal(await page.getByTestId('card-name').textContent(), '王小明');
      assert.equal(await page.getByTestId('card-id').textContent(), CARD_A_ID.slice(0, 4) + '*'.repeat(10) + CARD_A_ID.slice(-4));
      assert.equal(await page.getByTestId('result-verdict').getAttribute('data-decision'), 'pass');
      await page.screenshot({ path: path.join(SHOTS, 'counter-pass.zh-CN.png') });
      await assertNoSeriousAxe(page, 'counter');

      await page.keyboard.press('p');
      await page.getByTestId('receipt').waitFor();
      assert.equal(await page.getByTestId('receipt-name').textContent(), '王**');
      assert.match((await page.getByTestId('receipt-id').textContent())!, /^1101\*+0039$/);
      await page.screenshot({ path: path.join(SHOTS, 'receipt.zh-CN.png'), fullPage: true });
      writeFileSync(path.join(SHOTS, 'receipt.zh-CN.pdf'), await page.pdf({ width: '80mm', height: '200mm' }));
      await assertNoSeriousAxe(page, 'receipt');

      await page.goto(`${rig.server.url}/?lang=zh-CN#/events`);
      await page.locator('.event-name').first().waitFor();
      assert.match((await page.getByTestId('events-total').textContent())!, /共 1 条/);
      await page.screenshot({ path: path.join(SHOTS, 'events.zh-CN.png') });
    });
  });

  it('person B at the counter with A’s card: fail (English screens)', async () => {
    await inBrowser(videoB, async (browser) => {
      const page = await open(browser, 'en');
      await lay(page);
      assert.equal(await page.getByTestId('result-verdict').getAttribute('data-decision'), 'fail');
      await page.screenshot({ path: path.join(SHOTS, 'counter-fail.en.png') });
    });
  });

  it('reader unplugged: the status says so, and recovers when it is plugged back', async () => {
    await inBrowser(videoA, async (browser) => {
      const page = await open(browser, 'en');
      await page.locator('[data-testid=reader-status][data-state=card-present], [data-testid=reader-status][data-state=idle]').waitFor();
      await rig.unplug();
      await page.locator('[data-testid=reader-status][data-state=no-reader]').waitFor({ timeout: 15_000 });
      assert.match((await page.getByTestId('reader-status').textContent())!, /No ID card reader/);
      await page.screenshot({ path: path.join(SHOTS, 'counter-no-reader.en.png') });
      await rig.plug();
      await page.locator('[data-testid=reader-status][data-state=idle]').waitFor({ timeout: 15_000 });
    });
  });

  it('identity fields carrying markup are shown as text in the list, the detail and the receipt; nothing runs', async () => {
    const { cardOf: card } = await import('../helpers/photos.js');
    const { frameOf } = await import('../helpers/photos.js');
    const body = {
      card_image_base64: (await card('dev/p05/img16.jpg')).toString('base64'),
      face_image_base64: (await frameOf('dev/p05/img17.jpg')).toString('base64'),
      need_save: true,
      identity_info: { user_name: XSS, user_idcard: '11010519491231002X' },
    };
    await closePhotos();
    const saved = (await (
      await fetch(rig.server.url + '/SophonMatch/api/compare', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json()) as { event_id: string };
    await inBrowser(videoA, async (browser) => {
      const page = await open(browser, 'en');
      await page.goto(`${rig.server.url}/?lang=en#/events`);
      await page.locator('.event-name', { hasText: '<' }).first().waitFor();
      await page.locator('.event-name', { hasText: '<' }).first().click();
      await page.getByText('11010519491231002X'.slice(0, 4), { exact: false }).first().waitFor();
      await page.waitForTimeout(500); // the drawer's slide-in
      await page.screenshot({ path: path.join(SHOTS, 'event-detail.en.png') });
      await assertNoSeriousAxe(page, 'events');
      await page.goto(`${rig.server.url}/?lang=en#/receipt/${saved.event_id}`);
      await page.getByTestId('receipt').waitFor();
      assert.equal((await page.getByTestId('receipt-name').textContent())!.startsWith('<'), true);
      await page.goto(`${rig.server.url}/?lang=en#/dashboard`);
      await page.locator('[role=img]').first().waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'dashboard.en.png') });
      assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined, 'no injected script ran');
      assert.equal(await page.locator('img[src=x]').count(), 0);
    });
    console.log(JSON.stringify({ ui_timings: timings }));
  });
});

describe('settings in a real browser', () => {
  it('a bad value is refused with its message next to the field; a good one is saved and applied', async () => {
    await inBrowser(videoA, async (browser) => {
      const page = await open(browser, 'en');
      await page.goto(`${rig.server.url}/?lang=en#/settings`);
      await page.getByTestId('settings-form').waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'settings.en.png') });
      await page.getByLabel('Serial port').fill('COM1; rm -rf /');
      await page.getByTestId('settings-save').click();
      await page.getByText('A device path (/dev/ttyUSB0), COM3, auto or none').waitFor();
      await page.getByLabel('Serial port').fill(rig.readerPort);
      await page.getByLabel('Terminal name').fill('counter-07');
      await page.getByTestId('settings-save').click();
      await page.getByText('Settings saved').waitFor();
      // The refused value's message leaves with a fade; axe must not catch it half-transparent.
      await page.getByText('A device path (/dev/ttyUSB0), COM3, auto or none').waitFor({ state: 'detached' });
      await assertNoSeriousAxe(page, 'settings');
      const shown = await page.evaluate(async (url) => (await fetch(url)).status, `${rig.server.url}/api/v1/settings`);
      assert.equal(shown, 401, 'the settings API needs a session');
      const zh = await open(browser, 'zh-CN'); // a new page: the session lives in the page
      await zh.goto(`${rig.server.url}/?lang=zh-CN#/settings`);
      await zh.getByTestId('settings-form').waitFor();
      await zh.screenshot({ path: path.join(SHOTS, 'settings.zh-CN.png') });
    });
  });
});

describe('every screen, both languages, both counter screen sizes', () => {
  it('screenshots each screen in zh-CN and en; the counter flow fits 1280×720 and 1920×1080 without scrolling', async () => {
    await inBrowser(videoA, async (browser) => {
      for (const lang of ['zh-CN', 'en'] as const) {
        const login = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
        await login.goto(`${rig.server.url}/?lang=${lang}`);
        await login.getByLabel(lang === 'en' ? 'Username' : '用户名').waitFor();
        await login.screenshot({ path: path.join(SHOTS, `login.${lang}.png`) });
        await assertNoSeriousAxe(login, 'login');
        const page = await open(browser, lang);
        for (const screen of ['counter', 'events', 'dashboard', 'audit', 'settings']) {
          await page.evaluate((s) => (location.hash = `#/${s}`), screen);
          await page.waitForTimeout(600);
          await page.screenshot({ path: path.join(SHOTS, `${screen}.${lang}.png`) });
        }
      }
      for (const viewport of [
        { width: 1280, height: 720 },
        { width: 1920, height: 1080 },
      ]) {
        const page = await (await browser.newContext({ viewport })).newPage();
        await page.goto(`${rig.server.url}/?lang=zh-CN#/counter`);
        await page.getByLabel('用户名').fill('admin');
        const { ADMIN } = await import('../helpers/seed.js');
        await page.getByLabel('密码').fill(ADMIN.password);
        await page.keyboard.press('Enter');
        await layCard(page, rig, rig.cardA);
        const overflow = await page.evaluate(() => {
          const c = document.querySelector('.ant-layout-content')!;
          return { page: document.documentElement.scrollHeight - innerHeight, content: c.scrollHeight - c.clientHeight };
        });
        assert.ok(
          overflow.page <= 0 && overflow.content <= 0,
          `${viewport.width}×${viewport.height}: the flow scrolls ${JSON.stringify(overflow)}`,
        );
        await page.screenshot({ path: path.join(SHOTS, `counter-pass.${viewport.width}x${viewport.height}.zh-CN.png`) });
      }
    });
  });
});
