// Engine faults under load: a worker crashes (process.exit inside the real worker) or hangs (busy
// loop past the deadline) while it holds a request, with other requests in flight. That request
// fails cleanly (ENGINE_FAILED / TIMEOUT, no stack trace), the others are answered, the pool
// refills and the next request succeeds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compareBody } from '../helpers/photos.js';
import { post, startServer, type TestServer } from '../helpers/server.js';
import { figure } from './harness/figures.js';

const PATH = '/SophonMatch/api/compare';
const FAULT_MARK = 0.123;
let s: TestServer;
let faultNext: 'crash' | 'hang' | null = null;
let good: { card_image_base64: string; face_image_base64: string };

before(async () => {
  good = await compareBody('dev/p13/img38.jpg', 'dev/p13/img39.jpg');
  s = await startServer({
    engine: { poolSize: 2, deadlineMs: 2000 },
    wrapEngine: (e) => ({
      get isReady() {
        return e.isReady;
      },
      stats: () => e.stats(),
      modelId: e.modelId,
      // The faulty request is the one carrying the marker threshold; it runs the fault on a real worker.
      compare: (input) => (input.threshold === FAULT_MARK && faultNext ? (e.pool.fault(faultNext) as never) : e.compare(input)),
    }),
  });
});
after(async () => s?.close());

async function waitFullPool(): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < 30_000) {
    const st = s.engine.stats();
    if (s.engine.isReady && st.ready === 2 && st.busy === 0) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the pool did not refill in 30 s');
}

describe('engine workers failing mid-request', () => {
  it('crash ×10 and hang ×5 under load: the faulty request fails cleanly, the rest are answered, the pool refills', async () => {
    let cleanFailures = 0,
      otherFailures = 0,
      nextOk = 0;
    const refill: number[] = [];
    const rounds: ('crash' | 'hang')[] = [...Array(10).fill('crash'), ...Array(5).fill('hang')];
    for (const kind of rounds) {
      await waitFullPool();
      // Two good requests in flight, then the faulty one, then two more behind it.
      const before = [post(s.url + PATH, good), post(s.url + PATH, good)];
      faultNext = kind;
      const faulty = post(s.url + PATH, { ...good, threshold: FAULT_MARK });
      await new Promise((r) => setImmediate(r));
      const behind = [post(s.url + PATH, good), post(s.url + PATH, good)];
      const f = await faulty;
      const want = kind === 'crash' ? { status: 500, reason: 'ENGINE_FAILED' } : { status: 504, reason: 'TIMEOUT' };
      if (f.status === want.status && f.json.error?.reason === want.reason && !/\bat |\.ts:|\.js:/.test(f.json.error.message))
        cleanFailures++;
      else console.log(`  ${kind}: got ${f.status} ${JSON.stringify(f.json).slice(0, 200)}`);
      for (const r of await Promise.all([...before, ...behind])) if (r.status !== 200) otherFailures++;
      refill.push(await waitFullPool());
      if ((await post(s.url + PATH, good)).status === 200) nextOk++;
    }
    figure(
      'engine faults',
      'faulty requests failing cleanly (crash → 500 ENGINE_FAILED, hang → 504 TIMEOUT)',
      cleanFailures,
      `of ${rounds.length}`,
      '==',
      rounds.length,
    );
    figure('engine faults', 'other requests in flight that failed', otherFailures, 'requests', '==', 0);
    figure('engine faults', 'next request after the fault succeeding', nextOk, `of ${rounds.length}`, '==', rounds.length);
    figure('engine faults', 'longest time to a full pool again', Math.max(...refill), 'ms', '<=', 10_000);
    assert.equal(cleanFailures, rounds.length);
    assert.equal(otherFailures, 0);
    assert.equal(nextOk, rounds.length);
  });
});
