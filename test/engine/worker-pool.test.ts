// The worker pool: real worker threads running the real engine; crashes, hangs, overload.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { SophonError } from '../../main/common/errors.js';
import type { WorkerReady } from '../../main/contracts/engine.js';
import { EngineClient } from '../../main/engine/engine-client.js';
import { freshWorkerBundle, threadWorkerFactory } from '../../main/engine/pool/thread-workers.js';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { faceBytes } from '../helpers/faces.js';

const card = faceBytes('dev/p01/img10.jpg');
const face = faceBytes('dev/p01/img11.jpg');
const reason = (e: unknown) => (e instanceof SophonError ? e.reason : String(e));

describe('worker pool', () => {
  const clients: EngineClient[] = [];
  const make = (opts: ConstructorParameters<typeof EngineClient>[0]) => {
    const c = new EngineClient(opts);
    clients.push(c);
    return c;
  };
  after(async () => {
    for (const c of clients) await c.close();
  });

  it('answers STARTING before the models are loaded, then becomes ready', async () => {
    const c = make({ poolSize: 1 });
    const kernels = new Promise<WorkerReady['pixel_kernels']>((resolve) =>
      c.pool.once('worker-ready', (m: WorkerReady) => resolve(m.pixel_kernels)),
    );
    await assert.rejects(c.compare({ card, frames: [face] }), (e) => reason(e) === 'STARTING');
    await c.ready;
    assert.equal(c.isReady, true);
    assert.equal((await c.compare({ card, frames: [face] })).same, true);
    // The worker says which pixel loops it runs: the C kernels that npm install builds.
    const k = await kernels;
    assert.equal(k.impl, 'native', k.reason);
  });

  it('workers start from the bundle npm install builds while it is fresh, from the sources otherwise', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'worker-bundle-'));
    try {
      const bundle = path.join(dir, 'w.mjs'),
        input = path.join(dir, 'a.ts');
      writeFileSync(input, '');
      writeFileSync(bundle, '');
      assert.equal(freshWorkerBundle(bundle, dir), null, 'no list of inputs: not used');
      writeFileSync(path.join(dir, 'w.inputs.json'), JSON.stringify({ inputs: ['a.ts'] }));
      utimesSync(input, 1000, 1000);
      utimesSync(bundle, 2000, 2000);
      assert.equal(freshWorkerBundle(bundle, dir), bundle, 'built after its inputs: used');
      utimesSync(input, 3000, 3000);
      assert.equal(freshWorkerBundle(bundle, dir), null, 'a source edited after the build: not used');
      rmSync(input);
      assert.equal(freshWorkerBundle(bundle, dir), null, 'an input gone: not used');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The path through the TypeScript sources (tsx in the worker) serves the same answer.
    const fromSources = make({ poolSize: 1, factory: threadWorkerFactory({ code: 'sources' }) });
    const fromDefault = make({ poolSize: 1 });
    await Promise.all([fromSources.ready, fromDefault.ready]);
    const [a, b] = await Promise.all([fromSources.compare({ card, frames: [face] }), fromDefault.compare({ card, frames: [face] })]);
    assert.equal(a.cosine, b.cosine);
    assert.equal(a.same, true);
  });

  it('replaces a worker that crashes: its request fails with ENGINE_FAILED, the next compare succeeds', async () => {
    const c = make({ poolSize: 1 });
    await c.ready;
    await assert.rejects(c.pool.fault('crash'), (e) => reason(e) === 'ENGINE_FAILED');
    // The pool refills (after a short back-off) and serves again.
    await new Promise((r) => setTimeout(r, 150));
    await c.ready;
    const deadline = Date.now() + 20_000;
    while (!c.isReady && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const o = await c.compare({ card, frames: [face] });
    assert.equal(o.same, true);
    assert.equal(c.stats().restarts, 1);
  });

  it("hands a busy worker its request's next job at once, never another request's", async () => {
    const c = make({ poolSize: 1 });
    await c.ready;
    const a = c.compare({ card, frames: [face] });
    // The card job runs; the frame job of the same compare is already with the worker, not queued.
    assert.deepEqual([c.stats().busy, c.stats().queued], [1, 0]);
    const b = c.compare({ card, frames: [face] });
    assert.equal(c.stats().queued, 2, 'the next request waits in the queue');
    assert.equal((await a).same, true);
    assert.equal((await b).same, true);
    // A crash fails only what that worker held: the request queued behind it is served afterwards.
    const crash = c.pool.fault('crash');
    const after = c.compare({ card, frames: [face] });
    assert.equal(c.stats().queued, 2);
    await assert.rejects(crash, (e) => reason(e) === 'ENGINE_FAILED');
    assert.equal((await after).same, true);
  });

  it('replaces a worker that hangs: its request fails with TIMEOUT at the deadline', async () => {
    const c = make({ poolSize: 1, deadlineMs: 1500 });
    await c.ready;
    const t0 = Date.now();
    await assert.rejects(c.pool.fault('hang'), (e) => reason(e) === 'TIMEOUT');
    assert.ok(Date.now() - t0 < 5000, 'no request waits far past its deadline');
    const deadline = Date.now() + 20_000;
    while (!c.isReady && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await c.compare({ card, frames: [face] })).same, true);
  });

  it('refuses with BUSY when the queue is full, and serves everything it accepted', async () => {
    const c = make({ poolSize: 1, maxQueue: 2 });
    await c.ready;
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => c.compare({ card, frames: [face] })));
    const busy = results.filter((r) => r.status === 'rejected' && reason(r.reason) === 'BUSY').length;
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    assert.ok(busy > 0, 'some were shed');
    assert.ok(ok > 0, 'some were served');
    assert.equal(busy + ok, 8, 'every request either answered or was shed with BUSY');
  });

  it('rejects a malformed answer-less request cleanly (bad image bytes become NOT_AN_IMAGE)', async () => {
    const c = make({ poolSize: 1 });
    await c.ready;
    await assert.rejects(c.compare({ card: Buffer.from('not an image'), frames: [face] }), (e) => reason(e) === 'NOT_AN_IMAGE');
    assert.equal((await c.compare({ card, frames: [face] })).same, true);
  });
});
