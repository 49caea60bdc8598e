// The supervisor tools of /api/v1 beyond the event list: the session a reloaded screen resumes,
// the dashboard over a period, one event's identity in full for a stated reason (audited), the
// filtered audit log and its CSV export. Session auth by role; every request validated by its schema.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { EventIdSchema } from '../../contracts/review-api.js';
import { AuditQuerySchema, DashboardQuerySchema, UnmaskSchema } from '../../contracts/supervisor-api.js';
import { exportLocale, type ExportLocale } from '../../review/events-csv.js';
import { SupervisorService } from '../../review/supervisor-service.js';
import type { SqliteEventStore } from '../../store/events.js';
import { parse, sessionAuth, SESSION_HEADER, userOf } from '../session-auth.js';

/** The terminal's zone and language for exports (its settings; the defaults without a settings file). */
export type LocaleSource = () => Partial<ExportLocale>;

export function registerSupervisorRoutes(app: FastifyInstance, store: SqliteEventStore, locale?: LocaleSource): void {
  const auth = sessionAuth(store.db);
  const supervisor = new SupervisorService(store);

  // The signed-in user of a stored session token (a screen reloaded with F5 resumes it; same expiry).
  app.get('/api/v1/session', { preHandler: auth('clerk') }, async (req) => {
    const u = userOf(req);
    const hash = createHash('sha256').update(String(req.headers[SESSION_HEADER])).digest('hex'); // as main/store/users.ts keys sessions
    const row = store.db.prepare('SELECT expires_at FROM sessions WHERE token_hash = ?').get(hash) as { expires_at: number } | undefined;
    return { username: u.username, role: u.role, expires_at: row?.expires_at ?? null };
  });

  app.get('/api/v1/dashboard', { preHandler: auth('supervisor') }, async (req) => supervisor.dashboard(userOf(req), parse(DashboardQuerySchema, req.query)));

  app.post<{ Params: { id: string } }>('/api/v1/events/:id/unmask', { preHandler: auth('supervisor') }, async (req) => {
    const id = parse(EventIdSchema, req.params.id);
    return supervisor.unmask(userOf(req), id, parse(UnmaskSchema, req.body).reason);
  });

  app.get('/api/v1/audit-log', { preHandler: auth('admin') }, async (req) => supervisor.auditLog(parse(AuditQuerySchema, req.query)));

  app.get('/api/v1/audit-log.csv', { preHandler: auth('admin') }, async (req, reply) => {
    const q = parse(AuditQuerySchema, req.query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="sophonmatch-audit.csv"')
      .send(Readable.from(supervisor.auditCsv(userOf(req), q, exportLocale(locale?.()))));
  });
}
