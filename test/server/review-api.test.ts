// Users, roles and the review API over loopback against a real store with real photos.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../main/store/db.js';
import type { NewCompareEvent } from '../../main/store/events.js';
import { verifyStore } from '../../main/store/maintenance.js';
import { AuthError, createUser, login, MAX_FAILURES, sessionUser, setupAdmin } from '../../main/store/users.js';
import { faceBytes } from '../helpers/faces.js';
import { startServer, type TestServer } from '../helpers/server.js';
import path from 'node:path';
import os from 'node:os';
import { mkdtempSync } from 'node:fs';

let s: TestServer;
const ids: string[] = [];
const card = faceBytes('dev/p02/img3.jpg');
const live = faceBytes('dev/p02/img12.jpg');
const ev = (i: number, over: Partial<NewCompareEvent> = {}): NewCompareEvent => ({
  compareTime: 1764000000 + i,
  source: i % 2 ? 'counter' : 'api',
  terminalId: i % 3 ? 'counter-1' : 'counter-2',
  operator: i % 2 ? 'clerk1' : null,
  identity: { user_idcard: `11010519491231${String(1000 + i).slice(-4)}`, user_name: `名字${i}`, user_address: '北京市东城区' },
  cardPhoto: card,
  livePhoto: live,
  score: -0.2 + i * 0.05,
  threshold: 0.225,
  decision: -0.2 + i * 0.05 >= 0.225,
  timings: { total_ms: 30 },
  modelId: 'test',
  ...over,
});
const tokens: Record<string, string> = {};
const get = async (p: string, role: string) => {
  const r = await fetch(s.url + p, { headers: { 'x-session-token': tokens[role] ?? '' } });
  const text = await r.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: r.status, json, text, headers: r.headers };
};
const postJson = async (p: string, body: unknown, role?: string) => {
  const r = await fetch(s.url + p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(role ? { 'x-session-token': tokens[role]! } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as any };
};

before(async () => {
  s = await startServer({ engine: { poolSize: 1 } });
  for (let i = 0; i < 12; i++) ids.push(s.store.saveCompareEvent(ev(i)));
  ids.push(
    s.store.saveCompareEvent(
      ev(12, { identity: { user_idcard: '110105194912310099', user_name: '=HYPERLINK("http://x","y")', user_address: '+1 formula' } }),
    ),
  );
  setupAdmin(s.store.db, 'root', 'correct horse battery');
  createUser(s.store.db, 'sup', 'supervisor', 'supervisor-password', 'root');
  createUser(s.store.db, 'clerk', 'clerk', 'clerk-password-1', 'root');
  for (const [role, user, pw] of [
    ['admin', 'root', 'correct horse battery'],
    ['supervisor', 'sup', 'supervisor-password'],
    ['clerk', 'clerk', 'clerk-password-1'],
  ]) {
    const r = await postJson('/api/v1/login', { username: user, password: pw });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    tokens[role!] = r.json.token;
  }
});
after(() => s.close());

describe('users', () => {
  it('one-time admin setup, scrypt hashes, lockout after repeated failures, sessions', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sophon-users-'));
    const db = openDatabase(path.join(dir, 'x.db'));
    assert.throws(() => setupAdmin(db, 'a', 'short'), AuthError);
    setupAdmin(db, 'admin', 'a-long-password');
    assert.throws(() => setupAdmin(db, 'admin2', 'a-long-password'), /exists already/);
    const hash = (db.prepare('SELECT password_hash FROM users').get() as { password_hash: string }).password_hash;
    assert.match(hash, /^scrypt\$/);
    assert.ok(!hash.includes('a-long-password'));
    for (let i = 0; i < MAX_FAILURES - 1; i++) assert.throws(() => login(db, 'admin', 'wrong'), /wrong username or password/);
    assert.throws(
      () => login(db, 'admin', 'wrong'),
      (e) => e instanceof AuthError && e.code === 'LOCKED_OUT',
    );
    assert.throws(
      () => login(db, 'admin', 'a-long-password'),
      (e) => e instanceof AuthError && e.code === 'LOCKED_OUT',
      'locked even with the right password',
    );
    const later = Date.now() / 1000 + 16 * 60;
    const ok = login(db, 'admin', 'a-long-password', later);
    assert.equal(sessionUser(db, ok.token, later)!.username, 'admin');
    assert.equal(sessionUser(db, ok.token, later + 9 * 3600), null, 'sessions expire');
    assert.throws(() => login(db, 'nobody', 'whatever'), /wrong username or password/);
    db.close();
  });
});

