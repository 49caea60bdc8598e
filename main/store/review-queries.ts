// The supervisors' view of the store: filtered lists with keyset pagination and totals, one event
// with its photos, reviews, CSV rows, the audit log. Every filter value is a bound parameter.
import type Database from 'better-sqlite3';
import type { DataKey } from './crypto.js';
import { SCORE_BINS } from './events.js';
import { z } from 'zod';
import { EventSummarySchema, type DailyStats, type EventDetail, type EventSummary } from '../contracts/review-api.js';
import { SophonError } from '../common/errors.js';
import { audit } from './maintenance.js';
import {
  finalOf,
  transition,
  type ClerkStep,
  type ReviewAction,
  type ReviewStatus,
  type SupervisorStep,
} from '../review/review-machine.js';

export interface EventFilter {
  from?: number;
  to?: number;
  decision?: boolean;
  reviewState?: 'unreviewed' | 'confirmed' | 'overridden';
  /** The clerk's step: one of them, or 'any' (every event a clerk reviewed at the counter). */
  clerkReview?: 'overridden' | 'passed' | 'failed' | 'any';
  source?: 'counter' | 'api';
  operator?: string;
  terminal?: string;
  scoreMin?: number;
  scoreMax?: number;
  /** Exact ID number, matched through the keyed hash. */
  idNumber?: string;
  /** Name prefix of 1..NAME_PREFIXES characters, matched through the blind index. */
  namePrefix?: string;
}

/** SQLite's 0 / 1 as the contract's boolean. */
const sqlBool = z.literal([0, 1]).transform((v) => v === 1);
/**
 * An events row as SUMMARY_COLUMNS select it: the contract's summary (main/contracts/review-api.ts)
 * with SQLite's booleans; the sealed identity (identity_enc) is opened apart. Parsing checks every column.
 */
const SummaryRowSchema = EventSummarySchema.omit({ identity: true }).extend({
  decision: sqlBool,
  photos_purged: sqlBool,
  review_band: sqlBool,
  final_decision: sqlBool,
});
const SUMMARY_COLUMNS =
  'seq, id, server_time, compare_time, source, terminal_id, operator, card_type, score, threshold, decision, review_state, model_id, identity_enc, ' +
  'photos_purged_at IS NOT NULL AS photos_purged, placement_id, attempt, review_band, clerk_review, coalesce(final_decision, decision) AS final_decision';

/** An event row's review status (see main/review/review-machine.ts). */
export const reviewStatusOf = (r: Record<string, unknown>): ReviewStatus => ({
  automatic: r.decision === 1,
  band: r.review_band === 1,
  clerk: (r.clerk_review as ClerkStep | null) ?? null,
  supervisor: r.review_state as SupervisorStep,
});

