// The supervisor tools over loopback on a real store seeded with 400 events over twelve days at
// known times (Asia/Shanghai): each list filter and each dashboard figure checked against a scan
// of the store done here in plain code; the resumed session; one event unmasked with a reason
// (audited, supervisors only); the audit log's filters and its CSV read by SheetJS.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import XLSX from 'xlsx';
import { buildServer, type CompareEngine } from '../../main/server/app.js';
import { openStore } from '../../main/store/open-store.js';
import type { SqliteEventStore } from '../../main/store/events.js';
import { createUser, setupAdmin } from '../../main/store/users.js';
import { localDate, offsetMinutes, zonedToUnix } from '../../main/common/zoned-time.js';
import { faceBytes } from '../helpers/faces.js';
import { tempDir } from '../helpers/tmp.js';

const TZ = 'Asia/Shanghai';
const N = 400;
const DAY0 = zonedToUnix(TZ, 2026, 11, 20); // 2026-11-20 00:00 in Shanghai
const card = faceBytes('dev/p02/img3.jpg');
const live = faceBytes('dev/p02/img12.jpg');

/** The review routes only: the engine is never asked (these requests compare nothing). */
const noEngine: CompareEngine = {
  isReady: false,
  modelId: 'none',
  compare: () => Promise.reject(new Error('not used')),
  stats: () => ({ size: 0, busy: 0, ready: 0, queued: 0, restarts: 0 }) as never,
};

let store: SqliteEventStore;
let url: string;
let close: () => Promise<void>;
const tokens: Record<string, string> = {};
const seeded: {
  id: string;
  at: number;
  terminal: string;
  operator: string | null;
  score: number;
  decision: boolean;
  source: string;
  name: string | null;
}[] = [];

const get = async (p: string, who = 'admin') => {
  const r = await fetch(url + p, { headers: { 'x-session-token': tokens[who] ?? '' } });
  const body = Buffer.from(await r.arrayBuffer());
  let json: any = null;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {}
  return { status: r.status, json, body };
};
const post = async (p: string, b: unknown, who = 'admin') => {
  const r = await fetch(url + p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-session-token': tokens[who] ?? '' },
    body: JSON.stringify(b),
  });
  return { status: r.status, json: (await r.json()) as any };
};

