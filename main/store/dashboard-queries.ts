// The supervisor's dashboard over a period: totals, pass rate, checks per day and per hour of day
// (in the terminal's UTC offset), the score histogram, per operator and per terminal, overrides
// (events with an overriding review step, clerk's or supervisor's) and their share. Days, hours,
// histogram, per-operator and per-terminal figures come from the hourly aggregates kept on insert
// (the period rounded to whole hours); overrides are counted from the reviews that override.
import type Database from 'better-sqlite3';
import type { DashboardFigures } from '../contracts/supervisor-api.js';
import { SCORE_BINS } from './events.js';

const rate = (passes: number, checks: number) => (checks ? Math.round((passes / checks) * 10000) / 10000 : 0);

export function dashboardFigures(db: Database.Database, from: number, to: number, utcOffsetMinutes: number): DashboardFigures {
  const lo = Math.floor(from / 3600);
  const hi = Math.ceil(to / 3600);
  const shift = utcOffsetMinutes * 60;
  const days = db
    .prepare(
      `SELECT date(hour * 3600 + ?, 'unixepoch') AS day, sum(checks) AS checks, sum(passes) AS passes FROM stats_hourly WHERE hour >= ? AND hour < ? GROUP BY day ORDER BY day`,
    )
    .all(shift, lo, hi) as { day: string; checks: number; passes: number }[];
  const byHour = new Map(
    (
      db
        .prepare(
          `SELECT ((hour * 3600 + ?) / 3600) % 24 AS h, sum(checks) AS checks, sum(passes) AS passes FROM stats_hourly WHERE hour >= ? AND hour < ? GROUP BY h`,
        )
        .all(shift, lo, hi) as { h: number; checks: number; passes: number }[]
    ).map((r) => [(r.h + 24) % 24, r]),
  );
  const bins = new Map(
    (
      db.prepare('SELECT bin, sum(n) AS n FROM stats_hourly_scores WHERE hour >= ? AND hour < ? GROUP BY bin').all(lo, hi) as {
        bin: number;
        n: number;
      }[]
    ).map((b) => [b.bin, b.n]),
  );
  // Overrides: events of the period with at least one overriding review step, found from the
  // reviews (few) rather than the events (many); counted once per event.
  const overridden = db
    .prepare(
      "SELECT e.terminal_id AS terminal, coalesce(e.operator, '') AS operator, count(*) AS n FROM events e " +
        "WHERE e.id IN (SELECT event_id FROM reviews WHERE state = 'overridden') AND e.server_time >= ? AND e.server_time < ? GROUP BY 1, 2",
    )
    .all(lo * 3600, hi * 3600) as { terminal: string; operator: string; n: number }[];
  const sumBy = (key: 'terminal' | 'operator') => {
    const m = new Map<string, number>();
    for (const r of overridden) m.set(r[key], (m.get(r[key]) ?? 0) + r.n);
    return m;
  };
  const overrides = overridden.reduce((a, r) => a + r.n, 0);
  const opOverrides = sumBy('operator');
  const termOverrides = sumBy('terminal');
  const operators = (
    db
      .prepare(
        `SELECT operator, sum(checks) AS checks, sum(passes) AS passes FROM stats_hourly_operators WHERE hour >= ? AND hour < ? GROUP BY operator ORDER BY checks DESC, operator`,
      )
      .all(lo, hi) as { operator: string; checks: number; passes: number }[]
  ).map((o) => ({ operator: o.operator || null, checks: o.checks, passes: o.passes, overrides: opOverrides.get(o.operator) ?? 0 }));
  const terminals = (
    db
      .prepare(
        `SELECT terminal, sum(checks) AS checks, sum(passes) AS passes FROM stats_hourly_terminals WHERE hour >= ? AND hour < ? GROUP BY terminal ORDER BY checks DESC, terminal`,
      )
      .all(lo, hi) as { terminal: string; checks: number; passes: number }[]
  ).map((t) => ({ ...t, overrides: termOverrides.get(t.terminal) ?? 0 }));
  const checks = days.reduce((a, d) => a + d.checks, 0);
  const passes = days.reduce((a, d) => a + d.passes, 0);
  return {
    checks,
    passes,
    pass_rate: rate(passes, checks),
    overrides,
    override_share: rate(overrides, checks),
    days: days.map((d) => ({ ...d, pass_rate: rate(d.passes, d.checks) })),
    hours: Array.from({ length: 24 }, (_, h) => ({ hour: h, checks: byHour.get(h)?.checks ?? 0, passes: byHour.get(h)?.passes ?? 0 })),
    histogram: Array.from({ length: SCORE_BINS }, (_, i) => ({
      from: -1 + (2 * i) / SCORE_BINS,
      to: -1 + (2 * (i + 1)) / SCORE_BINS,
      count: bins.get(i) ?? 0,
    })),
    operators,
    terminals,
  };
}
