// The supervisor tools of /api/v1 beyond the event list: the session a reloaded screen resumes,
// the dashboard over a period, one event's identity in full for a stated reason (audited), the
// filtered audit log and its CSV export. Session auth by role; routes, requests and answers from
// the operation table (main/server/operations.ts).
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { exportLocale, type ExportLocale } from '../../review/events-csv.js';
import { SupervisorService } from '../../review/supervisor-service.js';
import type { SqliteEventStore } from '../../store/events.js';
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
    const hash = createHash('sha256').update(String(req.headers[SESSION_HEADER])).digest('hex'); // as main/store/users.ts keys sessions
    const row = store.db.prepare('SELECT expires_at FROM sessions WHERE token_hash = ?').get(hash) as { expires_at: number } | undefined;
    return { username: u.username, role: u.role, expires_at: row?.expires_at ?? null };
  });

  handlerRoutes(route, supervisorHandlers(supervisor));
  route('exportAuditCsv', (q, req, reply) =>
    sendCsv(reply, 'sophonmatch-audit.csv', supervisor.auditCsv(userOf(req), q, exportLocale(locale?.()))),
  );
}
