// The server's logs never carry personal data: no ID numbers, names, addresses or image bytes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import { EngineClient } from '../../main/engine/engine-client.js';
import { buildServer } from '../../main/server/app.js';
import { openStore } from '../../main/store/open-store.js';
import { cardOf, closePhotos, frameOf } from '../helpers/photos.js';
import { post } from '../helpers/server.js';

after(() => closePhotos());

describe('logs', () => {
  it('carry no personal data after saved compares, failures and bad requests', async (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sophon-logs-'));
    const logFile = path.join(dir, 'server.log');
    const logger = pino({ level: 'trace' }, pino.destination({ dest: logFile, sync: true }));
    const engine = new EngineClient({ poolSize: 1 });
    await engine.ready;
    const store = openStore(dir);
    const app = buildServer({ engine, store, maxBodyBytes: 10 << 20, maxPixels: 16e6, deadlineMs: 10_000, logger, version: 'test' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    t.after(async () => {
      await app.close();
      await engine.close();
      store.close();
    });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/SophonMatch/api/compare`;
    const card = (await cardOf('dev/p13/img38.jpg')).toString('base64');
    const face = (await frameOf('dev/p13/img39.jpg')).toString('base64');
    const identity = { user_idcard: '44030419900101123X', user_name: '李四光', user_address: '深圳市福田区莲花路1号' };
    assert.equal(
      (await post(url, { card_image_base64: card, face_image_base64: face, need_save: true, identity_info: identity })).status,
      200,
    );
    await post(url, { card_image_base64: card, face_image_base64: 'bm90IGFuIGltYWdl', identity_info: identity });
    await post(url, { card_image_base64: card, identity_info: identity });
    await post(url, `{"identity_info":{"user_name":"${identity.user_name}"`);
    const log = readFileSync(logFile, 'utf8');
    assert.ok(log.length > 0, 'the server logged');
    for (const secret of [...Object.values(identity), card.slice(0, 40), face.slice(0, 40)])
      assert.ok(!log.includes(secret), `log contains ${secret.slice(0, 12)}…`);
  });
});
