// The screens' client has two transports (HTTP/SSE in the web build, IPC in the desktop app); the
// same scenario runs against both, through the renderer's own transport classes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppComposition, AppServices } from '../../main/app/composition.js';
import { createIpcHandlers } from '../../main/app/ipc-handlers.js';
import { OPERATIONS } from '../../main/contracts/operations.js';
import { HttpTransport } from '../../renderer/src/api/http-transport.js';
import { IpcTransport } from '../../renderer/src/api/ipc-transport.js';
import { ApiError, type SophonApi } from '../../renderer/src/api/sophon-api.js';
import { testComposition } from '../helpers/composition.js';
import { ADMIN, seededDataDir } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';

let app: AppComposition, svc: AppServices;
before(async () => {
  app = testComposition(seededDataDir('sophon-transports'), {
    server: { host: '127.0.0.1', port: 0, maxBodyBytes: 10 << 20, maxPixels: 16e6, deadlineMs: 10_000 },
    settingsOverrides: { readerPort: `${tempDir('sophon-no-reader')}/reader` }, // no reader there: the counter says so
  });
  svc = await app.start();
});
after(() => app.stop());

const transports: Record<string, () => SophonApi> = {
  http: () => new HttpTransport(`http://127.0.0.1:${(svc.server!.server.address() as { port: number }).port}`),
  ipc: () => {
    const h = createIpcHandlers({ store: svc.store, counter: svc.counter!, settings: svc.settings, applySettings: svc.applySettings });
    return new IpcTransport({ invoke: (ch, p) => h.invoke(ch, p), on: () => () => {} });
  },
};

for (const [name, make] of Object.entries(transports)) {
  describe(`${name} transport`, () => {
    it('signs in, refuses before that, lists, exports, reads and changes the settings with per-field messages', async () => {
      const api = make();
      await assert.rejects(api.listEvents({}), (e: unknown) => e instanceof ApiError && e.status === 401);
      await assert.rejects(
        api.login({ username: ADMIN.username, password: 'wrong password!' }),
        (e: unknown) => e instanceof ApiError && e.status === 401,
      );
      const s = await api.login({ username: ADMIN.username, password: ADMIN.password });
      assert.equal(s.role, 'admin');
      const page = await api.listEvents({ limit: '10' });
      assert.equal(typeof page.total, 'number');
      // The export as Excel reads it: a UTF-8 BOM, then the header in the terminal's language (zh-CN).
      const csv = new Uint8Array(await (await api.exportCsv({})).arrayBuffer());
      assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.match(new TextDecoder().decode(csv), /^记录编号,服务器时间,/);
      await assert.rejects(api.saveSettings({ photoDays: 0, terminalId: '' }), (e: unknown) => {
        assert.ok(e instanceof ApiError);
        assert.equal(e.status, 400);
        assert.match(e.fields.photoDays!, /at least 1 day/);
        assert.match(e.fields.terminalId!, /a name for this counter/);
        return true;
      });
      const saved = await api.saveSettings({ quality: 'middle', apiToken: 'a-sixteen-char-token!' });
      assert.equal(saved.settings.quality, 'middle');
      assert.equal(saved.settings.apiToken, null, 'the token never comes back');
      assert.equal(saved.settings.apiTokenSet, true);
      assert.deepEqual(saved.restart_required, name === 'http' ? ['apiToken'] : []);
      assert.equal((await api.settings()).quality, 'middle');
      assert.ok((await api.audit()).entries.some((a) => a.action === 'settings.change'));
      await assert.rejects(api.getEvent({ id: '01HZZZZZZZZZZZZZZZZZZZZZZZ' }), (e: unknown) => e instanceof ApiError && e.status === 404);
      await api.logout();
    });
  });
}

describe('the operation table', () => {
  it('every operation has its HTTP route (method and path from the table) and its IPC channel', () => {
    const h = createIpcHandlers({ store: svc.store, counter: svc.counter!, settings: svc.settings, applySettings: svc.applySettings });
    assert.deepEqual([...h.channels].sort(), Object.keys(OPERATIONS).sort());
    for (const [name, o] of Object.entries(OPERATIONS))
      assert.ok(svc.server!.hasRoute({ method: o.method, url: o.path }), `${name}: ${o.method} ${o.path}`);
  });
});
