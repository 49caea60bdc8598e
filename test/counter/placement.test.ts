// The counter service as clerks live it, with real parts: the engine (worker thread), a store on
// disk, the reader service on a real pty with the reader simulator, and the WLT vendor library as
// a stand-in compiled here from C (run in its own process, as in production).
// One placement = one automatic check however many requests ask for it; R = a new attempt of the
// same placement; no compare without a card; nothing personal after the card leaves or the clerk
// signs out; JPEG, PNG, BMP and WLT chip photos reach the engine as the API's photos do.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventEmitter } from 'node:events';
import sharp from 'sharp';
import { ChainDecoder } from '../../main/reader/photo/decoder.js';
import { IsolatedWltDecoder } from '../../main/reader/photo/isolated-decoder.js';
import { SophonError, type Reason } from '../../main/common/errors.js';
import { CounterService } from '../../main/counter/counter-service.js';
import { EngineClient } from '../../main/engine/engine-client.js';
import { parseCard } from '../../main/reader/card/card-read.js';
import { closeSerialPort, openSerialPort, type ReaderPort } from '../../main/reader/ports.js';
import { ReaderService } from '../../main/reader/reader-service.js';
import { openPtyPair, type PtyPair } from '../../main/reader/simulator/pty-pair.js';
import { ReaderSimulator, type SimCard } from '../../main/reader/simulator/simulator.js';
import { buildStandInWltLibrary, wltBlobOf } from '../../main/reader/simulator/wlt-standin.js';
import { ReviewService } from '../../main/review/review-service.js';
import type { SqliteEventStore } from '../../main/store/events.js';
import { openStore } from '../../main/store/open-store.js';
import { EventQueries } from '../../main/store/review-queries.js';
import { CARD_A_ID, CARD_A_TEXT } from '../helpers/counter-rig.js';
import { cardOf, closePhotos, frameOf } from '../helpers/photos.js';
import { tempDir } from '../helpers/tmp.js';

const HOLD_MS = 400;
const until = async (what: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};
const refused = (reason: Reason) => (e: unknown) => e instanceof SophonError && e.reason === reason;

/** The chip photo of `rel` as a baseline JPEG small enough for a 1,024-byte WLT blob. */
async function wltSizedJpeg(rel: string): Promise<Buffer> {
  for (let q = 15; q >= 5; q--) {
    const j = await cardOf(rel, q);
    if (j.length <= 1018) return j;
  }
  throw new Error('no quality fits a WLT blob');
}

