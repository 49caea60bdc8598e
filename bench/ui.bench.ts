// `npm run bench:ui [-- --cards N]`: time from card laid to result shown, through the reader
// simulator (paced at 115200 baud) and Chromium's fake camera playing a real face video, and the
// first screen's time to usable. Prints JSON with medians; targets: ≤ 1.0 s and ≤ 1.5 s.
import { benchArgs } from './bench-args.js';
import { fakeCameraVideo, launchBrowser } from '../test/helpers/browser.js';
import { layCard, openCounter, startCounterRig } from '../test/helpers/counter-rig.js';

const values = benchArgs(
  'usage: npm run bench:ui -- [--cards N] [--loads N]   the counter screens in Chromium: card to result, first screen',
  { cards: { type: 'string', default: '15' }, loads: { type: 'string', default: '5' } },
);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

const video = await fakeCameraVideo('dev/p13/img39.jpg');
const rig = await startCounterRig('bench-ui');
const browser = await launchBrowser(video);
try {
  const first: number[] = [];
  for (let i = 0; i < Number(values.loads); i++) {
    const { page, firstScreenMs } = await openCounter(browser, rig.server.url, 'zh-CN');
    first.push(firstScreenMs);
    await page.context().close();
  }
  const { page } = await openCounter(browser, rig.server.url, 'zh-CN');
  await layCard(page, rig, rig.cardA); // warm-up
  const times: number[] = [];
  for (let i = 0; i < Number(values.cards); i++) times.push(await layCard(page, rig, rig.cardA));
  const transferMs = ((rig.cardA.text.length + rig.cardA.photo.length + 14) * 10 * 1000) / 115200;
  console.log(
    JSON.stringify({
      cards: times.length,
      card_to_result_median_ms: median(times),
      card_to_result_p95_ms: p95(times),
      target_ms: 1000,
      ratio_to_target: Math.round((median(times) / 1000) * 100) / 100,
      reader_transfer_ms: Math.round(transferMs),
      reader_share_of_median: Math.round((transferMs / median(times)) * 100) / 100,
      first_screen_median_ms: median(first),
      first_screen_target_ms: 1500,
      samples_ms: times,
    }),
  );
} finally {
  await browser.close();
  await rig.close();
}
