// The review API (/api/v1): login, event list with filters and keyset pages, one event with its
// photos, review, CSV export (masked, formula-safe, streamed), audit log. Session auth by role;
// routes, requests and answers from the operation table (main/server/operations.ts).
import type { FastifyInstance } from 'fastify';
import { exportLocale, type ExportLocale } from '../../review/events-csv.js';
import { ReviewService } from '../../review/review-service.js';
import type { SqliteEventStore } from '../../store/events.js';
import { audit } from '../../store/maintenance.js';
import { login, logout } from '../../store/users.js';
import { accountOf, reviewHandlers } from '../../operations/handlers.js';
import { handlerRoutes, operationRoutes, sendCsv } from '../operations.js';
import { SESSION_HEADER, userOf } from '../session-auth.js';

/** `locale`: the terminal's time zone and language for the CSV export (its settings). */
export function registerReviewRoutes(app: FastifyInstance, store: SqliteEventStore, locale?: () => Partial<ExportLocale>): void {
  const review = new ReviewService(store);
  const route = operationRoutes(app, store.db);

  // A refusal is BAD_CREDENTIALS or LOCKED_OUT (401), the lockout's end in details.locked_until.
  route('login', (body) => {
    const s = login(store.db, body.username, body.password);
    return { token: s.token, expires_at: s.expiresAt, ...accountOf(s.user) };
  });

  route('logout', (_in, req) => {
    logout(store.db, String(req.headers[SESSION_HEADER]));
    audit(store.db, userOf(req).username, 'logout', null, null);
    return { ok: true };
  });

  handlerRoutes(route, reviewHandlers(review));
  route('exportCsv', (q, req, reply) => sendCsv(reply, 'sophonmatch-events.csv', review.csv(userOf(req), q, exportLocale(locale?.()))));
}