let engine: EngineClient, store: SqliteEventStore, reader: ReaderService, counter: CounterService, wlt: IsolatedWltDecoder;
let pty: PtyPair, port: ReaderPort, sim: ReaderSimulator;
let jpegA: Buffer, wltJpegA: Buffer, frameA: Buffer, frameB: Buffer;
const events = () => (store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;

before(async () => {
  jpegA = await cardOf('dev/p13/img38.jpg', 40);
  wltJpegA = await wltSizedJpeg('dev/p13/img38.jpg');
  frameA = await frameOf('dev/p13/img39.jpg');
  frameB = await frameOf('dev/p05/img17.jpg');
  await closePhotos();
  engine = new EngineClient({ poolSize: 1, deadlineMs: 30_000 });
  await engine.ready;
  store = openStore(tempDir('sophon-counter'));
  pty = await openPtyPair(tempDir('sophon-counter-pty'));
  port = await openSerialPort(pty.device);
  sim = new ReaderSimulator(port);
  reader = new ReaderService({ port: pty.host, pollMs: 30 });
  reader.start();
  wlt = new IsolatedWltDecoder(buildStandInWltLibrary(tempDir('sophon-wlt-lib')), 1500);
  counter = new CounterService(engine, store, reader, new ChainDecoder(wlt), {
    threshold: 'middle',
    quality: 'low',
    terminalId: 'counter-test',
    holdMs: HOLD_MS,
    reviewBand: true,
  });
  await until(() => reader.state === 'idle');
});

after(async () => {
  wlt?.close();
  await reader?.stop();
  sim?.close();
  if (port) await closeSerialPort(port);
  await pty?.close();
  store?.close();
  await engine?.close();
});

/** Takes any card off, lays `photo` with A's fields, and waits until the photo is decoded (or not). */
async function lay(photo: Buffer): Promise<string> {
  await takeOff();
  sim.place({ text: CARD_A_TEXT, photo } satisfies SimCard);
  await until(() => counter.state().placement?.phase === 'capture' || counter.state().placement?.phase === 'error');
  return counter.state().placement!.id;
}
async function takeOff(): Promise<void> {
  sim.remove();
  await until(() => reader.state === 'idle');
}

describe('the card placement at the counter', () => {
  it('refuses a compare with no card on the reader, with its reason code, and records nothing', async () => {
    await takeOff();
    await assert.rejects(counter.compare('01JABCDEFGHJKMNPQRSTVWXYZ0', 1, [frameA], 'clerk1'), refused('NO_CARD_ON_READER'));
    assert.equal(counter.state().card, null);
    assert.equal(events(), 0);
  });

  it('50 concurrent compare requests for one placement make exactly one attempt (one event); R makes attempt 2 of the same placement', async () => {
    const id = await lay(jpegA);
    const before = events();
    const answers = await Promise.all(Array.from({ length: 50 }, () => counter.compare(id, 1, [frameA], 'clerk1')));
    assert.equal(events() - before, 1, 'one event for 50 requests');
    assert.equal(new Set(answers.map((a) => a.event_id)).size, 1, 'every request got the same check');
    assert.equal(answers[0]!.decision, 'pass');
    assert.equal(answers[0]!.score, null, 'a clerk gets the match figure, not the exact score');
    assert.ok(answers[0]!.match >= 60 && answers[0]!.match <= 100);
    // A repeat of the same attempt afterwards (a retried request, a reload) gets the same answer.
    assert.equal((await counter.compare(id, 1, [frameB], 'clerk1')).event_id, answers[0]!.event_id);
    assert.equal(events() - before, 1);
    // R pressed twice (two tabs, a double press): one new attempt.
    counter.retry(id, 1);
    counter.retry(id, 1);
    assert.equal(counter.state().placement!.attempt, 2);
    const second = await Promise.all([counter.compare(id, 2, [frameB], 'clerk1'), counter.compare(id, 2, [frameB], 'clerk1')]);
    assert.equal(second[0]!.event_id, second[1]!.event_id);
    assert.equal(second[0]!.decision, 'fail', 'B in front of A’s card');
    assert.equal(events() - before, 2);
    const rows = store.db.prepare('SELECT placement_id, attempt, decision FROM events ORDER BY seq DESC LIMIT 2').all() as {
      placement_id: string;
      attempt: number;
      decision: number;
    }[];
    assert.deepEqual(rows, [
      { placement_id: id, attempt: 2, decision: 0 },
      { placement_id: id, attempt: 1, decision: 1 },
    ]);
    await assert.rejects(counter.compare(id, 1, [frameA], 'clerk1'), refused('PLACEMENT_ENDED'), 'an old attempt is not checked again');
    // The supervisor's view has the exact score.
    assert.equal(typeof counter.state('supervisor').placement!.result!.score, 'number');
  });

  it('card taken off: the result stays for the hold, then nothing personal is left and no compare is accepted', async () => {
    const id = await lay(jpegA);
    await counter.compare(id, 1, [frameA], 'clerk1');
    const t0 = Date.now();
    sim.remove();
    await until(() => counter.state().placement?.removed_at != null);
    assert.equal(counter.state().placement!.result!.decision, 'pass', 'the result stays a moment');
    await assert.rejects(counter.compare(id, 1, [frameA], 'clerk1'), refused('NO_CARD_ON_READER'));
    await until(() => counter.state().placement === null, HOLD_MS + 2000);
    const waited = Date.now() - t0;
    assert.ok(waited >= HOLD_MS - 50 && waited < HOLD_MS + 1500, `cleared after ${waited} ms (hold ${HOLD_MS})`);
    const shown = JSON.stringify(counter.state('admin'));
    for (const personal of ['王小明', CARD_A_ID.slice(-4), jpegA.toString('base64').slice(0, 40), 'score'])
      assert.ok(!shown.includes(personal), `${personal} left in the state`);
    assert.equal(counter.state().card, null);
    await assert.rejects(counter.compare(id, 1, [frameA], 'clerk1'), refused('NO_CARD_ON_READER'));
  });

  it('sign-out, a user switch and the idle timeout clear at once; the card on the reader must be laid again', async () => {
    for (const end of ['logout', 'switch', 'idle'] as const) {
      counter.signedIn('clerk1');
      const id = await lay(jpegA);
      await counter.compare(id, 1, [frameA], 'clerk1');
      if (end === 'logout') counter.sessionEnded('clerk1', 'logout');
      else if (end === 'switch') counter.signedIn('clerk2');
      else {
        counter.settings = { ...counter.settings, idleMs: 150 };
        counter.retry(id, 1); // an action restarts the idle clock
        await until(() => counter.state().placement === null, 3000);
        counter.settings = { ...counter.settings, idleMs: undefined };
      }
      const s = counter.state();
      assert.equal(s.card, null, end);
      assert.equal(s.placement, null, end);
      assert.equal(s.lay_again, true, `${end}: the card still lies there; it must be laid again`);
      await assert.rejects(counter.compare(id, 1, [frameA], 'clerk2'), refused('PLACEMENT_ENDED'), end);
    }
    await takeOff();
    assert.equal(counter.state().lay_again, false);
  });
});

describe('chip photos on the counter path', () => {
  it('JPEG, PNG, BMP and WLT chip photos reach the engine as they are: the score is the API path’s for the same bytes', async () => {
    const png = await sharp(jpegA).png().toBuffer();
    // The BMP a vendor library writes: 24-bit, bottom-up (sharp cannot write BMP; the stand-in library does).
    const bmp = await wlt.decode(wltBlobOf(wltJpegA));
    // The serial protocol's frames hold at most 4 KB: JPEG and WLT photos come over the pty; readers
    // that hand over finished PNG or BMP photos (vendor SDKs over USB) are a card source of their own,
    // feeding the same counter code with cards parsed by the same parser.
    const usb = Object.assign(new EventEmitter(), { state: 'card-present' as const, port: null });
    const usbCounter = new CounterService(engine, store, usb, new ChainDecoder(wlt), counter.settings);
    const cases: [string, Buffer, Buffer, CounterService][] = [
      ['jpeg', jpegA, jpegA, counter],
      ['wlt', wltBlobOf(wltJpegA), bmp, counter],
      ['png', png, png, usbCounter],
      ['bmp', bmp, bmp, usbCounter],
    ];
    for (const [format, onCard, engineBytes, c] of cases) {
      if (c === counter) await lay(onCard);
      else {
        usb.emit('card', parseCard(CARD_A_TEXT, onCard));
        await until(() => c.state().placement?.phase === 'capture' || c.state().placement?.phase === 'error');
      }
      const p = c.state().placement!;
      assert.equal(p.phase, 'capture', `${format}: ${c.state().card?.photo_problem}`);
      assert.equal(c.state().card!.photo_mime, format === 'wlt' ? 'image/bmp' : `image/${format}`);
      assert.equal(c.state().card!.photo_base64, engineBytes.toString('base64'), `${format}: shown as decoded, unconverted`);
      const r = await c.compare(p.id, 1, [frameA], 'clerk1', 'supervisor');
      assert.equal(r.decision, 'pass', format);
      const api = await engine.compare({ card: engineBytes, frames: [frameA], threshold: 'middle', fiqa: 'low' });
      assert.equal(r.score, api.score, `${format}: the counter's score is the API's for the same bytes`);
      assert.equal(
        new EventQueries(store.db, store.key).get(r.event_id)!.card_photo!.toString('base64'),
        engineBytes.toString('base64'),
        `${format}: the event keeps the photo the engine compared`,
      );
    }
  });

  it('the vendor library crashes or hangs on a card: that card says so clearly, the app and the next card are fine', async () => {
    for (const mark of ['crash', 'hang'] as const) {
      const restarts = wlt.restarts;
      const id = await lay(wltBlobOf(wltJpegA, mark));
      const s = counter.state();
      assert.equal(s.placement!.phase, 'error', mark);
      assert.match(s.card!.photo_problem!, mark === 'crash' ? /crashed on this card/ : /did not answer within/);
      assert.equal(s.card!.photo_problem_code, mark === 'crash' ? 'CRASHED' : 'TIMED_OUT');
      assert.equal(s.card!.name, '王小明', 'the fields still show');
      await assert.rejects(counter.compare(id, 1, [frameA], 'clerk1'), refused('CARD_PHOTO_UNREADABLE'));
      assert.equal(wlt.restarts, restarts + 1);
      const next = await lay(wltBlobOf(wltJpegA));
      assert.equal((await counter.compare(next, 1, [frameA], 'clerk1')).decision, 'pass', `${mark}: the next card is fine`);
    }
  });
});

describe('reviews at the counter and after', () => {
  it('the clerk overrides the result on screen once, with a reason; the supervisor confirms or overrides what they were shown', async () => {
    const id = await lay(jpegA);
    counter.retry(id, 1); // nothing to retry before the first check: no new attempt
    const r = await counter.compare(id, 1, [frameB], 'clerk1');
    assert.equal(r.decision, 'fail');
    assert.throws(() => counter.override(r.event_id, 'clerk1', '  '), refused('COMMENT_REQUIRED'));
    const o = counter.override(r.event_id, 'clerk1', '本人到柜台，证件核对无误');
    assert.deepEqual(
      [o.review.automatic, o.review.final, o.review.clerk?.by, o.review.clerk?.comment],
      ['fail', 'pass', 'clerk1', '本人到柜台，证件核对无误'],
    );
    assert.throws(() => counter.override(r.event_id, 'clerk1', 'again, twice'), refused('REVIEW_NOT_ALLOWED'));
    const receipt = counter.receipt(r.event_id, 'clerk1');
    assert.deepEqual([receipt.review.automatic, receipt.review.final, receipt.review.clerk?.step], ['fail', 'pass', 'overridden']);
    const sup = { id: 2, username: 'super', role: 'supervisor' as const };
    const review = new ReviewService(store);
    assert.throws(
      () => review.review(sup, r.event_id, 'confirmed', '', 'fail'),
      refused('REVIEW_NOT_ALLOWED'),
      'the supervisor was shown another decision than the one in force',
    );
    assert.throws(() => review.review(sup, r.event_id, 'overridden', ''), refused('COMMENT_REQUIRED'));
    assert.equal(review.review(sup, r.event_id, 'overridden', '录像显示非本人', 'pass').final_decision, 'fail');
    assert.throws(() => review.review(sup, r.event_id, 'confirmed', ''), refused('REVIEW_NOT_ALLOWED'), 'a supervisor review is final');
    const v = counter.reviewView(r.event_id);
    assert.deepEqual([v.final, v.supervisor?.by, v.supervisor?.step], ['fail', 'super', 'overridden']);
    // A clerk cannot review or print an event that is not on the counter screen.
    await takeOff();
    await until(() => counter.state().placement === null, HOLD_MS + 2000);
    assert.throws(() => counter.receipt(r.event_id, 'clerk1'), refused('REVIEW_NOT_ALLOWED'));
    assert.equal(counter.receipt(r.event_id, 'super', 'supervisor').review.final, 'fail');
  });

  it('review band: a score between the low threshold and the configured one is "review" for the clerk, who decides it', async () => {
    // A genuine frame blurred until the score falls inside the band (a search on real pixels).
    const band = async (sigma: number) =>
      (
        await engine.compare({
          card: jpegA,
          frames: [await sharp(frameA).blur(sigma).jpeg({ quality: 90 }).toBuffer()],
          threshold: 'middle',
          fiqa: 'no',
        })
      ).score;
    const { THRESHOLD_LEVELS } = await import('../../main/contracts/thresholds.js');
    let lo = 0.3,
      hi = 12,
      frame: Buffer | null = null;
    for (let i = 0; i < 14 && !frame; i++) {
      const mid = (lo + hi) / 2;
      const s = await band(mid);
      if (s >= THRESHOLD_LEVELS.middle) lo = mid;
      else if (s < THRESHOLD_LEVELS.low) hi = mid;
      else frame = await sharp(frameA).blur(mid).jpeg({ quality: 90 }).toBuffer();
    }
    assert.ok(frame, 'a blur that puts the genuine score in the band');
    counter.settings = { ...counter.settings, quality: 'no' };
    try {
      const id = await lay(jpegA);
      const r = await counter.compare(id, 1, [frame!], 'clerk1');
      assert.equal(r.decision, 'review');
      assert.equal(r.review.pending, true);
      assert.ok(r.match < 60);
      assert.throws(() => counter.override(r.event_id, 'clerk1', 'not for band'), refused('REVIEW_NOT_ALLOWED'));
      const d = counter.review(r.event_id, 'clerk1', { by: 'clerk', kind: 'band-pass', comment: '' });
      assert.deepEqual([d.review.automatic, d.review.final, d.review.pending, d.review.clerk?.step], ['review', 'pass', false, 'passed']);
      assert.equal(
        (
          store.db.prepare('SELECT review_band, clerk_review, final_decision, decision FROM events WHERE id = ?').get(r.event_id) as Record<
            string,
            number
          >
        ).final_decision,
        1,
      );
      // Switched off: the same score is a plain fail.
      counter.settings = { ...counter.settings, reviewBand: false };
      counter.retry(id, 1);
      assert.equal((await counter.compare(id, 2, [frame!], 'clerk1')).decision, 'fail');
    } finally {
      counter.settings = { ...counter.settings, quality: 'low', reviewBand: true };
    }
  });
});
