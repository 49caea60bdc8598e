// Settings refuse, never clamp; the reader's port applies at once. Through the desktop app's IPC
// handlers on the real composition (store on disk, reader simulator on a real pty): −3 days, port
// 99999, poll 5 ms are refused with their messages and nothing is saved; the port set to 'none'
// closes the serial line at once (another program can open it) and the state says so; set back,
// the reader is found again.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AppServices } from '../../main/app/composition.js';
import { createIpcHandlers } from '../../main/app/ipc-handlers.js';
import { closeSerialPort, openSerialPort } from '../../main/reader/ports.js';
import { plugIn, testComposition, until } from '../helpers/composition.js';
import { ADMIN, seededDataDir } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';

const ptyDir = tempDir('sophon-settings-pty');
const readerPath = path.join(ptyDir, 'reader');
let reader: Awaited<ReturnType<typeof plugIn>>;
const dataDir = seededDataDir('sophon-settings');
const app = testComposition(dataDir, { settingsOverrides: { readerPort: readerPath, apiEnabled: false } });
let svc: AppServices;

before(async () => {
  reader = await plugIn(ptyDir);
  svc = await app.start();
});
after(async () => {
  await app.stop();
  await reader.unplug();
});

describe('settings refuse and apply', () => {
  it('out-of-range values are refused with their messages over IPC, and nothing is saved', async () => {
    const ipc = createIpcHandlers({ store: svc.store, counter: svc.counter!, settings: svc.settings, applySettings: svc.applySettings });
    assert.equal((await ipc.invoke('login', ADMIN)).ok, true);
    const before = readFileSync(path.join(dataDir, 'settings.json'), 'utf8');
    for (const [patch, field, message] of [
      [{ photoDays: -3 }, 'photoDays', /at least 1 day/],
      [{ apiPort: 99999 }, 'apiPort', /to 65535/],
      [{ readerPollMs: 5 }, 'readerPollMs', /at least 20 ms/],
      [{ personalDays: 1.5 }, 'personalDays', /whole number/],
    ] as const) {
      const r = await ipc.invoke('saveSettings', patch);
      assert.equal(r.ok, false, JSON.stringify(patch));
      if (!r.ok) {
        assert.equal(r.error.status, 400);
        assert.match(r.error.fields![field]!, message);
      }
    }
    assert.equal(readFileSync(path.join(dataDir, 'settings.json'), 'utf8'), before, 'nothing was saved');
    assert.equal(svc.settings.get().photoDays, 90);
  });

  it("the reader port set to 'none' releases the line at once; set back, the reader is found again", async () => {
    const ipc = createIpcHandlers({ store: svc.store, counter: svc.counter!, settings: svc.settings, applySettings: svc.applySettings });
    assert.equal((await ipc.invoke('login', ADMIN)).ok, true);
    await until(() => svc.counter!.state().reader.state === 'idle');
    assert.equal(svc.counter!.state().reader.port, readerPath);
    await assert.rejects(openSerialPort(readerPath), 'while the product reads it, the port is held (exclusive)');

    const none = await ipc.invoke('saveSettings', { readerPort: 'none' });
    assert.equal(none.ok, true, JSON.stringify(none));
    assert.deepEqual(
      { state: svc.counter!.state().reader.state, port: svc.counter!.state().reader.port },
      { state: 'no-reader', port: null },
    );
    const other = await openSerialPort(readerPath); // another program can open it now
    await closeSerialPort(other);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(svc.counter!.state().reader.state, 'no-reader', 'and it is not polled any more');

    const back = await ipc.invoke('saveSettings', { readerPort: readerPath });
    assert.equal(back.ok, true);
    await until(() => svc.counter!.state().reader.state === 'idle');
    assert.equal(svc.counter!.state().reader.port, readerPath);
  });
});
