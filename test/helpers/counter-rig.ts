// A whole counter for the screen tests and the UI bench: `sophonmatch serve` (real engine and
// store) wired to the reader simulator on a real pty (paced at 115200 baud like a real line) in its
// WLT mode — the cards carry 1,024-byte WLT photos and the server decodes them with the stand-in
// vendor library (compiled here from C, run in its own process) — and helpers that drive the
// screens in Chromium as a clerk would.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { idCheckCharacter } from '../../main/reader/card/id-number.js';
import { joinFields } from '../../main/reader/card/layouts.js';
import { closeSerialPort, openSerialPort, type ReaderPort } from '../../main/reader/ports.js';
import { openPtyPair, type PtyPair } from '../../main/reader/simulator/pty-pair.js';
import { ReaderSimulator, type SimCard } from '../../main/reader/simulator/simulator.js';
import { buildStandInWltLibrary, wltBlobOf } from '../../main/reader/simulator/wlt-standin.js';
import { cardOf, closePhotos } from './photos.js';
import { ADMIN, seededDataDir } from './seed.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { tempDir } from './tmp.js';
import { ensureUiBuild } from './ui-build.js';

export const CARD_A_ID = '11010519850312003' + idCheckCharacter('11010519850312003');
export const CARD_B_ID = '44030419900718002' + idCheckCharacter('44030419900718002');
/** Card A's text as the chip holds it: a resident of Beijing, 王小明. */
export const CARD_A_TEXT = joinFields('resident', {
  name: '王小明',
  sex: '1',
  nation: '01',
  birth: '19850312',
  address: '北京市东城区正义路1号',
  idNumber: CARD_A_ID,
  issuer: '北京市公安局东城分局',
  validFrom: '20150101',
  validTo: '20350101',
});

/** The chip photo of `rel` in a 1,024-byte stand-in WLT blob (the highest JPEG quality that fits). */
export async function wltCardPhoto(rel: string): Promise<Buffer> {
  for (let q = 15; q >= 5; q--) {
    const jpeg = await cardOf(rel, q);
    if (jpeg.length <= 1018) return wltBlobOf(jpeg);
  }
  throw new Error(`no chip photo of ${rel} fits a WLT blob`);
}

export interface CounterRig {
  server: ServerProcess;
  sim: ReaderSimulator;
  /** The port the server reads the card from. */
  readerPort: string;
  /** Person A's card: the chip photo (WLT) made from a real photo of A. */
  cardA: SimCard;
  /** Person B's card (another real person), WLT as well. */
  cardB: SimCard;
  /** The stand-in vendor library the server decodes WLT photos with. */
  wltLibrary: string;
  plug(): Promise<void>;
  unplug(): Promise<void>;
  close(): Promise<void>;
}

export async function startCounterRig(name: string): Promise<CounterRig> {
  ensureUiBuild(); // the screens of this tree, not a build left from before
  const cardA: SimCard = {
    text: CARD_A_TEXT,
    photo: await wltCardPhoto('dev/p13/img38.jpg'),
  };
  const cardB: SimCard = {
    text: joinFields('resident', {
      name: '李华',
      sex: '2',
      nation: '01',
      birth: '19900718',
      address: '广东省深圳市福田区深南大道1号',
      idNumber: CARD_B_ID,
      issuer: '深圳市公安局福田分局',
      validFrom: '20160101',
      validTo: '20360101',
    }),
    photo: await wltCardPhoto('dev/p05/img16.jpg'),
  };
  await closePhotos();
  const wltLibrary = buildStandInWltLibrary(tempDir('sophon-rig-wlt'));
  const dir = tempDir('sophon-rig-pty');
  let pty: PtyPair, port: ReaderPort;
  const rig = {
    cardA,
    cardB,
    wltLibrary,
    readerPort: path.join(dir, 'reader'),
    sim: null as unknown as ReaderSimulator,
    server: null as unknown as ServerProcess,
    async plug() {
      pty = await openPtyPair(dir);
      port = await openSerialPort(pty.device);
      rig.sim = new ReaderSimulator(port, 115200);
    },
    async unplug() {
      rig.sim.close();
      await closeSerialPort(port);
      await pty.close();
    },
    async close() {
      await rig.server.stop();
      await rig.unplug().catch(() => {});
    },
  };
  await rig.plug();
  rig.server = await startServerProcess({
    dataDir: seededDataDir('sophon-ui'),
    name,
    args: ['--reader-port', path.join(dir, 'reader'), '--terminal-id', 'counter-01', '--wlt-library', wltLibrary],
  });
  return rig;
}

/** Opens the screens and signs in; returns the page and how long the first screen took to be usable. */
export async function openCounter(
  browser: Browser,
  url: string,
  lang: 'zh-CN' | 'en',
  user: { username: string; password: string } = ADMIN,
): Promise<{ page: Page; firstScreenMs: number }> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  const t0 = Date.now();
  await page.goto(`${url}/?lang=${lang}#/counter`);
  const field = page.getByLabel(lang === 'en' ? 'Username' : '用户名');
  await field.waitFor();
  const firstScreenMs = Date.now() - t0;
  await field.fill(user.username);
  await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill(user.password);
  await page.keyboard.press('Enter');
  await page.getByTestId('reader-status').waitFor();
  return { page, firstScreenMs };
}

/** Takes any card away, lays `card`, and waits for the result: milliseconds from laying it to the result shown. */
export async function layCard(page: Page, rig: CounterRig, card: SimCard, failureShot?: string): Promise<number> {
  rig.sim.remove();
  await page.locator('[data-testid=reader-status][data-state=idle]').waitFor({ timeout: 10_000 });
  // The previous result stays on screen until the next card: wait for a result of a new event.
  const previous = (await page.getByTestId('result-verdict').count())
    ? await page.getByTestId('result-verdict').getAttribute('data-event-id')
    : null;
  const fresh = page.locator(previous ? `[data-testid=result-verdict]:not([data-event-id="${previous}"])` : '[data-testid=result-verdict]');
  // Timed in the page's own clock: a MutationObserver notes when the new result is in the DOM
  // (Playwright's polling would add up to half a second of its own).
  // (A string, not a function: the test runner's transpiler would add helpers the page lacks.)
  const t0 = (await page.evaluate(`(() => {
    const prev = ${JSON.stringify(previous)};
    window.__shownAt = undefined;
    const obs = new MutationObserver(() => {
      const fresh = Array.from(document.querySelectorAll('[data-testid=result-verdict]')).some((el) => el.getAttribute('data-event-id') !== prev);
      if (window.__shownAt === undefined && fresh) {
        window.__shownAt = performance.now();
        obs.disconnect();
      }
    });
    obs.observe(document.body, { subtree: true, childList: true, attributes: true });
    return performance.now();
  })()`)) as number;
  rig.sim.place(card);
  try {
    await fresh.waitFor({ timeout: 20_000 });
  } catch (e) {
    if (failureShot) await page.screenshot({ path: failureShot });
    throw e;
  }
  const shownAt = (await page.evaluate('window.__shownAt')) as number | undefined;
  return Math.round((shownAt ?? Number.NaN) - t0);
}