before(async () => {
  const dir = tempDir('sophon-supervisor');
  store = openStore(dir);
  const realNow = Date.now;
  try {
    for (let i = 0; i < N; i++) {
      // Spread over 12 days and every hour of the day, three terminals, four operators (one null).
      const at = DAY0 + (i % 12) * 86400 + ((i * 7) % 24) * 3600 + (i % 60) * 31;
      Date.now = () => at * 1000; // the store stamps server_time from the clock
      const score = Math.round((-0.5 + ((i * 37) % 140) / 100) * 10000) / 10000;
      const terminal = ['counter-01', 'counter-02', '柜台-03'][i % 3]!;
      const operator = i % 4 === 3 ? null : ['clerk1', 'clerk2', '张三'][i % 4]!;
      const name = i % 5 === 4 ? null : `${['王', '李', '张', 'Smith'][i % 4]}${i}`;
      const identity = name
        ? {
            user_idcard: `110105198001${String(1000 + i).slice(-4)}${i % 10}X`.slice(0, 18),
            user_name: name,
            card_type: i % 7 === 0 ? 'I' : '0',
          }
        : {};
      const id = store.saveCompareEvent({
        compareTime: at - 3600,
        source: i % 2 ? 'counter' : 'api',
        terminalId: terminal,
        operator,
        identity,
        cardPhoto: i < 3 ? card : null,
        livePhoto: i < 3 ? live : null,
        score,
        threshold: 0.225,
        decision: score >= 0.225,
        timings: { total_ms: 30 },
        modelId: 'test',
      });
      seeded.push({ id, at, terminal, operator, score, decision: score >= 0.225, source: i % 2 ? 'counter' : 'api', name });
    }
  } finally {
    Date.now = realNow;
  }
  setupAdmin(store.db, 'root', 'correct horse battery');
  createUser(store.db, 'sup', 'supervisor', 'supervisor-password', 'root');
  createUser(store.db, 'clerk', 'clerk', 'clerk-password-1', 'root');
  const app = buildServer({
    engine: noEngine,
    store,
    maxBodyBytes: 1 << 20,
    maxPixels: 1e6,
    deadlineMs: 1000,
    logger: false,
    version: 'test',
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  close = async () => {
    await app.close();
    store.close();
  };
  for (const [who, user, pw] of [
    ['admin', 'root', 'correct horse battery'],
    ['supervisor', 'sup', 'supervisor-password'],
    ['clerk', 'clerk', 'clerk-password-1'],
  ] as const) {
    const r = await post('/api/v1/login', { username: user, password: pw });
    assert.equal(r.status, 200);
    tokens[who] = r.json.token;
  }
  // Overrides by a supervisor on every 9th event.
  for (let i = 0; i < N; i += 9)
    assert.equal(
      (await post(`/api/v1/events/${seeded[i]!.id}/review`, { state: 'overridden', comment: `复核备注 ${i}` }, 'supervisor')).status,
      200,
    );
});
after(() => close?.());

describe('session', () => {
  it('a stored token resumes the session with its expiry; an unknown one is refused', async () => {
    const r = await get('/api/v1/session', 'clerk');
    assert.equal(r.status, 200);
    assert.equal(r.json.username, 'clerk');
    assert.equal(r.json.role, 'clerk');
    assert.ok(Math.abs(r.json.expires_at - (Date.now() / 1000 + 8 * 3600)) < 60, 'the same 8-hour expiry as at sign-in');
    tokens.nobody = 'not-a-token';
    assert.equal((await get('/api/v1/session', 'nobody')).status, 401);
  });
});

describe('lockout', () => {
  it('says until when as a number (the screen words it in local time), never only as an ISO stamp', async () => {
    createUser(store.db, 'lockme', 'clerk', 'lockme-password-1', 'root');
    const tries = [];
    for (let i = 0; i < 6; i++) tries.push(await post('/api/v1/login', { username: 'lockme', password: 'wrong' }));
    assert.deepEqual(
      tries.map((t) => t.json.error.reason),
      ['BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'LOCKED_OUT', 'LOCKED_OUT'],
    );
    for (const t of tries.slice(4))
      assert.ok(Math.abs(t.json.error.details.locked_until - (Date.now() / 1000 + 15 * 60)) < 60, JSON.stringify(t.json));
    assert.equal(tries[0]!.json.error.details, undefined);
  });
});

describe('event list filters against a scan of the store', () => {
  const all = async (q: string) => {
    const ids: string[] = [];
    let next: number | null = null;
    let total: number;
    do {
      const r: any = await get(`/api/v1/events?limit=97&${q}${next ? `&before=${next}` : ''}`, 'supervisor');
      assert.equal(r.status, 200, `${q}: ${JSON.stringify(r.json)}`);
      ids.push(...r.json.events.map((e: { id: string }) => e.id));
      total = r.json.total;
      next = r.json.next;
    } while (next);
    assert.equal(total, ids.length, `${q}: the total is the number of rows the pages give`);
    return ids;
  };
  const expect = (pred: (e: (typeof seeded)[number]) => boolean) =>
    seeded
      .filter(pred)
      .map((e) => e.id)
      .reverse();

  it('period, result, source, operator, terminal, score range, name prefix, and combinations', async () => {
    const from = DAY0 + 3 * 86400;
    const to = DAY0 + 7 * 86400;
    const cases: [string, (e: (typeof seeded)[number]) => boolean][] = [
      [`from=${from}&to=${to}`, (e) => e.at >= from && e.at < to],
      ['decision=pass', (e) => e.decision],
      ['decision=fail', (e) => !e.decision],
      ['source=api', (e) => e.source === 'api'],
      ['operator=clerk2', (e) => e.operator === 'clerk2'],
      [`operator=${encodeURIComponent('张三')}`, (e) => e.operator === '张三'],
      [`terminal=${encodeURIComponent('柜台-03')}`, (e) => e.terminal === '柜台-03'],
      ['score_min=0.1&score_max=0.4', (e) => e.score >= 0.1 && e.score <= 0.4],
      [`name_prefix=${encodeURIComponent('王')}`, (e) => e.name?.startsWith('王') ?? false],
      [
        `from=${from}&to=${to}&decision=pass&terminal=counter-01`,
        (e) => e.at >= from && e.at < to && e.decision && e.terminal === 'counter-01',
      ],
      ['review_state=overridden', (_e) => false],
    ];
    for (const [q, pred] of cases) {
      const got = await all(q);
      if (q === 'review_state=overridden')
        assert.deepEqual(
          got,
          seeded
            .filter((_, i) => i % 9 === 0)
            .map((e) => e.id)
            .reverse(),
        );
      else assert.deepEqual(got, expect(pred), q);
      assert.ok(got.length > 0, `${q}: the seeded data exercise the filter`);
    }
  });

  it('exact ID number finds its one event', async () => {
    const idOf = (i: number) => `110105198001${String(1000 + i).slice(-4)}${i % 10}X`.slice(0, 18);
    const one = await get(`/api/v1/events?id_number=${idOf(6)}`, 'supervisor');
    assert.equal(one.json.total, 1);
    assert.equal(one.json.events[0].id, seeded[6]!.id);
  });

  it('the audit log keeps the searches, not the names and ID numbers searched for', async () => {
    const rows = store.db.prepare("SELECT detail FROM audit WHERE action = 'events.list'").all() as { detail: string }[];
    const byName = rows.map((r) => JSON.parse(r.detail).filter).find((f) => f.name_prefix);
    assert.ok(byName, 'a name-prefix search was audited');
    assert.equal(byName.name_prefix, '*', 'masked as names are (a one-character prefix is all mask)');
    assert.ok(
      rows.some((r) => JSON.parse(r.detail).filter.id_number),
      'an ID-number search was audited',
    );
    assert.ok(!rows.some((r) => r.detail.includes('110105198001')), 'no ID number searched for');
  });
});

describe('dashboard against a scan of the store', () => {
  it('totals, pass rate, per day and hour in the terminal zone, histogram, per operator and terminal, overrides', async () => {
    const from = DAY0 + 2 * 86400;
    const to = DAY0 + 9 * 86400;
    const r = await get(`/api/v1/dashboard?from=${from}&to=${to}&utc_offset_minutes=${offsetMinutes(from, TZ)}`, 'supervisor');
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const d = r.json;
    const inP = seeded.filter((e) => e.at >= from && e.at < to);
    const overridden = new Set(seeded.filter((_, i) => i % 9 === 0).map((e) => e.id));
    assert.equal(d.checks, inP.length);
    assert.equal(d.passes, inP.filter((e) => e.decision).length);
    assert.equal(d.pass_rate, Math.round((d.passes / d.checks) * 10000) / 10000);
    assert.equal(d.overrides, inP.filter((e) => overridden.has(e.id)).length);
    assert.ok(d.overrides > 0 && d.override_share > 0 && d.override_share < 1);
    // Per day, in Shanghai's calendar.
    const days = new Map<string, number>();
    for (const e of inP) days.set(localDate(e.at, TZ), (days.get(localDate(e.at, TZ)) ?? 0) + 1);
    assert.deepEqual(
      Object.fromEntries(d.days.map((x: { day: string; checks: number }) => [x.day, x.checks])),
      Object.fromEntries([...days].sort()),
    );
    assert.equal(d.days[0].day, '2026-11-22');
    // Per hour of day, in Shanghai.
    const hours = Array.from({ length: 24 }, () => 0);
    for (const e of inP)
      hours[Number(new Intl.DateTimeFormat('en', { timeZone: TZ, hour: '2-digit', hourCycle: 'h23' }).format(e.at * 1000))]! += 1;
    assert.deepEqual(
      d.hours.map((h: { checks: number }) => h.checks),
      hours,
    );
    // Histogram: 20 bins over -1..1.
    const bins = Array.from({ length: 20 }, () => 0);
    for (const e of inP) bins[Math.min(19, Math.max(0, Math.trunc(((e.score + 1) / 2) * 20)))]! += 1;
    assert.deepEqual(
      d.histogram.map((h: { count: number }) => h.count),
      bins,
    );
    assert.deepEqual(d.thresholds, { low: 0.175, middle: 0.225, high: 0.275 });
    // Per operator and per terminal, with their overrides.
    for (const [key, list, field] of [
      ['operator', d.operators, 'operator'],
      ['terminal', d.terminals, 'terminal'],
    ] as const) {
      for (const row of list as { checks: number; passes: number; overrides: number; [k: string]: unknown }[]) {
        const mine = inP.filter((e) => (e[key] ?? null) === row[field]);
        assert.deepEqual(
          [row.checks, row.passes, row.overrides],
          [mine.length, mine.filter((e) => e.decision).length, mine.filter((e) => overridden.has(e.id)).length],
          `${key} ${String(row[field])}`,
        );
      }
      assert.equal(
        (list as { checks: number }[]).reduce((a, x) => a + x.checks, 0),
        inP.length,
      );
    }
  });

  it('refuses periods out of range and clerks', async () => {
    assert.equal((await get('/api/v1/dashboard?from=0&to=10', 'supervisor')).status, 400);
    assert.equal((await get(`/api/v1/dashboard?from=${DAY0 + 10}&to=${DAY0}`, 'supervisor')).status, 400);
    assert.equal((await get(`/api/v1/dashboard?from=${DAY0}&to=${DAY0 + 86400}`, 'clerk')).status, 403);
  });
});

describe('unmasking one event', () => {
  it('needs a supervisor and a reason; gives the full identity; is in the audit log with the reason', async () => {
    const e = seeded[1]!;
    assert.equal((await post(`/api/v1/events/${e.id}/unmask`, { reason: '客户投诉核实' }, 'clerk')).status, 403);
    assert.equal(
      (await post(`/api/v1/events/${e.id}/unmask`, { reason: 'x' }, 'supervisor')).status,
      400,
      'a reason of at least 4 characters',
    );
    const r = await post(`/api/v1/events/${e.id}/unmask`, { reason: '客户投诉核实' }, 'supervisor');
    assert.equal(r.status, 200);
    assert.equal(r.json.identity.user_name, e.name);
    assert.match(r.json.identity.user_idcard, /^110105198001\d+/);
    const log = await get(`/api/v1/audit-log?action=event.unmask&actor=sup`);
    assert.equal(log.json.total, 1);
    assert.equal(log.json.entries[0].target, e.id);
    assert.equal(JSON.parse(log.json.entries[0].detail).reason, '客户投诉核实');
    assert.equal((await post('/api/v1/events/01ARZ3NDEKTSV4RRFFQ69G5FAV/unmask', { reason: '客户投诉核实' }, 'supervisor')).status, 404);
    // A review or a look at an event that is not there: NO_SUCH_EVENT (404), nothing recorded.
    const missing = await post(
      '/api/v1/events/01ARZ3NDEKTSV4RRFFQ69G5FAV/review',
      { state: 'confirmed', comment: '核实无误' },
      'supervisor',
    );
    assert.deepEqual([missing.status, missing.json.error.reason], [404, 'NO_SUCH_EVENT']);
    assert.equal((await get('/api/v1/events/01ARZ3NDEKTSV4RRFFQ69G5FAV', 'supervisor')).json.error.reason, 'NO_SUCH_EVENT');
    // A list asked for unmasked stays masked for a supervisor: full identities one event at a time, with a reason.
    const list = await get('/api/v1/events?unmasked=1&limit=20', 'supervisor');
    assert.ok(
      list.json.events.every(
        (x: { identity: { user_idcard?: string } | null }) => !x.identity?.user_idcard || x.identity.user_idcard.includes('*'),
      ),
    );
    const adminList = await get('/api/v1/events?unmasked=1&limit=20', 'admin');
    assert.ok(
      adminList.json.events.some(
        (x: { identity: { user_idcard?: string } | null }) => x.identity?.user_idcard && !x.identity.user_idcard.includes('*'),
      ),
    );
  });
});

describe('events CSV', () => {
  it('opens right in a spreadsheet: BOM, Chinese header and values, local time with zone, numeric scores, review comments and reviewer', async () => {
    const r = await get('/api/v1/events.csv', 'supervisor');
    assert.equal(r.status, 200);
    assert.deepEqual([...r.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const wb = XLSX.read(r.body, { type: 'buffer' });
    const sheet = wb.Sheets[wb.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: '' });
    const head = rows[0] as string[];
    assert.deepEqual(head, [
      '记录编号',
      '服务器时间',
      '请求时间',
      '时区',
      '来源',
      '终端',
      '操作员',
      '证件类型',
      '证件号码',
      '姓名',
      '相似度',
      '阈值',
      '结果',
      '最终结果',
      '复核状态',
      '复核人',
      '复核时间',
      '复核备注',
      '模型',
    ]);
    assert.equal(rows.length - 1, N);
    const col = (name: string) => head.indexOf(name);
    const byId = new Map(rows.slice(1).map((row) => [row[0] as string, row]));
    for (const [i, e] of seeded.entries()) {
      const row = byId.get(e.id)!;
      assert.equal(typeof row[col('相似度')], 'number', 'a score is a number');
      assert.equal(row[col('相似度')], e.score);
      assert.equal(row[col('阈值')], 0.225);
      assert.equal(row[col('结果')], e.decision ? '通过' : '不通过');
      assert.equal(row[col('来源')], e.source === 'api' ? '接口' : '柜台');
      assert.equal(row[col('终端')], e.terminal, 'Chinese text survives');
      assert.equal(row[col('时区')], 'UTC+08:00');
      assert.equal(row[col('证件类型')], e.name ? (i % 7 === 0 ? '外国人永久居留身份证' : '居民身份证') : '');
      assert.equal(row[col('姓名')], e.name ? [...e.name][0] + '*'.repeat([...e.name].length - 1) : '', 'names masked');
      if (i % 9 === 0) {
        assert.equal(row[col('复核状态')], '已改判');
        assert.equal(row[col('复核人')], 'sup');
        assert.equal(row[col('复核备注')], `sup: 复核备注 ${i}`);
        assert.equal(row[col('最终结果')], e.decision ? '不通过' : '通过', 'the override flips the result in force');
      } else assert.equal(row[col('复核状态')], '未复核');
    }
    assert.ok(
      seeded.some((e) => e.score < 0),
      'negative scores are in the export',
    );
    // Server time as a date cell of Shanghai's wall clock.
    const first = seeded[N - 1]!;
    const cell = sheet[XLSX.utils.encode_cell({ r: 1, c: col('服务器时间') })]!;
    assert.equal(cell.t, 'n');
    assert.equal(
      XLSX.SSF.format('yyyy-mm-dd hh:mm:ss', cell.v as number),
      new Date((Math.floor(first.at) + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' '),
    );
    assert.equal(
      XLSX.SSF.format('yyyy-mm-dd hh:mm:ss', sheet[XLSX.utils.encode_cell({ r: 1, c: col('请求时间') })]!.v as number),
      new Date((Math.floor(first.at) - 3600 + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' '),
    );
  });

  it('neutralises formulas in text cells only', async () => {
    const id = store.saveCompareEvent({
      compareTime: DAY0,
      source: 'api',
      identity: { user_name: '=HYPERLINK("http://x","y")', user_idcard: '110105194912310099' },
      score: -0.3,
      threshold: 0.225,
      decision: false,
      timings: {},
      modelId: 'test',
    });
    const r = await get(`/api/v1/events.csv?source=api&score_max=-0.29&score_min=-0.31`, 'admin');
    const sheet = XLSX.read(r.body, { type: 'buffer' }).Sheets.Sheet1!;
    const cells = Object.entries(sheet).filter(([k]) => !k.startsWith('!')) as [string, { t: string; v: unknown; f?: string }][];
    assert.deepEqual(
      cells.filter(([, c]) => c.f !== undefined),
      [],
      'no formula cells',
    );
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true });
    const mine = rows.find((x) => x[0] === id)!;
    assert.equal(mine[9], "'=*************************", 'the masked name keeps its first character, neutralised');
    assert.equal(mine[10], -0.3, 'the negative score stays a number');
  });
});

describe('audit log', () => {
  it('filters by actor, action and period with keyset pages and a total; admins only', async () => {
    assert.equal((await get('/api/v1/audit-log', 'supervisor')).status, 403);
    const reviews = await get('/api/v1/audit-log?action=event.review&limit=7');
    const ids: number[] = [];
    let page = reviews.json;
    for (;;) {
      ids.push(...page.entries.map((x: { id: number }) => x.id));
      assert.ok(page.entries.every((x: { action: string; actor: string }) => x.action === 'event.review' && x.actor === 'sup'));
      if (!page.next) break;
      page = (await get(`/api/v1/audit-log?action=event.review&limit=7&before=${page.next}`)).json;
    }
    assert.equal(ids.length, Math.ceil(N / 9));
    assert.equal(reviews.json.total, ids.length);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
      'newest first',
    );
    const scan = store.db.prepare("SELECT count(*) AS n FROM audit WHERE actor = 'root'").get() as { n: number };
    assert.equal((await get('/api/v1/audit-log?actor=root')).json.total, scan.n);
    const now = Date.now() / 1000;
    assert.equal((await get(`/api/v1/audit-log?from=${Math.floor(now + 3600)}`)).json.total, 0);
    assert.ok((await get(`/api/v1/audit-log?from=${Math.floor(now - 3600)}`)).json.total > ids.length);
    for (const bad of ["action=x' OR 1=1", 'limit=0', 'from=1', 'unknown=1'])
      assert.equal((await get(`/api/v1/audit-log?${bad}`)).status, 400, bad);
  });

  it('exports as a CSV that a spreadsheet reads: UTF-8 BOM, Chinese header and actions, local time and zone', async () => {
    const r = await get('/api/v1/audit-log.csv?action=event.review');
    assert.equal(r.status, 200);
    assert.deepEqual([...r.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const wb = XLSX.read(r.body, { type: 'buffer', raw: false });
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: false, defval: '' });
    assert.deepEqual(rows[0], ['时间', '时区', '操作人', '操作', '操作代码', '对象', '详情']);
    assert.equal(rows.length - 1, Math.ceil(N / 9));
    assert.equal(rows[1]![1], 'UTC+08:00');
    assert.equal(rows[1]![3], '复核记录');
    assert.equal(rows[1]![4], 'event.review');
    // The time cell is a date to the spreadsheet, in Shanghai's wall clock (not UTC).
    const cell = wb.Sheets[wb.SheetNames[0]!]!['A2']!;
    assert.equal(cell.t, 'n', 'a date-time the spreadsheet recognises');
    const entry = store.db.prepare("SELECT at FROM audit WHERE action = 'event.review' ORDER BY id DESC LIMIT 1").get() as { at: number };
    const shanghai = new Date((entry.at + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ');
    assert.equal(XLSX.SSF.format('yyyy-mm-dd hh:mm:ss', cell.v as number), shanghai);
    const exports = await get('/api/v1/audit-log?action=audit.export');
    assert.equal(exports.json.total, 1, 'the export itself is audited');
  });
});
