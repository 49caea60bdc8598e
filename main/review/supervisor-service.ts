// The supervisor tools, whatever carries the request (HTTP /api/v1 or the desktop app's IPC): the
// dashboard over a period, one event's identity in full for a stated reason (audited), the
// filtered audit log and its CSV export. Requests are validated before they get here.
import { THRESHOLD_LEVELS } from '../contracts/thresholds.js';
import type { AuditQuery, DashboardQuery } from '../contracts/supervisor-api.js';
import { auditPage, iterateAudit } from '../store/audit-queries.js';
import { dashboardFigures } from '../store/dashboard-queries.js';
import type { SqliteEventStore } from '../store/events.js';
import { audit } from '../store/maintenance.js';
import { EventQueries } from '../store/review-queries.js';
import type { User } from '../store/users.js';
import { auditCsv, type ExportLocale } from './events-csv.js';

export class SupervisorService {
  private readonly events: EventQueries;
  constructor(private readonly store: SqliteEventStore) {
    this.events = new EventQueries(store.db, store.key);
  }

  dashboard(user: User, q: DashboardQuery) {
    audit(this.store.db, user.username, 'stats.view', null, { from: q.from, to: q.to });
    return { ...dashboardFigures(this.store.db, q.from, q.to, q.utc_offset_minutes), thresholds: THRESHOLD_LEVELS };
  }

  /** The identity of one event unmasked, the reason recorded with the audit entry (NO_SUCH_EVENT when there is none). */
  unmask(user: User, id: string, reason: string): { id: string; identity: Record<string, string> | null } {
    const e = this.events.existing(id);
    audit(this.store.db, user.username, 'event.unmask', id, { reason });
    return { id, identity: e.identity };
  }

  auditLog(q: AuditQuery) {
    const { limit, before, ...filter } = q;
    return auditPage(this.store.db, filter, limit, before);
  }

  *auditCsv(user: User, q: AuditQuery, locale: ExportLocale): Generator<string> {
    const { limit: _limit, before: _before, ...filter } = q;
    audit(this.store.db, user.username, 'audit.export', null, filter);
    yield* auditCsv(iterateAudit(this.store.db, filter), locale);
  }
}
