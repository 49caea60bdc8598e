// What supervisors do with events, whatever carries the request (HTTP /api/v1 or the desktop app's
// IPC): list with filters, statistics, CSV rows, one event with photos, review, audit log. Identity
// fields are masked unless the role and the request allow more; every access is audited.
import { maskIdNumber, maskName } from '../common/mask.js';
import type { EventListQuery, EventSummary } from '../contracts/review-api.js';
import type { SqliteEventStore } from '../store/events.js';
import { audit } from '../store/maintenance.js';
import { EventQueries, type EventFilter } from '../store/review-queries.js';
import { roleAtLeast, type Role, type User } from '../store/users.js';
import { eventsCsv, exportLocale, type ExportLocale, type ReviewStep } from './events-csv.js';

export function toFilter(q: EventListQuery): EventFilter {
  return {
    from: q.from,
    to: q.to,
    decision: q.decision === undefined ? undefined : q.decision === 'pass',
    reviewState: q.review_state,
    clerkReview: q.clerk_review,
    source: q.source,
    operator: q.operator,
    terminal: q.terminal,
    scoreMin: q.score_min,
    scoreMax: q.score_max,
    idNumber: q.id_number,
    namePrefix: q.name_prefix,
  };
}

/** Identity fields as the viewer may see them: masked unless the role allows more. */
export function shown<E extends EventSummary>(e: E, role: Role, unmasked: boolean) {
  const full = unmasked && roleAtLeast(role, 'supervisor');
  const id = e.identity;
  return {
    ...e,
    // Only the fields the card has: no key without a value (answers are checked against the contract).
    identity: id && {
      ...id,
      ...(id.user_idcard && { user_idcard: full ? id.user_idcard : maskIdNumber(id.user_idcard) }),
      ...(id.user_name && { user_name: full ? id.user_name : maskName(id.user_name) }),
      ...(id.user_address && { user_address: full ? id.user_address : '***' }),
    },
  };
}

export class ReviewService {
  private readonly q: EventQueries;
  constructor(private readonly store: SqliteEventStore) {
    this.q = new EventQueries(store.db, store.key);
  }

  list(user: User, query: EventListQuery) {
    const page = this.q.list(toFilter(query), query.limit, query.before);
    audit(this.store.db, user.username, 'events.list', null, {
      filter: {
        ...query,
        id_number: query.id_number ? maskIdNumber(query.id_number) : undefined,
        name_prefix: query.name_prefix ? maskName(query.name_prefix) : undefined,
      },
      total: page.total,
    });
    // Full identities in a list are for administrators (as in the CSV); a supervisor unmasks one event with a reason (unmask()).
    return { ...page, events: page.events.map((e) => shown(e, user.role, query.unmasked === '1' && user.role === 'admin')) };
  }

  stats(user: User, query: EventListQuery) {
    audit(this.store.db, user.username, 'stats.view', null, null);
    return this.q.stats(toFilter(query), query.utc_offset_minutes);
  }

  /**
   * CSV lines (masked unless an admin asks for unmasked), one at a time: UTF-8 BOM, the terminal's
   * language and local time, scores as numbers, review steps (main/review/events-csv.ts).
   */
  *csv(user: User, query: EventListQuery, locale: ExportLocale = exportLocale()): Generator<string> {
    const unmasked = query.unmasked === '1' && user.role === 'admin';
    audit(this.store.db, user.username, 'events.export', null, { unmasked });
    const rows = (function* (q: EventQueries) {
      for (const e of q.iterate(toFilter(query))) yield shown(e, user.role, unmasked);
    })(this.q);
    const reviews = this.store.db.prepare('SELECT at, reviewer, state, comment FROM reviews WHERE event_id = ? ORDER BY id'); // once, not per row
    yield* eventsCsv(rows, (id) => reviews.all(id) as ReviewStep[], locale);
  }

  get(user: User, id: string) {
    const e = this.q.existing(id);
    audit(this.store.db, user.username, 'event.view', id, null);
    // Masked like the list: the full identity of one event is asked for with a reason (POST …/unmask, audited).
    return {
      ...shown(e, user.role, false),
      card_photo: e.card_photo?.toString('base64') ?? null,
      live_photo: e.live_photo?.toString('base64') ?? null,
      audit: this.q.auditOf(id),
    };
  }

  /** A supervisor's step on an event (see main/review/review-machine.ts). */
  review(user: User, id: string, state: 'confirmed' | 'overridden', comment: string, expected?: 'pass' | 'fail') {
    const r = this.q.review(id, user.username, {
      by: 'supervisor',
      kind: state === 'confirmed' ? 'confirm' : 'override',
      comment,
      expected: expected === undefined ? undefined : expected === 'pass',
    });
    return { ok: true as const, id, review_state: state, final_decision: r.final ? ('pass' as const) : ('fail' as const) };
  }

  auditLog(limit: number, before?: number) {
    return { entries: this.q.auditLog(limit, before) };
  }
}
