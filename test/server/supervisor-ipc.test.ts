// The desktop app's IPC carries the supervisor tools as /api/v1 does: the dashboard, unmask with a
// reason (audited), the filtered audit log and both CSV exports (BOM, the terminal's language), and
// the window's session found again after a reload. Real store on disk; the handlers as bound.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIpcHandlers } from '../../main/app/ipc-handlers.js';
import { OPERATION_NAMES } from '../../main/contracts/operations.js';
import { isChannelName } from '../../main/electron/ipc-channels.js';
import { SettingsFile } from '../../main/settings/settings-file.js';
import { openStore } from '../../main/store/open-store.js';
import { createUser, setupAdmin } from '../../main/store/users.js';
import { tempDir } from '../helpers/tmp.js';

describe('IPC: supervisor tools', () => {
  const dir = tempDir('sophon-ipc-supervisor');
  const store = openStore(dir);
  const settings = new SettingsFile(dir, store.key);
  const handlers = () => createIpcHandlers({ store, counter: undefined as never, settings, applySettings: async () => {} });
  setupAdmin(store.db, 'boss', 'first-admin-pass');
  createUser(store.db, 'sup', 'supervisor', 'supervisor-pass', 'boss');
  const now = Date.now() / 1000;
  const ids = Array.from({ length: 6 }, (_, i) =>
    store.saveCompareEvent({
      compareTime: now,
      source: 'counter',
      terminalId: '柜台-1',
      operator: 'clerk1',
      identity: { user_idcard: `11010519850312${1000 + i}`, user_name: `李${i}`, card_type: '0' },
      score: -0.2 + i * 0.1,
      threshold: 0.225,
      decision: -0.2 + i * 0.1 >= 0.225,
      timings: {},
      modelId: 'test',
    }),
  );

  it('dashboard, unmask, audit log and exports; the session is found again', async () => {
    const w = handlers();
    assert.ok((await w.invoke('login', { username: 'sup', password: 'supervisor-pass' })).ok);
    const d = await w.invoke('dashboard', {
      from: String(Math.floor(now - 86400)),
      to: String(Math.ceil(now + 3600)),
      utc_offset_minutes: '480',
    });
    assert.ok(d.ok, JSON.stringify(d));
    assert.equal((d.value as { checks: number }).checks, 6);
    assert.deepEqual(
      (d.value as { terminals: { terminal: string; checks: number }[] }).terminals.map((t) => [t.terminal, t.checks]),
      [['柜台-1', 6]],
    );
    const bad = await w.invoke('unmaskEvent', { id: ids[2], reason: 'x' });
    assert.ok(!bad.ok && bad.error.status === 400, 'a reason is required');
    const u = await w.invoke('unmaskEvent', { id: ids[2], reason: '客户投诉核实' });
    assert.ok(u.ok);
    assert.equal((u.value as { identity: { user_name: string } }).identity.user_name, '李2');
    const csv = await w.invoke('exportCsv', {});
    assert.ok(csv.ok);
    assert.ok((csv.value as string).startsWith('\uFEFF记录编号,服务器时间'), 'BOM and the Chinese header');
    assert.ok((csv.value as string).includes(',-0.2,0.225,不通过,'), 'a negative score written as a number');
    assert.equal((await w.invoke('auditLog', {})).ok, false, 'the audit log is for administrators');
    const again = await w.invoke('account', undefined);
    assert.ok(again.ok && (again.value as { username: string }).username === 'sup', 'the window still has its user after a reload');

    const admin = handlers();
    assert.ok((await admin.invoke('login', { username: 'boss', password: 'first-admin-pass' })).ok);
    const log = await admin.invoke('auditLog', { action: 'event.unmask' });
    assert.ok(log.ok);
    const entries = (log.value as { entries: { actor: string; target: string; detail: string }[]; total: number }).entries;
    assert.deepEqual(
      entries.map((e) => [e.actor, e.target, JSON.parse(e.detail).reason]),
      [['sup', ids[2], '客户投诉核实']],
    );
    const audit = await admin.invoke('exportAuditCsv', { action: 'event.unmask' });
    assert.ok(audit.ok && (audit.value as string).startsWith('\uFEFF时间,时区,操作人,操作'));
    assert.ok((audit.value as string).includes(',查看完整信息,event.unmask,'));
  });

  it('the preload allow-list has every handler channel', () => {
    assert.deepEqual([...handlers().channels].sort(), [...OPERATION_NAMES].sort());
    for (const n of OPERATION_NAMES) assert.ok(isChannelName(n), n);
  });
});