describe('review API', () => {
  it('requires a session and the right role', async () => {
    tokens.none = 'not-a-session';
    assert.equal((await get('/api/v1/events', 'none')).status, 401);
    assert.equal((await get(`/api/v1/events/${ids[0]}`, 'clerk')).status, 403);
    assert.equal((await get('/api/v1/events.csv', 'clerk')).status, 403);
    assert.equal((await get('/api/v1/audit', 'supervisor')).status, 403);
  });

  it('lists with filters, a total and keyset pages; clerks see masked identities', async () => {
    const all = await get('/api/v1/events?limit=5', 'clerk');
    assert.equal(all.status, 200);
    assert.equal(all.json.total, 13);
    assert.equal(all.json.events[0].id, ids[12], 'newest first');
    assert.match(all.json.events[1].identity.user_idcard, /^1101\*{10}\d{4}$/);
    assert.ok(all.json.events[1].identity.user_name.endsWith('*'));
    const seen: string[] = [];
    let next: number | null = null;
    do {
      const page: any = await get(`/api/v1/events?limit=5${next ? `&before=${next}` : ''}`, 'clerk');
      seen.push(...page.json.events.map((e: { id: string }) => e.id));
      next = page.json.next;
    } while (next);
    assert.deepEqual(seen, [...ids].reverse());
    const passes = await get('/api/v1/events?decision=pass', 'supervisor');
    assert.ok(passes.json.events.every((e: { decision: boolean }) => e.decision));
    const range = await get('/api/v1/events?score_min=0&score_max=0.2&source=api', 'supervisor');
    assert.ok(range.json.events.every((e: { score: number; source: string }) => e.score >= 0 && e.score <= 0.2 && e.source === 'api'));
    const exact = await get('/api/v1/events?id_number=110105194912310099&unmasked=1', 'admin');
    assert.equal(exact.json.total, 1);
    assert.equal(exact.json.events[0].identity.user_idcard, '110105194912310099');
  });

  it('finds events by name prefix through the blind index, and reports daily statistics', async () => {
    const byName = await get(`/api/v1/events?name_prefix=${encodeURIComponent('名字1')}&unmasked=1`, 'admin');
    const names = byName.json.events.map((e: { identity: { user_name: string } }) => e.identity.user_name).sort();
    assert.deepEqual(names, ['名字1', '名字10', '名字11']);
    assert.equal(byName.json.total, 3, 'the total comes from the blind index and agrees');
    const stats = await get('/api/v1/stats?utc_offset_minutes=0', 'supervisor');
    assert.equal(stats.status, 200);
    const checks = stats.json.days.reduce((a: number, d: { checks: number }) => a + d.checks, 0);
    assert.equal(checks, 13);
    assert.equal(stats.json.histogram.length, 20);
    assert.equal(
      stats.json.histogram.reduce((a: number, h: { count: number }) => a + h.count, 0),
      13,
    );
    const passes = stats.json.days.reduce((a: number, d: { passes: number }) => a + d.passes, 0);
    assert.equal(passes, (await get('/api/v1/events?decision=pass', 'supervisor')).json.total);
    assert.ok(stats.json.operators.some((o: { operator: string | null }) => o.operator === 'clerk1'));
    // The hourly aggregates kept on insert answer exactly what a scan of the events answers.
    const { EventQueries } = await import('../../main/store/review-queries.js');
    const q = new EventQueries(s.store.db, s.store.key);
    const byAggregates = q.stats({ from: 0, to: 4e9 }, 480);
    const byScan = (q as unknown as { statsByScan(f: object, o: number, b: number): unknown }).statsByScan({ from: 0, to: 4e9 }, 480, 20);
    assert.deepEqual(byAggregates, byScan);
  });

  it('shows one event with both photos, and records its review', async () => {
    const one = await get(`/api/v1/events/${ids[3]}`, 'supervisor');
    assert.equal(one.status, 200);
    assert.deepEqual(Buffer.from(one.json.card_photo, 'base64'), card);
    assert.deepEqual(Buffer.from(one.json.live_photo, 'base64'), live);
    const r = await postJson(`/api/v1/events/${ids[3]}/review`, { state: 'overridden', comment: 'customer known in person' }, 'supervisor');
    assert.equal(r.status, 200);
    const again = await get(`/api/v1/events/${ids[3]}`, 'supervisor');
    assert.equal(again.json.review_state, 'overridden');
    // The per-state totals follow the review.
    assert.equal((await get('/api/v1/events?review_state=overridden', 'supervisor')).json.total, 1);
    assert.equal((await get('/api/v1/events?review_state=unreviewed', 'supervisor')).json.total, 12);
    assert.equal(
      (await get('/api/v1/events?review_state=unreviewed&source=api', 'supervisor')).json.total,
      (await get('/api/v1/events?source=api', 'supervisor')).json.total - (ids.indexOf(ids[3]!) % 2 ? 0 : 1),
    );
    assert.equal(again.json.reviews[0].reviewer, 'sup');
    assert.equal(verifyStore(s.store.db).ok, true, 'reviews leave the chain intact');
    const audit = await get('/api/v1/audit', 'admin');
    const actions = audit.json.entries.map((e: { action: string }) => e.action);
    for (const a of ['event.review', 'event.view', 'events.list', 'login']) assert.ok(actions.includes(a), a);
  });

  it('exports CSV masked, with formula injection neutralised', async () => {
    const csv = await get('/api/v1/events.csv', 'supervisor');
    assert.equal(csv.status, 200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines.length, 14);
    assert.ok(!csv.text.includes('110105194912310099'), 'ID numbers masked');
    // Read as a spreadsheet reads it: no cell is a formula; text cells that start with a trigger
    // are neutralised; scores (negative ones too) are numbers.
    const { default: XLSX } = await import('xlsx');
    const sheet = XLSX.read(Buffer.from('\uFEFF' + csv.text.replace(/^\uFEFF/, ''), 'utf8'), { type: 'buffer' }).Sheets.Sheet1!; // fetch's text() drops the BOM the server sends
    const cells = Object.entries(sheet).filter(([k]) => !k.startsWith('!')) as [string, { t: string; v: unknown; f?: string }][];
    assert.deepEqual(
      cells.filter(([, c]) => c.f !== undefined).map(([k]) => k),
      [],
      'no formula cells',
    );
    assert.ok(
      cells.every(([, c]) => c.t !== 's' || !/^[=+\-@]/.test(String(c.v))),
      'no text cell starts with a formula trigger',
    );
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 });
    const scoreCol = (rows[0] as string[]).indexOf('相似度');
    assert.ok(
      rows.slice(1).every((r) => typeof r[scoreCol] === 'number'),
      'scores are numbers',
    );
    assert.ok(
      rows.slice(1).some((r) => (r[scoreCol] as number) < 0),
      'negative scores too',
    );
  });

  it('treats SQL and path injection in every parameter as data or refuses it', async () => {
    const attempts = [
      "operator=x' OR '1'='1",
      'terminal=%25',
      "terminal=counter-1' --",
      'source=api;DROP TABLE events',
      'decision=pass OR 1=1',
      'review_state=unreviewed)--',
      'score_min=0 OR 1=1',
      'before=1 OR 1=1',
      "id_number=1' OR 1=1 --",
      'limit=-1',
      'unknown=1',
    ];
    for (const a of attempts) {
      const [k, v] = a.split('=');
      const r = await get(`/api/v1/events?${k}=${encodeURIComponent(v!.replace('%25', '%'))}`, 'supervisor');
      assert.ok(r.status === 400 || (r.status === 200 && r.json.total === 0), `${a}: ${r.status} ${r.text.slice(0, 120)}`);
    }
    for (const p of ['/api/v1/events/..%2F..%2Fetc%2Fpasswd', "/api/v1/events/x' OR 1=1", '/api/v1/events/%00']) {
      const r = await get(p, 'supervisor');
      assert.ok(r.status === 400 || r.status === 404, `${p}: ${r.status}`);
    }
    assert.equal((await get('/api/v1/events', 'supervisor')).json.total, 13, 'the table is intact');
  });
});
