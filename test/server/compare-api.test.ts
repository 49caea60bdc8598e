// The compare contract over loopback, against the real server, real engine and real store.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { DB_FILE } from '../../main/store/open-store.js';
import { faceBytes } from '../helpers/faces.js';
import { cardOf, closePhotos, frameOf } from '../helpers/photos.js';
import { pngBomb } from '../helpers/png-bomb.js';
import { post, startServer, type TestServer } from '../helpers/server.js';

const PATH = '/SophonMatch/api/compare';
let s: TestServer;
let card: string, same: string, other: string;
const b64 = (b: Buffer) => b.toString('base64');
const good = () => ({ card_image_base64: card, face_image_base64: same });

before(async () => {
  s = await startServer();
  card = b64(await cardOf('dev/p13/img38.jpg'));
  same = b64(await frameOf('dev/p13/img39.jpg'));
  other = b64(await frameOf('dev/p06/img18.jpg'));
});
after(async () => {
  await s.close();
  await closePhotos();
});

const expectError = (r: { status: number; json: any }, status: number, reason: string, statusName?: string) => {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.equal(r.json.error.code, status);
  assert.equal(r.json.error.reason, reason);
  if (statusName) assert.equal(r.json.error.status, statusName);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(!/\bat \S+ \(|node_modules|\.ts:\d+/.test(r.json.error.message), 'no stack trace leaks');
};

describe('a client written like the existing ones', () => {
  it('same person → retcode "1" with identity echoed, event saved after commit', async () => {
    const r = await post(s.url + PATH, {
      card_image_base64: card,
      face_image_base64: same,
      compare_time: 1764000000.123456, // Python time.time()
      fiqa_level: 'no',
      need_save: 'true',
      threshold: 'middle',
      with_debug_info: 'false',
      identity_info: {
        user_idcard: '11010519491231002X',
        user_name: '张三',
        user_sex: '男',
        user_nation: '汉',
        user_address: '北京市东城区',
        user_issu: '北京市公安局',
        user_validtime: '2010.01.01-2030.01.01',
        card_type: '0',
        extra_key: 'ignored',
      },
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.retcode, '1');
    assert.equal(r.json.identity_id, '11010519491231002X');
    assert.equal(r.json.name, '张三');
    assert.ok(r.json.score >= 0.225 && r.json.score <= 1);
    assert.equal(r.json.threshold, 0.225);
    assert.match(r.json.event_id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.equal(r.json.debug_info, undefined);
    // The event is in the store, personal data sealed.
    const db = new Database(path.join(s.dataDir, DB_FILE), { readonly: true });
    const row = db.prepare('SELECT * FROM events WHERE id = ?').get(r.json.event_id) as Record<string, unknown>;
    db.close();
    assert.ok(row);
    assert.equal(row.compare_time, 1764000000.123456);
    assert.equal(row.decision, 1);
    assert.equal(row.source, 'api');
    const file = readFileSync(path.join(s.dataDir, DB_FILE));
    const wal = readFileSync(path.join(s.dataDir, DB_FILE + '-wal'));
    for (const secret of ['张三', '11010519491231002X', '北京市东城区']) {
      assert.ok(!file.includes(Buffer.from(secret)) && !wal.includes(Buffer.from(secret)), `${secret} is not stored in clear`);
    }
  });

  it('different people → retcode "0", "stranger", no identity', async () => {
    const r = await post(s.url + PATH, {
      card_image_base64: card,
      face_image_base64: other,
      identity_info: { user_idcard: '11010519491231002X', user_name: '张三' },
    });
    assert.equal(r.status, 200);
    assert.deepEqual([r.json.retcode, r.json.identity_id, r.json.name], ['0', '', 'stranger']);
    assert.ok(r.json.score < 0.225);
    assert.equal(r.json.event_id, undefined);
  });

  it('accepts data: prefixes, line breaks, ISO times, numeric thresholds and returns debug info', async () => {
    const wrapped = same.replace(/(.{76})/g, '$1\r\n');
    const r = await post(s.url + PATH, {
      card_image_base64: `data:image/jpeg;base64,${card}`,
      face_image_base64: wrapped,
      compare_time: '2026-11-24T10:00:00+08:00',
      threshold: '0.1',
      with_debug_info: true,
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.threshold, 0.1);
    for (const k of ['queue_ms', 'decode_ms', 'detect_ms', 'landmark_ms', 'quality_ms', 'embed_ms', 'store_ms', 'total_ms'])
      assert.equal(typeof r.json.debug_info[k], 'number', k);
    assert.equal(r.json.debug_info.card_faces, 1);
    assert.match(r.json.debug_info.model, /^faceplugin/);
  });

  it('accepts a BMP and a PNG card photo', async () => {
    const jpeg = Buffer.from(card, 'base64');
    const png = await sharp(jpeg).png().toBuffer();
    const { decodeImage } = await import('../../main/engine/image/decode.js');
    const { encodeBmp } = await import('../../main/engine/image/bmp.js');
    const bmp = encodeBmp(await decodeImage(jpeg, 'c'));
    for (const img of [png, bmp]) {
      const r = await post(s.url + PATH, { card_image_base64: b64(img), face_image_base64: same });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(r.json.retcode, '1');
    }
  });
});

describe('the review band and the model configurations', () => {
  it('a score between low and the threshold applied answers retcode "0" with review: true; a clear result has no review field', async () => {
    // The same person against a threshold no genuine pair reaches: below it, but above low (FAR 1e-3).
    const band = await post(s.url + PATH, { ...good(), threshold: 0.99 });
    assert.equal(band.status, 200, JSON.stringify(band.json));
    assert.ok(band.json.score >= 0.175 && band.json.score < 0.99, String(band.json.score));
    assert.equal(band.json.retcode, '0');
    assert.equal(band.json.review, true);
    const clear = await post(s.url + PATH, good());
    assert.equal(clear.json.retcode, '1');
    assert.equal('review' in clear.json, false);
    const stranger = await post(s.url + PATH, { card_image_base64: card, face_image_base64: other });
    assert.ok(stranger.json.score < 0.175, String(stranger.json.score));
    assert.equal('review' in stranger.json, false);
  });

  it('SOPHONMATCH_MODEL_SET runs either model alone, calibrated on its own, and names it in the model id', async () => {
    const fused = await post(s.url + PATH, { ...good(), with_debug_info: true });
    const scores: Record<string, number> = {};
    for (const config of ['feature', 'mobilefacenet']) {
      process.env.SOPHONMATCH_MODEL_SET = config;
      const alone = await startServer();
      try {
        const r = await post(alone.url + PATH, { ...good(), with_debug_info: true });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.equal(r.json.retcode, '1', `${config}: the same person`);
        assert.equal(r.json.debug_info.model, `${fused.json.debug_info.model}#${config}`);
        const o = await post(alone.url + PATH, { card_image_base64: card, face_image_base64: other });
        assert.equal(o.json.retcode, '0', `${config}: different people`);
        scores[config] = r.json.score;
      } finally {
        delete process.env.SOPHONMATCH_MODEL_SET;
        await alone.close();
      }
    }
    assert.notEqual(scores.feature, scores.mobilefacenet, 'two models, two scores');
    assert.notEqual(fused.json.score, scores.feature);
  });
});

describe('every row of the error table, from a real bad request', () => {
  it('400 BAD_JSON, 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectError(await post(s.url + PATH, '{"card_image_base64": '), 400, 'BAD_JSON', 'INVALID_ARGUMENT');
    expectError(await post(s.url + PATH, ''), 400, 'BAD_JSON');
    expectError(
      await post(s.url + PATH, JSON.stringify(good()), { 'content-type': 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'INVALID_ARGUMENT',
    );
    expectError(
      await post(s.url + PATH, JSON.stringify(good()), { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('400 MISSING_FIELD naming the field', async () => {
    for (const f of ['card_image_base64', 'face_image_base64']) {
      const body: Record<string, unknown> = good();
      delete body[f];
      const r = await post(s.url + PATH, body);
      expectError(r, 400, 'MISSING_FIELD');
      assert.match(r.json.error.message, new RegExp(f));
    }
  });

  it('400 BAD_FIELD for wrong types and unknown enum values of each field', async () => {
    const bad: [string, unknown][] = [
      ['card_image_base64', 12],
      ['face_image_base64', { a: 1 }],
      ['compare_time', 'yesterday'],
      ['compare_time', true],
      ['compare_time', -5],
      ['fiqa_level', 'extreme'],
      ['fiqa_level', 3],
      ['need_save', 'yes'],
      ['need_save', 1],
      ['threshold', 'strict'],
      ['threshold', 1.5],
      ['threshold', '-0.1'],
      ['with_debug_info', 'maybe'],
      ['identity_info', 'x'],
      ['identity_info', { user_name: 5 }],
      ['identity_info', { user_name: 'x'.repeat(257) }],
    ];
    for (const [field, value] of bad) {
      const r = await post(s.url + PATH, { ...good(), [field]: value });
      expectError(r, 400, 'BAD_FIELD', 'INVALID_ARGUMENT');
      assert.ok(r.json.error.message.startsWith(field), `${field}=${JSON.stringify(value)}: ${r.json.error.message}`);
    }
    expectError(await post(s.url + PATH, [1, 2]), 400, 'BAD_FIELD');
  });

  it('400 BAD_BASE64 and NOT_AN_IMAGE (text, truncated JPEG, zero bytes)', async () => {
    expectError(await post(s.url + PATH, { ...good(), card_image_base64: '%%%not base64%%%' }), 400, 'BAD_BASE64');
    expectError(await post(s.url + PATH, { ...good(), face_image_base64: '' }), 400, 'BAD_BASE64');
    expectError(
      await post(s.url + PATH, { ...good(), card_image_base64: b64(Buffer.from('just some text, renamed card.jpg\n')) }),
      400,
      'NOT_AN_IMAGE',
    );
    const jpeg = Buffer.from(same, 'base64');
    const r = await post(s.url + PATH, { ...good(), face_image_base64: b64(jpeg.subarray(0, jpeg.length >> 1)) });
    expectError(r, 400, 'NOT_AN_IMAGE');
    assert.match(r.json.error.message, /face_image_base64/);
  });

  it('413 BODY_TOO_LARGE for a 12 MiB body, IMAGE_TOO_LARGE for a 20000×20000 PNG', async () => {
    const big = { ...good(), face_image_base64: 'A'.repeat(12 * 1024 * 1024) };
    expectError(await post(s.url + PATH, big), 413, 'BODY_TOO_LARGE', 'OUT_OF_RANGE');
    expectError(await post(s.url + PATH, { ...good(), card_image_base64: b64(pngBomb()) }), 413, 'IMAGE_TOO_LARGE', 'OUT_OF_RANGE');
  });

  it('400 FAILED_PRECONDITION: no face in either image; quality gate with details', async () => {
    const background = b64(
      await sharp(faceBytes('dev/p02/img55.jpg')).extract({ left: 0, top: 0, width: 200, height: 200 }).jpeg().toBuffer(),
    );
    expectError(
      await post(s.url + PATH, { ...good(), card_image_base64: background }),
      400,
      'NO_FACE_IN_CARD_IMAGE',
      'FAILED_PRECONDITION',
    );
    expectError(
      await post(s.url + PATH, { ...good(), face_image_base64: background }),
      400,
      'NO_FACE_IN_FACE_IMAGE',
      'FAILED_PRECONDITION',
    );
    const blurred = b64(await sharp(Buffer.from(same, 'base64')).blur(6).jpeg().toBuffer());
    const r = await post(s.url + PATH, { ...good(), face_image_base64: blurred, fiqa_level: 'high' });
    expectError(r, 400, 'FACE_QUALITY_TOO_LOW', 'FAILED_PRECONDITION');
    assert.ok(r.json.error.details.failed.length > 0);
    for (const f of r.json.error.details.failed) assert.ok('measure' in f && 'value' in f && 'bound' in f);
    // The same photo sharp passes the same gate.
    assert.equal((await post(s.url + PATH, { ...good(), fiqa_level: 'high' })).status, 200);
  });

  it('404 unknown path, 405 wrong method with Allow', async () => {
    const r = await fetch(s.url + '/SophonMatch/api/nothing');
    assert.equal(r.status, 404);
    assert.equal(((await r.json()) as any).error.status, 'NOT_FOUND');
    const m = await fetch(s.url + PATH);
    assert.equal(m.status, 405);
    assert.equal(m.headers.get('allow'), 'POST');
    const p = await fetch(s.url + PATH, { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(p.status, 405);
  });

  it('503 STORE_UNAVAILABLE when need_save cannot be honoured; nothing half-written', async (ctx) => {
    const t = await startServer();
    ctx.after(() => t.close());
    t.store.close();
    expectError(await post(t.url + PATH, { ...good(), need_save: true }), 503, 'STORE_UNAVAILABLE', 'UNAVAILABLE');
    assert.equal((await post(t.url + PATH, good())).status, 200, 'compares without saving still work');
  });
});

describe('serving, health and documents', () => {
  it('health, readiness, metrics and the OpenAPI document', async () => {
    assert.deepEqual(await (await fetch(s.url + '/health')).json(), { status: 'ok' });
    const ready = (await (await fetch(s.url + '/ready')).json()) as any;
    assert.equal(ready.ready, true);
    const metrics = await (await fetch(s.url + '/metrics')).text();
    assert.match(metrics, /sophonmatch_compare_requests_total\{outcome="ok"\} \d+/);
    assert.match(metrics, /sophonmatch_compare_duration_seconds_bucket/);
    assert.match(metrics, /sophonmatch_engine_queue_depth \d+/);
    assert.match(metrics, /sophonmatch_engine_worker_restarts \d+/);
    const doc = (await (await fetch(s.url + '/SophonMatch/api/openapi.json')).json()) as any;
    const req = doc.paths[PATH].post.requestBody.content['application/json'].schema;
    assert.deepEqual(req.required.sort(), ['card_image_base64', 'face_image_base64']);
    assert.deepEqual(req.properties.fiqa_level.enum, ['no', 'low', 'middle', 'high']);
  });
});
