// The server under overload, slow or failing engines, tokens, and a stream of malformed requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadServerConfig } from '../../main/server/config.js';
import { closePhotos, cardOf, frameOf } from '../helpers/photos.js';
import { post, startServer } from '../helpers/server.js';

const PATH = '/SophonMatch/api/compare';
let card: string, face: string;
before(async () => {
  card = (await cardOf('dev/p13/img38.jpg')).toString('base64');
  face = (await frameOf('dev/p13/img39.jpg')).toString('base64');
});
after(() => closePhotos());
const good = () => ({ card_image_base64: card, face_image_base64: face });

describe('engine states and faults', () => {
  it('503 STARTING while the models load', async (t) => {
    const s = await startServer({ waitReady: false });
    t.after(() => s.close());
    const r = await post(s.url + PATH, good());
    assert.equal(r.status, 503);
    assert.equal(r.json.error.reason, 'STARTING');
    const ready = await fetch(s.url + '/ready');
    assert.equal(ready.status, 503);
    await s.engine.ready;
    assert.equal((await post(s.url + PATH, good())).status, 200);
  });

  it('429 BUSY with Retry-After when the queue is full; all others answered', async (t) => {
    const s = await startServer({ engine: { poolSize: 1, maxQueue: 1 } });
    t.after(() => s.close());
    const rs = await Promise.all(Array.from({ length: 10 }, () => post(s.url + PATH, good())));
    const busy = rs.filter((r) => r.status === 429);
    assert.ok(busy.length > 0, 'some requests were shed');
    for (const b of busy) {
      assert.equal(b.json.error.reason, 'BUSY');
      assert.equal(b.json.error.status, 'RESOURCE_EXHAUSTED');
      assert.ok(Number(b.headers.get('retry-after')) >= 1);
    }
    assert.ok(rs.every((r) => r.status === 200 || r.status === 429));
    assert.equal((await fetch(s.url + '/health')).status, 200);
  });

  it('504 TIMEOUT when the deadline passes, and the server recovers', async (t) => {
    const s = await startServer({ engine: { poolSize: 1, deadlineMs: 100 } });
    t.after(() => s.close());
    // A full-resolution photo takes longer than 100 ms to analyse on one worker.
    const { faceBytes } = await import('../helpers/faces.js');
    const r = await post(s.url + PATH, { card_image_base64: card, face_image_base64: faceBytes('dev/p03/img49.jpg').toString('base64') });
    assert.equal(r.status, 504, JSON.stringify(r.json));
    assert.equal(r.json.error.reason, 'TIMEOUT');
  });

  it('500 ENGINE_FAILED without a stack trace when a worker dies mid-request; the next request succeeds', async (t) => {
    let crashNext = true;
    const s = await startServer({
      engine: { poolSize: 1 },
      wrapEngine: (e) => ({
        get isReady() {
          return e.isReady;
        },
        stats: () => e.stats(),
        modelId: e.modelId,
        compare: (input) => {
          if (!crashNext) return e.compare(input);
          crashNext = false;
          return e.pool.fault('crash') as never; // a real worker crash inside the real pool
        },
      }),
    });
    t.after(() => s.close());
    const r = await post(s.url + PATH, good());
    assert.equal(r.status, 500);
    assert.equal(r.json.error.reason, 'ENGINE_FAILED');
    assert.ok(!/at |\.ts:/.test(r.json.error.message));
    const deadline = Date.now() + 20_000;
    while (!s.engine.isReady && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    assert.equal((await post(s.url + PATH, good())).status, 200);
  });
});

describe('tokens', () => {
  it('refuses to bind off loopback without a token', () => {
    assert.throws(() => loadServerConfig({ host: '0.0.0.0' }, {}), /requires an API token/);
    assert.equal(loadServerConfig({ host: '0.0.0.0', token: 'a-long-enough-token' }, {}).host, '0.0.0.0');
    assert.equal(loadServerConfig({}, { SOPHONMATCH_PORT: '6000' }).port, 6000);
  });

  it('401 TOKEN_REQUIRED without the bearer token; answers with it', async (t) => {
    const token = 'counter-system-token-0123456789';
    const s = await startServer({ token });
    t.after(() => s.close());
    for (const auth of [undefined, 'Bearer wrong-token-wrong-token-wr', `Basic ${token}`]) {
      const r = await post(s.url + PATH, good(), auth ? { authorization: auth } : {});
      assert.equal(r.status, 401);
      assert.equal(r.json.error.reason, 'TOKEN_REQUIRED');
      assert.equal(r.json.error.status, 'UNAUTHENTICATED');
    }
    assert.equal((await post(s.url + PATH, good(), { authorization: `Bearer ${token}` })).status, 200);
    assert.equal((await fetch(s.url + '/health')).status, 200, 'liveness needs no token');
  });
});

describe('2,000 malformed requests', () => {
  it('never crash the server, each gets a documented error, RSS stays flat, a good request still answers', async (t) => {
    const s = await startServer();
    t.after(() => s.close());
    const jpeg = Buffer.from(face, 'base64');
    const bads: (() => Promise<{ status: number; json: any }>)[] = [
      () => post(s.url + PATH, '{"a":'),
      () => post(s.url + PATH, '[]'),
      () => post(s.url + PATH, JSON.stringify(good()), { 'content-type': 'text/xml' }),
      () => post(s.url + PATH, { card_image_base64: card }),
      () => post(s.url + PATH, { ...good(), threshold: { x: 1 } }),
      () => post(s.url + PATH, { ...good(), face_image_base64: '!!' }),
      () => post(s.url + PATH, { ...good(), card_image_base64: Buffer.from('GIF89a not supported').toString('base64') }),
      () => post(s.url + PATH, { ...good(), face_image_base64: jpeg.subarray(0, 600).toString('base64') }),
      () => post(s.url + PATH, '{"card_image_base64":' + '['.repeat(5000) + ']'.repeat(5000) + '}'),
      () => post(s.url + PATH, { ...good(), identity_info: { user_name: '\u0000\ud800'.repeat(200) } }),
    ];
    const documented = new Set([400, 413, 415]);
    const run = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const r = await bads[i % bads.length]!();
        assert.ok(
          documented.has(r.status) && typeof r.json.error?.reason === 'string',
          `request ${i % bads.length}: ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`,
        );
      }
    };
    await run(200); // warm up
    global.gc?.();
    const before = process.memoryUsage().rss;
    await run(2000);
    global.gc?.();
    const grown = (process.memoryUsage().rss - before) / 1024 / 1024;
    assert.ok(grown < 60, `RSS grew ${grown.toFixed(1)} MB over 2,000 bad requests`);
    const ok = await post(s.url + PATH, good());
    assert.equal(ok.status, 200);
    assert.equal(ok.json.retcode, '1');
  });
});