export class EventQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly key: DataKey,
  ) {}

  /** The filter as SQL terms with bound parameters; `sql` is their WHERE clause (empty when none). */
  private where(f: EventFilter): { terms: string[]; sql: string; params: unknown[] } {
    const c: string[] = [];
    const p: unknown[] = [];
    const add = (cond: string, v: unknown) => {
      c.push(cond);
      p.push(v);
    };
    if (f.from !== undefined) add('server_time >= ?', f.from);
    if (f.to !== undefined) add('server_time < ?', f.to);
    if (f.decision !== undefined) add('decision = ?', f.decision ? 1 : 0);
    if (f.reviewState) add('review_state = ?', f.reviewState);
    if (f.clerkReview === 'any') c.push('clerk_review IS NOT NULL');
    else if (f.clerkReview) add('clerk_review = ?', f.clerkReview);
    if (f.source) add('source = ?', f.source);
    if (f.operator) add('operator = ?', f.operator);
    if (f.terminal) add('terminal_id = ?', f.terminal);
    if (f.scoreMin !== undefined) add('score >= ?', f.scoreMin);
    if (f.scoreMax !== undefined) add('score <= ?', f.scoreMax);
    if (f.idNumber) add('id_hash = ?', this.key.searchHash(f.idNumber));
    if (f.namePrefix) add('id IN (SELECT event_id FROM name_prefixes WHERE prefix_hash = ?)', this.key.namePrefixHash(f.namePrefix));
    return { terms: c, sql: c.length ? `WHERE ${c.join(' AND ')}` : '', params: p };
  }

  private summary(row: unknown): EventSummary {
    const enc = (row as { identity_enc: Buffer | null }).identity_enc;
    const e = SummaryRowSchema.parse(row) as EventSummary;
    e.identity = enc ? (JSON.parse(this.key.open(enc, `${e.id}:identity`).toString('utf8')) as Record<string, string>) : null;
    return e;
  }

  /** Newest first; `before` is the seq cursor of the last row of the previous page. */
  /**
   * Newest first. Selective filters (ID number, operator, terminal) let SQLite pick their index;
   * wide ones walk the seq index backwards — between the seq bounds of the time range when there is
   * one — so a page costs its own rows, not a sort of every match.
   */
  list(f: EventFilter, limit: number, before?: number): { events: EventSummary[]; total: number; next: number | null } {
    const w = this.where(f);
    const total = this.total(f, w);
    const terms = [...w.terms];
    const params = [...w.params];
    let indexed = '';
    if (!(f.idNumber || f.operator || f.terminal)) {
      indexed = 'INDEXED BY events_by_seq_id';
      if (f.from !== undefined || f.to !== undefined) {
        const b = this.db
          .prepare('SELECT min(seq) AS lo, max(seq) AS hi FROM events WHERE server_time >= ? AND server_time < ?')
          .get(f.from ?? -1e18, f.to ?? 1e18) as { lo: number | null; hi: number | null };
        if (b.lo === null || b.hi === null) return { events: [], total, next: null };
        terms.push('seq BETWEEN ? AND ?');
        params.push(b.lo, b.hi);
      }
    }
    if (before !== undefined) {
      terms.push('seq < ?');
      params.push(before);
    }
    const cond = terms.length ? `WHERE ${terms.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM events ${indexed} ${cond} ORDER BY seq DESC LIMIT ?`)
      .all(...params, limit + 1);
    const events = rows.slice(0, limit).map((r) => this.summary(r));
    return { events, total, next: rows.length > limit ? events[events.length - 1]!.seq : null };
  }

  /** Exact totals; a filter on review state alone or name prefix alone is answered from its own table. */
  private total(f: EventFilter, w: { terms: string[]; sql: string; params: unknown[] }): number {
    const only = Object.entries(f)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    if (only.length === 1 && only[0] === 'reviewState')
      return (this.db.prepare('SELECT coalesce(sum(n), 0) AS n FROM review_counts WHERE state = ?').get(f.reviewState) as { n: number }).n;
    if (only.length === 1 && only[0] === 'namePrefix')
      return (
        this.db.prepare('SELECT count(*) AS n FROM name_prefixes WHERE prefix_hash = ?').get(this.key.namePrefixHash(f.namePrefix!)) as {
          n: number;
        }
      ).n;
    // Counters kept on insert: one automatic decision or one source (exact; events are never deleted).
    if (only.length === 1 && only[0] === 'decision') return this.counted(`decision:${f.decision ? 1 : 0}`);
    if (only.length === 1 && only[0] === 'source') return this.counted(`source:${f.source}`);
    // A period of whole hours (a day in any whole-hour zone), alone or with a decision: the hourly aggregates.
    const hours = (t: number | undefined) => t === undefined || Number.isInteger(t / 3600);
    if (
      only.every((k) => k === 'from' || k === 'to' || k === 'decision') &&
      only.some((k) => k === 'from' || k === 'to') &&
      hours(f.from) &&
      hours(f.to)
    ) {
      const r = this.db
        .prepare(
          'SELECT coalesce(sum(checks), 0) AS checks, coalesce(sum(passes), 0) AS passes FROM stats_hourly WHERE hour >= ? AND hour < ?',
        )
        .get(f.from === undefined ? -1e15 : f.from / 3600, f.to === undefined ? 1e15 : f.to / 3600) as { checks: number; passes: number };
      return f.decision === undefined ? r.checks : f.decision ? r.passes : r.checks - r.passes;
    }
    return (this.db.prepare(`SELECT count(*) AS n FROM events ${w.sql}`).get(...w.params) as { n: number }).n;
  }

  private counted(key: string): number {
    return (this.db.prepare('SELECT coalesce(sum(n), 0) AS n FROM event_counts WHERE key = ?').get(key) as { n: number }).n;
  }

  /** Iterates every matching event, newest first, without holding them all in memory. */
  *iterate(f: EventFilter): Generator<EventSummary> {
    const w = this.where(f);
    for (const r of this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM events ${w.sql} ORDER BY seq DESC`).iterate(...w.params))
      yield this.summary(r);
  }

  get(id: string):
    | (EventSummary & {
        card_photo: Buffer | null;
        live_photo: Buffer | null;
        quality: unknown;
        timings: EventDetail['timings'];
        reviews: EventDetail['reviews'];
      })
    | null {
    const r = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS}, card_photo_enc, live_photo_enc, quality_json, timings_json FROM events WHERE id = ?`)
      .get(id) as Record<string, unknown> | undefined;
    if (!r) return null;
    const open = (col: string, aad: string) => (r[col] ? this.key.open(r[col] as Buffer, `${id}:${aad}`) : null);
    return {
      ...this.summary(r),
      card_photo: open('card_photo_enc', 'card'),
      live_photo: open('live_photo_enc', 'live'),
      quality: r.quality_json ? JSON.parse(r.quality_json as string) : null,
      timings: JSON.parse(r.timings_json as string) as EventDetail['timings'],
      reviews: this.reviewsOf(id) as EventDetail['reviews'],
    };
  }

  /** As get, for an event that must exist: NO_SUCH_EVENT when there is none. */
  existing(id: string): NonNullable<ReturnType<EventQueries['get']>> {
    const e = this.get(id);
    if (!e) throw new SophonError('NO_SUCH_EVENT', `no event ${id}`);
    return e;
  }

  /**
   * One review step (clerk or supervisor), checked against the event's review state machine in the
   * same transaction that records it. Throws NO_SUCH_EVENT when there is no such event, and
   * REVIEW_NOT_ALLOWED / COMMENT_REQUIRED when the step is not allowed.
   */
  review(id: string, reviewer: string, action: ReviewAction): { status: ReviewStatus; final: boolean } {
    return this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT review_state, decision, review_band, clerk_review FROM events WHERE id = ?').get(id) as
          Record<string, unknown> | undefined;
        if (!row) throw new SophonError('NO_SUCH_EVENT', `no event ${id}`);
        const before = reviewStatusOf(row);
        const after = transition(before, action);
        const final = finalOf(after);
        const state = action.kind === 'override' ? 'overridden' : 'confirmed';
        const stage = action.by;
        this.db
          .prepare('INSERT INTO reviews (event_id, at, reviewer, state, comment, stage, decision_after) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(id, Date.now() / 1000, reviewer, state, action.comment.trim(), stage, final ? 1 : 0);
        if (stage === 'clerk') {
          this.db.prepare('UPDATE events SET clerk_review = ?, final_decision = ? WHERE id = ?').run(after.clerk, final ? 1 : 0, id);
        } else {
          this.db.prepare('UPDATE events SET review_state = ?, final_decision = ? WHERE id = ?').run(after.supervisor, final ? 1 : 0, id);
          this.db.prepare('UPDATE review_counts SET n = n - 1 WHERE state = ?').run(before.supervisor);
          this.db
            .prepare('INSERT INTO review_counts (state, n) VALUES (?, 1) ON CONFLICT (state) DO UPDATE SET n = n + 1')
            .run(after.supervisor);
        }
        audit(this.db, reviewer, 'event.review', id, { stage, step: action.kind, final: final ? 'pass' : 'fail' });
        return { status: after, final };
      })
      .immediate();
  }

  /** Review rows of an event, oldest first. */
  reviewsOf(
    id: string,
  ): { at: number; reviewer: string; state: string; comment: string | null; stage: string; decision_after: number | null }[] {
    return this.db
      .prepare('SELECT at, reviewer, state, comment, stage, decision_after FROM reviews WHERE event_id = ? ORDER BY id')
      .all(id) as never;
  }

  /**
   * Checks and pass rate per day (in the given UTC offset), a score histogram, and per operator.
   * A time-range-only filter is answered from the hourly aggregates kept on insert (from/to rounded
   * down to whole hours); any other filter scans the matching events.
   */
  stats(f: EventFilter, utcOffsetMinutes = 0): DailyStats {
    const onlyTime = Object.entries(f).every(([k, v]) => v === undefined || k === 'from' || k === 'to');
    return onlyTime ? this.statsFromAggregates(f.from, f.to, utcOffsetMinutes) : this.statsByScan(f, utcOffsetMinutes);
  }

  private statsFromAggregates(from: number | undefined, to: number | undefined, utcOffsetMinutes: number): DailyStats {
    const lo = from === undefined ? -1 : Math.floor(from / 3600);
    const hi = to === undefined ? Number.MAX_SAFE_INTEGER : Math.floor(to / 3600);
    const shift = utcOffsetMinutes * 60;
    const days = this.db
      .prepare(
        `SELECT date(hour * 3600 + ?, 'unixepoch') AS day, sum(checks) AS checks, sum(passes) AS passes FROM stats_hourly WHERE hour >= ? AND hour < ? GROUP BY day ORDER BY day`,
      )
      .all(shift, lo, hi) as { day: string; checks: number; passes: number }[];
    const hist = this.db
      .prepare('SELECT bin, sum(n) AS n FROM stats_hourly_scores WHERE hour >= ? AND hour < ? GROUP BY bin')
      .all(lo, hi) as { bin: number; n: number }[];
    const operators = this.db
      .prepare(
        "SELECT nullif(operator, '') AS operator, sum(checks) AS checks, sum(passes) AS passes FROM stats_hourly_operators " +
          'WHERE hour >= ? AND hour < ? GROUP BY operator ORDER BY checks DESC, operator',
      )
      .all(lo, hi) as { operator: string | null; checks: number; passes: number }[];
    return this.shape(days, hist, operators);
  }

  private shape(
    days: { day: string; checks: number; passes: number }[],
    hist: { bin: number; n: number }[],
    operators: DailyStats['operators'],
  ): DailyStats {
    const counts = new Map(hist.map((h) => [h.bin, h.n]));
    return {
      days: days.map((d) => ({ ...d, pass_rate: d.checks ? Math.round((d.passes / d.checks) * 10000) / 10000 : 0 })),
      histogram: Array.from({ length: SCORE_BINS }, (_, i) => ({
        from: -1 + (2 * i) / SCORE_BINS,
        to: -1 + (2 * (i + 1)) / SCORE_BINS,
        count: counts.get(i) ?? 0,
      })),
      operators,
    };
  }

  private statsByScan(f: EventFilter, utcOffsetMinutes: number): DailyStats {
    const w = this.where(f);
    const shift = utcOffsetMinutes * 60;
    const days = this.db
      .prepare(
        `SELECT date(server_time + ?, 'unixepoch') AS day, count(*) AS checks, sum(decision) AS passes FROM events ${w.sql} GROUP BY day ORDER BY day`,
      )
      .all(shift, ...w.params) as { day: string; checks: number; passes: number }[];
    const hist = this.db
      .prepare(`SELECT min(?, max(0, CAST((score + 1) / 2 * ? AS INTEGER))) AS bin, count(*) AS n FROM events ${w.sql} GROUP BY bin`)
      .all(SCORE_BINS - 1, SCORE_BINS, ...w.params) as { bin: number; n: number }[];
    const operators = this.db
      .prepare(
        `SELECT operator, count(*) AS checks, sum(decision) AS passes FROM events ${w.sql} GROUP BY operator ORDER BY checks DESC, operator`,
      )
      .all(...w.params) as { operator: string | null; checks: number; passes: number }[];
    return this.shape(days, hist, operators);
  }

  auditLog(
    limit: number,
    before?: number,
  ): { at: number; actor: string; action: string; target: string | null; detail: string | null; id: number }[] {
    return this.db
      .prepare(
        `SELECT id, at, actor, action, target, detail FROM audit ${before === undefined ? '' : 'WHERE id < ?'} ORDER BY id DESC LIMIT ?`,
      )
      .all(...(before === undefined ? [] : [before]), limit) as never;
  }

  /** Everything the audit log says about one event, oldest first. */
  auditOf(target: string, limit = 200): { at: number; actor: string; action: string; detail: string | null; id: number }[] {
    return this.db
      .prepare('SELECT id, at, actor, action, detail FROM audit WHERE target = ? ORDER BY id LIMIT ?')
      .all(target, limit) as never;
  }
}
