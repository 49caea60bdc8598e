// The desktop app's IPC for user administration: the same operations and refusals as
// /api/v1/users, a reset password gating every other channel until it is changed, and the first run
// (the window is this machine itself). Real store on disk; the handlers as main/electron binds them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIpcHandlers } from '../../main/app/ipc-handlers.js';
import { OPERATION_NAMES } from '../../main/contracts/operations.js';
import { isChannelName } from '../../main/electron/ipc-channels.js';
import { SettingsFile } from '../../main/settings/settings-file.js';
import { openStore } from '../../main/store/open-store.js';
import { tempDir } from '../helpers/tmp.js';

describe('IPC: users', () => {
  const dir = tempDir('sophon-ipc-users');
  const store = openStore(dir);
  const handlers = () =>
    createIpcHandlers({ store, counter: undefined as never, settings: new SettingsFile(dir, store.key), applySettings: async () => {} });

  it('first run in the window, then the same user administration as over HTTP', async () => {
    const w = handlers();
    assert.deepEqual(await w.invoke('setupState', undefined), { ok: true, value: { needed: true, allowed: true } });
    assert.equal((await w.invoke('setupAdmin', { username: 'boss', password: 'first-admin-pass' })).ok, true);
    const again = await w.invoke('setupAdmin', { username: 'boss2', password: 'first-admin-pass' });
    assert.ok(!again.ok && again.error.reason === 'SETUP_DONE' && again.error.status === 409);
    assert.equal((await w.invoke('users', {})).ok, false, 'sign in first');
    const l = await w.invoke('login', { username: 'boss', password: 'first-admin-pass' });
    assert.ok(l.ok && (l.value as { must_change_password: boolean }).must_change_password === false);
    const c = await w.invoke('createUser', { username: 'clerk1', role: 'clerk', password: 'clerk-password-1' });
    assert.ok(c.ok, JSON.stringify(c));
    const id = (c.value as { id: number }).id;
    const list = await w.invoke('users', {});
    assert.ok(list.ok);
    assert.deepEqual(
      (list.value as { users: { username: string }[] }).users.map((u) => u.username),
      ['boss', 'clerk1'],
    );
    const me = (list.value as { users: { id: number; username: string }[] }).users.find((u) => u.username === 'boss')!;
    const last = await w.invoke('changeUser', { id: me.id, disabled: true });
    assert.ok(!last.ok && last.error.reason === 'LAST_ADMIN' && last.error.status === 409);
    assert.ok((await w.invoke('changeUser', { id, role: 'supervisor' })).ok);
    const bad = await w.invoke('changeUser', { id, role: 'root' });
    assert.ok(!bad.ok && bad.error.status === 400);
    assert.ok((await w.invoke('resetPassword', { id, password: 'temporary-pass-1' })).ok);
    assert.ok((await w.invoke('unlockUser', { id })).ok);

    const clerk = handlers();
    const cl = await clerk.invoke('login', { username: 'clerk1', password: 'temporary-pass-1' });
    assert.ok(cl.ok && (cl.value as { must_change_password: boolean }).must_change_password === true);
    const gated = await clerk.invoke('listEvents', {});
    assert.ok(!gated.ok && gated.error.reason === 'PASSWORD_CHANGE_REQUIRED');
    const wrong = await clerk.invoke('changeOwnPassword', { current: 'nope-nope-nope', next: 'my-own-password-1' });
    assert.ok(!wrong.ok && wrong.error.status === 403, 'a wrong current password is not a lost session');
    assert.ok((await clerk.invoke('changeOwnPassword', { current: 'temporary-pass-1', next: 'my-own-password-1' })).ok);
    const users = await clerk.invoke('users', {});
    assert.ok(!users.ok && users.error.reason === 'ROLE_REQUIRED', 'a supervisor is not an administrator');
  });

  it("checks the request and the answer of every operation at the edge, with the table's schemas", async () => {
    const odd = { state: () => ({ reader: 'not a reader state' }), signedIn: () => {}, sessionEnded: () => {} };
    const w = createIpcHandlers({
      store,
      counter: odd as never,
      settings: new SettingsFile(dir, store.key),
      applySettings: async () => {},
    });
    assert.ok((await w.invoke('login', { username: 'boss', password: 'first-admin-pass' })).ok);
    const bad = await w.invoke('changeUser', { id: 'x', role: 'clerk' });
    assert.ok(
      !bad.ok && bad.error.reason === 'BAD_FIELD' && bad.error.status === 400 && 'id' in (bad.error.fields ?? {}),
      JSON.stringify(bad),
    );
    const extra = await w.invoke('users', { sneaky: 1 });
    assert.ok(!extra.ok && extra.error.reason === 'BAD_FIELD', 'an operation without a request takes none');
    const answer = await w.invoke('counterState', undefined);
    assert.ok(
      !answer.ok && answer.error.reason === 'BAD_ANSWER' && answer.error.status === 500,
      'an answer outside its schema never reaches the window',
    );
  });

  it('every operation of the table has its channel, a name the preload forwards', () => {
    assert.deepEqual([...handlers().channels].sort(), [...OPERATION_NAMES].sort());
    for (const n of OPERATION_NAMES) assert.ok(isChannelName(n), n);
  });
});
