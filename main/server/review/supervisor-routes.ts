// The supervisor tools of /api/v1 beyond the event list: the session a reloaded screen resumes,
// the dashboard over a period, one event's identity in full for a stated reason (audited), the
// filtered audit log and its CSV export. Session auth by role; routes, requests and answers from
// the operation table (main/server/operations.ts).
import type { FastifyInstance } from 'fastify';
import { exportLocale, type ExportLocale } from '../../review/events-csv.js';
import { SupervisorService } from '../../review/supervisor-service.js';
import type { SqliteEventStore } from '../../store/events.js';
import { sessionExpiry } from '../../store/users.js';
import { supervisorHandlers } from '../../operations/handlers.js';
import { handlerRoutes, operationRoutes, sendCsv } from '../operations.js';
import { SESSION_HEADER, userOf } from '../session-auth.js';

/** The terminal's zone and language for exports (its settings; the defaults without a settings file). */
export type LocaleSource = () => Partial<ExportLocale>;

export function registerSupervisorRoutes(app: FastifyInstance, store: SqliteEventStore, locale?: LocaleSource): void {
  const route = operationRoutes(app, store.db);
  const supervisor = new SupervisorService(store);

  // The signed-in user of a stored session token (a screen reloaded with F5 resumes it; same expiry).
  route('session', (_in, req) => {
    const u = userOf(req);
    return { username: u.username, role: u.role, expires_at: sessionExpiry(store.db, String(req.headers[SESSION_HEADER])) };
  });

  handlerRoutes(route, supervisorHandlers(supervisor));
  route('exportAuditCsv', (q, req, reply) =>
    sendCsv(reply, 'sophonmatch-audit.csv', supervisor.auditCsv(userOf(req), q, exportLocale(locale?.()))),
  );
}
