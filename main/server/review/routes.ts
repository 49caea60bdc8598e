// The review API (/api/v1): login, event list with filters and keyset pages, one event with its
// photos, review, CSV export (masked, formula-safe, streamed), audit log. Session auth by role.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { EventIdSchema, EventListQuerySchema, LoginSchema, ReviewSchema } from '../../contracts/review-api.js';
import { exportLocale, type ExportLocale } from '../../review/events-csv.js';
import { ReviewService } from '../../review/review-service.js';
import type { SqliteEventStore } from '../../store/events.js';
import { audit } from '../../store/maintenance.js';
import { login, logout } from '../../store/users.js';
import { parse, sessionAuth, SESSION_HEADER, userOf } from '../session-auth.js';

/** `locale`: the terminal's time zone and language for the CSV export (its settings). */
export function registerReviewRoutes(app: FastifyInstance, store: SqliteEventStore, locale?: () => Partial<ExportLocale>): void {
  const review = new ReviewService(store);

  const auth = sessionAuth(store.db);

  // A refusal is BAD_CREDENTIALS or LOCKED_OUT (401), the lockout's end in details.locked_until.
  app.post('/api/v1/login', async (req) => {
    const body = parse(LoginSchema, req.body);
    const s = login(store.db, body.username, body.password);
    return { token: s.token, username: s.user.username, role: s.user.role, expires_at: s.expiresAt, must_change_password: s.user.mustChangePassword === true };
  });

  app.post('/api/v1/logout', { preHandler: auth('clerk', { allowPasswordChange: true }) }, async (req) => {
    logout(store.db, String(req.headers[SESSION_HEADER]));
    audit(store.db, userOf(req).username, 'logout', null, null);
    return { ok: true };
  });

  app.get('/api/v1/events', { preHandler: auth('clerk') }, async (req) => review.list(userOf(req), parse(EventListQuerySchema, req.query)));

  app.get('/api/v1/stats', { preHandler: auth('supervisor') }, async (req) => review.stats(userOf(req), parse(EventListQuerySchema, req.query)));

  app.get('/api/v1/events.csv', { preHandler: auth('supervisor') }, async (req, reply) => {
    const query = parse(EventListQuerySchema, req.query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="sophonmatch-events.csv"').send(Readable.from(review.csv(userOf(req), query, exportLocale(locale?.()))));
  });

  // No such event: NO_SUCH_EVENT (404); a step the review state machine refuses: its own reason.
  app.get<{ Params: { id: string } }>('/api/v1/events/:id', { preHandler: auth('supervisor') }, async (req) => review.get(userOf(req), parse(EventIdSchema, req.params.id)));

  app.post<{ Params: { id: string } }>('/api/v1/events/:id/review', { preHandler: auth('supervisor') }, async (req) => {
    const id = parse(EventIdSchema, req.params.id);
    const body = parse(ReviewSchema, req.body);
    return review.review(userOf(req), id, body.state, body.comment, body.expected);
  });

  app.get<{ Querystring: { before?: string; limit?: string } }>('/api/v1/audit', { preHandler: auth('admin') }, async (req) => {
    const limit = Math.min(500, Math.max(1, Number(req.query.limit) || 100));
    const before = req.query.before && /^\d+$/.test(req.query.before) ? Number(req.query.before) : undefined;
    return review.auditLog(limit, before);
  });
}
