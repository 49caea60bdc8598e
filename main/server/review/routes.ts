// The review API (/api/v1): login, event list with filters and keyset pages, one event with its
// photos, review, CSV export (masked, formula-safe, streamed), audit log. Session auth by role.
import { Readable } from 'node:stream';
import { SophonError } from '../../common/errors.js';
import type { FastifyInstance } from 'fastify';
import { EventIdSchema, EventListQuerySchema, LoginSchema, ReviewSchema } from '../../contracts/review-api.js';
import { exportLocale, type ExportLocale } from '../../review/events-csv.js';
import { ReviewService } from '../../review/review-service.js';
import type { SqliteEventStore } from '../../store/events.js';
import { audit } from '../../store/maintenance.js';
import { AuthError, login, logout } from '../../store/users.js';
import { fail, parse, sessionAuth, SESSION_HEADER, userOf } from '../session-auth.js';



/** `locale`: the terminal's time zone and language for the CSV export (its settings). */
export function registerReviewRoutes(app: FastifyInstance, store: SqliteEventStore, locale?: () => Partial<ExportLocale>): void {
  const review = new ReviewService(store);

  const auth = sessionAuth(store.db);

  app.post('/api/v1/login', async (req, reply) => {
    const body = parse(LoginSchema, req.body, reply);
    if (!body) return reply;
    try {
      const s = login(store.db, body.username, body.password);
      return { token: s.token, username: s.user.username, role: s.user.role, expires_at: s.expiresAt, must_change_password: s.user.mustChangePassword === true };
    } catch (e) {
      if (e instanceof AuthError) {
        // The lockout's end as a number: the screen says it in its language and the terminal's time.
        const locked = e.code === 'LOCKED_OUT' ? (store.db.prepare('SELECT locked_until FROM users WHERE username = ?').get(body.username) as { locked_until: number | null } | undefined)?.locked_until : null;
        return fail(reply, 401, e.code, e.message, locked ? { locked_until: locked } : undefined);
      }
      throw e;
    }
  });

  app.post('/api/v1/logout', { preHandler: auth('clerk', { allowPasswordChange: true }) }, async (req) => {
    logout(store.db, String(req.headers[SESSION_HEADER]));
    audit(store.db, userOf(req).username, 'logout', null, null);
    return { ok: true };
  });

  app.get('/api/v1/events', { preHandler: auth('clerk') }, async (req, reply) => {
    const query = parse(EventListQuerySchema, req.query, reply);
    return query ? review.list(userOf(req), query) : reply;
  });

  app.get('/api/v1/stats', { preHandler: auth('supervisor') }, async (req, reply) => {
    const query = parse(EventListQuerySchema, req.query, reply);
    return query ? review.stats(userOf(req), query) : reply;
  });

  app.get('/api/v1/events.csv', { preHandler: auth('supervisor') }, async (req, reply) => {
    const query = parse(EventListQuerySchema, req.query, reply);
    if (!query) return reply;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="sophonmatch-events.csv"').send(Readable.from(review.csv(userOf(req), query, exportLocale(locale?.()))));
  });

  app.get<{ Params: { id: string } }>('/api/v1/events/:id', { preHandler: auth('supervisor') }, async (req, reply) => {
    const id = parse(EventIdSchema, req.params.id, reply);
    if (!id) return reply;
    try {
      return review.get(userOf(req), id);
    } catch {
      return fail(reply, 404, 'NO_SUCH_EVENT', `no event ${id}`);
    }
  });

  app.post<{ Params: { id: string } }>('/api/v1/events/:id/review', { preHandler: auth('supervisor') }, async (req, reply) => {
    const id = parse(EventIdSchema, req.params.id, reply);
    const body = id && parse(ReviewSchema, req.body, reply);
    if (!id || !body) return reply;
    try {
      return review.review(userOf(req), id, body.state, body.comment, body.expected);
    } catch (e) {
      if (e instanceof SophonError && e.reason !== 'UNKNOWN_PATH') throw e; // a step the review state machine refuses
      return fail(reply, 404, 'NO_SUCH_EVENT', `no event ${id}`);
    }
  });

  app.get<{ Querystring: { before?: string; limit?: string } }>('/api/v1/audit', { preHandler: auth('admin') }, async (req) => {
    const limit = Math.min(500, Math.max(1, Number(req.query.limit) || 100));
    const before = req.query.before && /^\d+$/.test(req.query.before) ? Number(req.query.before) : undefined;
    return review.auditLog(limit, before);
  });
}
