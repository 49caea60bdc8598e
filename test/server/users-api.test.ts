// User administration through the real HTTP server: list, create, change role, disable and
// re-enable, reset a password (must change at the next sign-in), unlock, last sign-in, own password
// change; the last active administrator kept; every change audited without a password; the first
// administrator created from this machine only, once.
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { MAX_FAILURES } from '../../main/store/users.js';
import { startAdminServer, type AdminServer } from '../helpers/review-server.js';
import { tempDir } from '../helpers/tmp.js';

let s: AdminServer;
const ADMIN_PW = 'first-admin-password';
async function call(method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}, base = s.url) {
  const r = await fetch(base + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { 'x-session-token': token } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as any };
}
const login = async (username: string, password: string) => call('POST', '/api/v1/login', { username, password });

before(async () => {
  s = await startAdminServer(tempDir('sophon-users'));
});
after(() => s.close());

describe('users API', () => {
  let admin: string;
  let clerkId: number;

  it('first run: while no user exists, the first administrator is created from this machine, once', async () => {
    assert.deepEqual((await call('GET', '/api/v1/setup')).json, { needed: true, allowed: true });
    const proxied = await call('POST', '/api/v1/setup', { username: 'boss', password: ADMIN_PW }, undefined, {
      'x-forwarded-for': '203.0.113.9',
    });
    assert.equal(proxied.status, 403);
    assert.equal(proxied.json.error.reason, 'LOOPBACK_ONLY');
    const weak = await call('POST', '/api/v1/setup', { username: 'boss', password: 'short' });
    assert.equal(weak.status, 400);
    const ok = await call('POST', '/api/v1/setup', { username: 'boss', password: ADMIN_PW });
    assert.equal(ok.status, 201, JSON.stringify(ok.json));
    const again = await call('POST', '/api/v1/setup', { username: 'other', password: ADMIN_PW });
    assert.equal(again.status, 409);
    assert.equal(again.json.error.reason, 'SETUP_DONE');
    assert.equal((await call('GET', '/api/v1/setup')).json.needed, false);
    const l = await login('boss', ADMIN_PW);
    assert.equal(l.status, 200);
    assert.equal(l.json.must_change_password, false);
    admin = l.json.token;
  });

  it('from another address of this machine (not loopback) the first run is refused', async (t) => {
    const ip = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    if (!ip) return t.skip('no non-loopback address');
    const remote = await startAdminServer(tempDir('sophon-users-remote'), '0.0.0.0');
    try {
      const base = remote.url.replace('0.0.0.0', ip);
      assert.deepEqual((await call('GET', '/api/v1/setup', undefined, undefined, {}, base)).json, { needed: true, allowed: false });
      const r = await call('POST', '/api/v1/setup', { username: 'boss', password: ADMIN_PW }, undefined, {}, base);
      assert.equal(r.status, 403);
      assert.equal(r.json.error.reason, 'LOOPBACK_ONLY');
    } finally {
      await remote.close();
    }
  });

  it('create and list users with role, state and last sign-in; only admins may', async () => {
    const c = await call('POST', '/api/v1/users', { username: 'clerk1', role: 'clerk', password: 'clerk-password-1' }, admin);
    assert.equal(c.status, 201, JSON.stringify(c.json));
    clerkId = c.json.id;
    assert.equal(
      (await call('POST', '/api/v1/users', { username: 'clerk1', role: 'clerk', password: 'clerk-password-1' }, admin)).status,
      409,
    );
    assert.equal(
      (await call('POST', '/api/v1/users', { username: 'sup', role: 'supervisor', password: 'supervisor-pass-1' }, admin)).status,
      201,
    );
    const clerk = (await login('clerk1', 'clerk-password-1')).json.token;
    assert.equal((await call('GET', '/api/v1/users', undefined, clerk)).status, 403);
    const list = (await call('GET', '/api/v1/users', undefined, admin)).json.users as any[];
    assert.deepEqual(
      list.map((u) => [u.username, u.role, u.disabled]),
      [
        ['boss', 'admin', false],
        ['clerk1', 'clerk', false],
        ['sup', 'supervisor', false],
      ],
    );
    const c1 = list.find((u) => u.username === 'clerk1');
    assert.ok(c1.last_login_at > Date.now() / 1000 - 60, 'last sign-in recorded');
    assert.equal(list.find((u) => u.username === 'sup').last_login_at, null, 'never signed in');
    assert.ok(list.every((u) => !('password_hash' in u)));
  });

  it('change role, disable (sessions end, sign-in refused), re-enable', async () => {
    const clerk = (await login('clerk1', 'clerk-password-1')).json.token;
    const role = await call('PATCH', `/api/v1/users/${clerkId}`, { role: 'supervisor' }, admin);
    assert.equal(role.status, 200);
    assert.equal(role.json.role, 'supervisor');
    const off = await call('PATCH', `/api/v1/users/${clerkId}`, { disabled: true }, admin);
    assert.equal(off.json.disabled, true);
    assert.equal((await call('GET', '/api/v1/events', undefined, clerk)).status, 401, 'the disabled user’s session ended');
    assert.equal((await login('clerk1', 'clerk-password-1')).status, 401);
    assert.equal((await call('PATCH', `/api/v1/users/${clerkId}`, { disabled: false }, admin)).json.disabled, false);
    assert.equal((await login('clerk1', 'clerk-password-1')).status, 200);
    assert.equal((await call('PATCH', `/api/v1/users/${clerkId}`, {}, admin)).status, 400, 'an empty change is refused');
    assert.equal((await call('PATCH', '/api/v1/users/9999', { disabled: true }, admin)).status, 404);
  });

  it('the last active administrator can be neither disabled nor demoted', async () => {
    const me = ((await call('GET', '/api/v1/users', undefined, admin)).json.users as any[]).find((u) => u.username === 'boss');
    for (const change of [{ disabled: true }, { role: 'supervisor' }]) {
      const r = await call('PATCH', `/api/v1/users/${me.id}`, change, admin);
      assert.equal(r.status, 409, JSON.stringify(change));
      assert.equal(r.json.error.reason, 'LAST_ADMIN');
    }
    // With a second administrator, the first may step down.
    await call('PATCH', `/api/v1/users/${clerkId}`, { role: 'admin' }, admin);
    assert.equal((await call('PATCH', `/api/v1/users/${me.id}`, { role: 'supervisor' }, admin)).status, 200);
    const other = (await login('clerk1', 'clerk-password-1')).json.token;
    assert.equal((await call('PATCH', `/api/v1/users/${me.id}`, { role: 'admin' }, other)).status, 200);
    admin = (await login('boss', ADMIN_PW)).json.token;
    assert.equal((await call('PATCH', `/api/v1/users/${clerkId}`, { role: 'clerk' }, admin)).status, 200);
  });

  it('reset password: the user must change it at the next sign-in; until then nothing else is allowed', async () => {
    const r = await call('POST', `/api/v1/users/${clerkId}/password`, { password: 'temporary-pass-1' }, admin);
    assert.equal(r.status, 200);
    assert.equal(r.json.must_change_password, true);
    assert.equal((await login('clerk1', 'clerk-password-1')).status, 401, 'the old password is gone');
    const l = await login('clerk1', 'temporary-pass-1');
    assert.equal(l.json.must_change_password, true);
    const t = l.json.token;
    assert.deepEqual((await call('GET', '/api/v1/account', undefined, t)).json, {
      username: 'clerk1',
      role: 'clerk',
      must_change_password: true,
    });
    const blocked = await call('GET', '/api/v1/events', undefined, t);
    assert.equal(blocked.status, 403);
    assert.equal(blocked.json.error.reason, 'PASSWORD_CHANGE_REQUIRED');
    assert.equal((await call('PUT', '/api/v1/account/password', { current: 'wrong-password', next: 'my-own-password-1' }, t)).status, 403);
    assert.equal(
      (await call('PUT', '/api/v1/account/password', { current: 'temporary-pass-1', next: 'temporary-pass-1' }, t)).json.error.reason,
      'SAME_PASSWORD',
    );
    assert.equal(
      (await call('PUT', '/api/v1/account/password', { current: 'temporary-pass-1', next: 'my-own-password-1' }, t)).status,
      200,
    );
    assert.equal((await call('GET', '/api/v1/events', undefined, t)).status, 200, 'changed: allowed again');
    assert.equal((await login('clerk1', 'my-own-password-1')).json.must_change_password, false);
  });

  it('unlock: a clerk locked out by failed sign-ins can sign in at once', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) await login('clerk1', 'not-the-password');
    const locked = await login('clerk1', 'my-own-password-1');
    assert.equal(locked.json.error.reason, 'LOCKED_OUT');
    const row = ((await call('GET', '/api/v1/users', undefined, admin)).json.users as any[]).find((u) => u.username === 'clerk1');
    assert.ok(row.locked_until > Date.now() / 1000);
    const u = await call('POST', `/api/v1/users/${clerkId}/unlock`, {}, admin);
    assert.equal(u.json.locked_until, null);
    assert.equal((await login('clerk1', 'my-own-password-1')).status, 200);
  });

  it('every change is audited, and no password is in the audit log', () => {
    const rows = s.store.db.prepare('SELECT actor, action, target, detail FROM audit').all() as {
      actor: string;
      action: string;
      target: string | null;
      detail: string | null;
    }[];
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'user.create',
      'user.change',
      'user.disable',
      'user.enable',
      'user.reset-password',
      'user.unlock',
      'password.change',
      'password.change-failed',
    ])
      assert.ok(actions.has(a), a);
    const text = JSON.stringify(rows);
    for (const pw of [ADMIN_PW, 'clerk-password-1', 'temporary-pass-1', 'my-own-password-1'])
      assert.ok(!text.includes(pw), 'no password in the audit');
  });
});
