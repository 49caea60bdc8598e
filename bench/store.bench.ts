// `npm run bench:store -- --json [--events N]`: the event store at scale (photos omitted).
// Insert rate with one commit per event (measured on the first 5,000), then seeded in batches to N;
// filtered list p95 (single filters, and time range + decision), daily statistics over a year,
// streamed CSV of 100,000 rows (memory checked), and file size per event.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { NewCompareEvent } from '../main/store/events.js';
import { rebuildStats } from '../main/store/migrations/index.js';
import { DB_FILE, openStore } from '../main/store/open-store.js';
import { EventQueries, type EventFilter } from '../main/store/review-queries.js';
import { eventsCsv, exportLocale, type ReviewStep } from '../main/review/events-csv.js';
import { dashboardFigures } from '../main/store/dashboard-queries.js';
import { auditPage } from '../main/store/audit-queries.js';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, events: { type: 'string', default: '1000000' } } });
const N = Number(values.events);
const dir = mkdtempSync(path.join(os.tmpdir(), 'sophon-bench-store-'));
const store = openStore(dir);
const YEAR = 365 * 86400;
const t0s = Date.now() / 1000 - YEAR;
const ev = (i: number): NewCompareEvent => ({
  compareTime: t0s + (i / N) * YEAR,
  source: i % 3 ? 'counter' : 'api',
  terminalId: `counter-${i % 20}`,
  operator: `clerk${i % 50}`,
  identity: { user_idcard: `1101051949${String(i).padStart(8, '0')}`, user_name: `姓名${i % 5000}`, user_address: '北京市东城区正义路1号' },
  score: ((i * 7919) % 2000) / 1000 - 1,
  threshold: 0.225,
  decision: ((i * 7919) % 2000) / 1000 - 1 >= 0.225,
  timings: { total_ms: 30 },
  modelId: 'bench',
});
// server_time is the wall clock at insert; spread it over a year for the statistics.
const spread = store.db.prepare('UPDATE events SET server_time = ? WHERE seq = ?');

const single = Math.min(5000, N);
let t = performance.now();
for (let i = 0; i < single; i++) store.saveCompareEvent(ev(i));
const insertRate = single / ((performance.now() - t) / 1000);

const batch = store.db.transaction((from: number, to: number) => {
  for (let i = from; i < to; i++) store.saveCompareEvent(ev(i));
});
t = performance.now();
for (let i = single; i < N; i += 10000) batch.immediate(i, Math.min(N, i + 10000));
const seedSeconds = (performance.now() - t) / 1000;
store.db
  .transaction(() => {
    for (let s = 1; s <= N; s++) spread.run(t0s + ((s - 1) / N) * YEAR, s);
    rebuildStats(store.db); // the hourly aggregates follow the spread times
  })
  .immediate();
store.db.pragma('wal_checkpoint(TRUNCATE)');
store.db.exec('ANALYZE');

const q = new EventQueries(store.db, store.key);
const p95 = (f: () => void, runs = 40) => {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    f();
    xs.push(performance.now() - a);
  }
  xs.sort((a, b) => a - b);
  return Math.round(xs[Math.floor(0.95 * xs.length)]! * 10) / 10;
};
const now = Date.now() / 1000;
const filters: Record<string, EventFilter> = {
  none: {},
  time_range_30d: { from: now - 30 * 86400, to: now },
  decision: { decision: true },
  review_state: { reviewState: 'unreviewed' },
  source: { source: 'api' },
  operator: { operator: 'clerk7' },
  terminal: { terminal: 'counter-3' },
  score_range: { scoreMin: 0.9, scoreMax: 1 },
  id_number: { idNumber: '110105194900001234' },
  name_prefix: { namePrefix: '姓名12' },
  time_range_plus_decision: { from: now - 30 * 86400, to: now, decision: false },
};
const list_p95_ms = Object.fromEntries(Object.entries(filters).map(([k, f]) => [k, p95(() => q.list(f, 50))]));
const statsMs = p95(() => q.stats({ from: now - YEAR, to: now }, 480), 5);
// The dashboard (totals, days, hours, histogram, operators from the aggregates; terminals and overrides from the events).
const dashboard_ms = {
  days_30: p95(() => dashboardFigures(store.db, now - 30 * 86400, now, 480), 10),
  year: p95(() => dashboardFigures(store.db, now - YEAR, now, 480), 3),
};
const auditFilterMs = p95(() => auditPage(store.db, { action: 'events.list', from: now - 86400 }, 100), 20);

// CSV of 100,000 rows as the export writes them (BOM, local times, labels, review steps), streamed
// to a sink; RSS measured before and after.
global.gc?.();
const rss0 = process.memoryUsage().rss;
let csvBytes = 0;
let peak = rss0;
t = performance.now();
let rows = 0;
const reviewsOf = store.db.prepare('SELECT at, reviewer, state, comment FROM reviews WHERE event_id = ? ORDER BY id');
const first100k = (function* () {
  for (const e of q.iterate({})) {
    if (rows++ >= 100_000) return;
    yield e;
  }
})();
const gen = eventsCsv(first100k, (id) => reviewsOf.all(id) as ReviewStep[], exportLocale());
await pipeline(
  Readable.from(gen),
  new Writable({
    write(chunk, _e, cb) {
      csvBytes += chunk.length;
      if (rows % 10000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      cb();
    },
  }),
);
const csvMs = performance.now() - t;

const size = statSync(path.join(dir, DB_FILE)).size;
store.close();
rmSync(dir, { recursive: true, force: true });
const report = {
  events: N,
  insert_per_s_one_commit_each: Math.round(insertRate),
  seed_seconds_batched: Math.round(seedSeconds),
  list_p95_ms,
  stats_year_ms: statsMs,
  dashboard_ms,
  audit_filter_p95_ms: auditFilterMs,
  csv_100k_ms: Math.round(csvMs),
  csv_100k_mb: Math.round(csvBytes / 1e5) / 10,
  csv_rss_growth_mb: Math.round((peak - rss0) / 1e5) / 10,
  bytes_per_event: Math.round(size / N),
};
console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
