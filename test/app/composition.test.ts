// The app's composition in plain Node, with real parts: store on disk, engine workers as separate
// processes (what utilityProcess is in the desktop app), the reader simulator on a pty, the HTTP
// server on loopback. Electron itself only adds the window and the process kind.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AppServices } from '../../main/app/composition.js';
import { createIpcHandlers } from '../../main/app/ipc-handlers.js';
import { SophonError } from '../../main/common/errors.js';
import { processWorkerFactory } from '../../main/engine/pool/process-workers.js';
import { CARD_A_ID } from '../helpers/counter-rig.js';
import { joinFields } from '../../main/reader/card/layouts.js';
import { cardOf, closePhotos, frameOf } from '../helpers/photos.js';
import { plugIn, testComposition, until } from '../helpers/composition.js';
import { ADMIN, seededDataDir } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';

const ptyDir = tempDir('sophon-app-pty');
let reader: Awaited<ReturnType<typeof plugIn>>;
const plug = async () => void (reader = await plugIn(ptyDir));
const unplug = async () => reader.unplug();
let frameA: Buffer, frameB: Buffer, photoA: Buffer;

before(async () => {
  photoA = await cardOf('dev/p13/img38.jpg', 40);
  frameA = await frameOf('dev/p13/img39.jpg');
  frameB = await frameOf('dev/p05/img17.jpg');
  await closePhotos();
  await plug();
});
after(async () => unplug().catch(() => {}));

describe('app composition', () => {
  const workers = processWorkerFactory();
  const dataDir = seededDataDir('sophon-app');
  const app = testComposition(dataDir, {
    engineFactory: workers.factory,
    engine: { poolSize: 1, deadlineMs: 20_000 },
    server: { host: '127.0.0.1', port: 0, maxBodyBytes: 10 << 20, maxPixels: 16e6, deadlineMs: 20_000 },
    settingsOverrides: { readerPort: path.join(ptyDir, 'reader') },
  });
  let svc: AppServices;

  it('starts in order: store, settings, engine, retention, reader, counter, server', async () => {
    svc = await app.start();
    assert.deepEqual(app.steps, ['store', 'settings', 'engine', 'retention', 'reader', 'counter', 'server']);
    await svc.engine.ready;
    await until(() => svc.reader!.state === 'idle');
  });

  it('a card read and a compare through the counter: pass for A, fail for B, each event committed', async () => {
    reader.sim.place({
      text: joinFields('resident', {
        name: '王小明',
        sex: '1',
        nation: '01',
        birth: '19850312',
        address: '北京市',
        idNumber: CARD_A_ID,
        issuer: '北京市公安局',
        validFrom: '20150101',
        validTo: '20350101',
      }),
      photo: photoA,
    });
    await until(() => svc.counter!.state().placement?.phase === 'capture');
    const placement = svc.counter!.state().placement!;
    const a = await svc.counter!.compare(placement.id, 1, [frameA], 'clerk1');
    svc.counter!.retry(placement.id, 1); // R: attempt 2 of the same card, with B in front of the camera
    const b = await svc.counter!.compare(placement.id, 2, [frameB], 'clerk1');
    assert.equal(a.decision, 'pass');
    assert.equal(b.decision, 'fail');
    assert.deepEqual([a.attempt, b.attempt, b.placement_id], [1, 2, placement.id]);
    assert.equal(svc.counter!.receipt(b.event_id, 'clerk1').review.final, 'fail');
  });

  it('the engine process killed mid-compare: that compare fails with ENGINE_FAILED, the next one succeeds', async () => {
    const placement = svc.counter!.state().placement!;
    svc.counter!.retry(placement.id, placement.attempt);
    const pending = svc.counter!.compare(placement.id, placement.attempt + 1, [frameA], 'clerk1');
    await until(() => svc.engine.stats().busy > 0, 5000);
    workers.children[0]!.kill('SIGKILL');
    await assert.rejects(pending, (e: unknown) => e instanceof SophonError && e.reason === 'ENGINE_FAILED');
    await until(() => svc.engine.stats().ready === 1, 30_000);
    svc.counter!.retry(placement.id, placement.attempt + 1); // the failed check's attempt is over: R
    assert.equal((await svc.counter!.compare(placement.id, placement.attempt + 2, [frameA], 'clerk1')).decision, 'pass');
    assert.ok(svc.engine.stats().restarts >= 1);
  });

  it('the reader unplugged mid-session: the counter says so and recovers when it is back', async () => {
    await unplug();
    await until(() => svc.counter!.state().reader.state === 'no-reader');
    await plug();
    await until(() => svc.counter!.state().reader.state === 'idle' || svc.counter!.state().reader.state === 'card-present');
  });

  it('IPC: every payload validated with the HTTP schemas; bad settings refused with a message per field', async () => {
    const ipc = createIpcHandlers({ store: svc.store, counter: svc.counter!, settings: svc.settings, applySettings: svc.applySettings });
    assert.equal((await ipc.invoke('listEvents', {})).ok, false, 'sign in first');
    assert.equal((await ipc.invoke('login', { username: ADMIN.username, password: ADMIN.password })).ok, true);
    const bad = await ipc.invoke('saveSettings', { photoDays: 0, readerPort: 'COM1; rm -rf /' });
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.equal(bad.error.status, 400);
      assert.match(bad.error.fields!.photoDays!, /at least 1 day/);
      assert.match(bad.error.fields!.readerPort!, /device path/);
    }
    const good = await ipc.invoke('saveSettings', { threshold: 'high' });
    assert.equal(good.ok, true);
    assert.equal(svc.counter!.settings.threshold, 'high', 'applied without a restart');
    const wrongType = await ipc.invoke('compare', { frames: 'not-an-array' });
    assert.equal(wrongType.ok, false);
    // The counter over IPC: no card on the reader, no compare (the stable reason, as over HTTP).
    reader.sim.remove();
    await until(() => svc.counter!.state().reader.state === 'idle' && svc.counter!.state().placement === null, 20_000);
    const noCard = await ipc.invoke('compare', {
      placement_id: '01JABCDEFGHJKMNPQRSTVWXYZ0',
      attempt: 1,
      frames: [frameA.toString('base64')],
    });
    assert.deepEqual(noCard.ok ? null : [noCard.error.status, noCard.error.reason], [409, 'NO_CARD_ON_READER']);
    const state = await ipc.invoke('counterState', {});
    assert.ok(state.ok && (state.value as { card: unknown }).card === null);
    assert.equal(ipc.counterState()?.placement, null, 'what the window is pushed');
    assert.equal((await ipc.invoke('no-such-channel', {})).ok, false);
    const list = await ipc.invoke('listEvents', { limit: 10 });
    assert.ok(list.ok && (list.value as { total: number }).total >= 2);
  });

  it('stops in reverse and releases the data folder', async () => {
    await app.stop();
    assert.deepEqual(app.steps.slice(-4), ['stop:reader', 'stop:server', 'stop:engine', 'stop:store']);
    const again = testComposition(dataDir, { settingsOverrides: { readerPort: 'none', apiEnabled: false } });
    const s2 = await again.start();
    assert.equal(s2.server, null, 'API off in settings: no server');
    await again.stop();
  });
});
