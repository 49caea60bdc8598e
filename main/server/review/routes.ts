// The review API (/api/v1): login, event list with filters and keyset pages, one event with its
// photos, review, CSV export (masked, formula-safe, streamed), audit log. Session auth by role.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { maskIdNumber, maskName } from '../../common/mask.js';
import { EventIdSchema, EventListQuerySchema, LoginSchema, NewUserSchema, ReviewSchema, type EventListQuery } from '../../contracts/review-api.js';
import type { SqliteEventStore } from '../../store/events.js';
import { audit } from '../../store/maintenance.js';
import { EventQueries, type EventFilter, type EventSummary } from '../../store/review-queries.js';
import { AuthError, createUser, login, logout, roleAtLeast, type Role } from '../../store/users.js';
import { fail, parse, sessionAuth, SESSION_HEADER, userOf } from '../session-auth.js';



function toFilter(q: EventListQuery): EventFilter {
  return {
    from: q.from,
    to: q.to,
    decision: q.decision === undefined ? undefined : q.decision === 'pass',
    reviewState: q.review_state,
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
function shown(e: EventSummary, role: Role, unmasked: boolean) {
  const full = unmasked && roleAtLeast(role, 'supervisor');
  const id = e.identity;
  return {
    ...e,
    identity: id && {
      ...id,
      user_idcard: id.user_idcard && (full ? id.user_idcard : maskIdNumber(id.user_idcard)),
      user_name: id.user_name && (full ? id.user_name : maskName(id.user_name)),
      user_address: id.user_address && (full ? id.user_address : '***'),
    },
  };
}

export function registerReviewRoutes(app: FastifyInstance, store: SqliteEventStore): void {
  const q = new EventQueries(store.db, store.key);

  const auth = sessionAuth(store.db);

  app.post('/api/v1/login', async (req, reply) => {
    const body = parse(LoginSchema, req.body, reply);
    if (!body) return reply;
    try {
      const s = login(store.db, body.username, body.password);
      return { token: s.token, username: s.user.username, role: s.user.role, expires_at: s.expiresAt };
    } catch (e) {
      if (e instanceof AuthError) return fail(reply, 401, e.code, e.message);
      throw e;
    }
  });

  app.post('/api/v1/logout', { preHandler: auth('clerk') }, async (req) => {
    logout(store.db, String(req.headers[SESSION_HEADER]));
    audit(store.db, userOf(req).username, 'logout', null, null);
    return { ok: true };
  });

  app.get('/api/v1/events', { preHandler: auth('clerk') }, async (req, reply) => {
    const query = parse(EventListQuerySchema, req.query, reply);
    if (!query) return reply;
    const user = userOf(req);
    const page = q.list(toFilter(query), query.limit, query.before);
    audit(store.db, user.username, 'events.list', null, { filter: { ...query, id_number: query.id_number ? maskIdNumber(query.id_number) : undefined }, total: page.total });
    return { ...page, events: page.events.map((e) => shown(e, user.role, query.unmasked === '1')) };
  });

  app.get('/api/v1/stats', { preHandler: auth('supervisor') }, async (req, reply) => {
    const query = parse(EventListQuerySchema, req.query, reply);
    if (!query) return reply;
    audit(store.db, userOf(req).username, 'stats.view', null, null);
    return q.stats(toFilter(query), query.utc_offset_minutes);
  });

  app.get('/api/v1/events.csv', { preHandler: auth('supervisor') }, async (req, reply) => {
    const query = parse(EventListQuerySchema, req.query, reply);
    if (!query) return reply;
    const user = userOf(req);
    const unmasked = query.unmasked === '1' && user.role === 'admin';
    audit(store.db, user.username, 'events.export', null, { unmasked });
    const { csvRow } = await import('./csv.js');
    const rows = (function* () {
      yield csvRow(['id', 'server_time', 'source', 'terminal', 'operator', 'card_type', 'id_number', 'name', 'score', 'threshold', 'decision', 'review_state', 'model']);
      for (const e of q.iterate(toFilter(query))) {
        const s = shown(e, user.role, unmasked);
        yield csvRow([s.id, new Date(s.server_time * 1000).toISOString(), s.source, s.terminal_id, s.operator, s.card_type, s.identity?.user_idcard ?? '', s.identity?.user_name ?? '', s.score, s.threshold, s.decision ? 'pass' : 'fail', s.review_state, s.model_id]);
      }
    })();
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="sophonmatch-events.csv"').send(Readable.from(rows));
  });

  app.get<{ Params: { id: string } }>('/api/v1/events/:id', { preHandler: auth('supervisor') }, async (req, reply) => {
    const id = parse(EventIdSchema, req.params.id, reply);
    if (!id) return reply;
    const e = q.get(id);
    if (!e) return fail(reply, 404, 'NO_SUCH_EVENT', `no event ${id}`);
    const user = userOf(req);
    audit(store.db, user.username, 'event.view', id, null);
    return { ...shown(e, user.role, true), card_photo: e.card_photo?.toString('base64') ?? null, live_photo: e.live_photo?.toString('base64') ?? null };
  });

  app.post<{ Params: { id: string } }>('/api/v1/events/:id/review', { preHandler: auth('supervisor') }, async (req, reply) => {
    const id = parse(EventIdSchema, req.params.id, reply);
    const body = id && parse(ReviewSchema, req.body, reply);
    if (!id || !body) return reply;
    if (!q.review(id, userOf(req).username, body.state, body.comment)) return fail(reply, 404, 'NO_SUCH_EVENT', `no event ${id}`);
    return { ok: true, id, review_state: body.state };
  });

  app.post('/api/v1/users', { preHandler: auth('admin') }, async (req, reply) => {
    const body = parse(NewUserSchema, req.body, reply);
    if (!body) return reply;
    try {
      const u = createUser(store.db, body.username, body.role, body.password, userOf(req).username);
      return reply.code(201).send(u);
    } catch (e) {
      if (e instanceof AuthError) return fail(reply, e.code === 'USER_EXISTS' ? 409 : 400, e.code, e.message);
      throw e;
    }
  });

  app.get<{ Querystring: { before?: string; limit?: string } }>('/api/v1/audit', { preHandler: auth('admin') }, async (req) => {
    const limit = Math.min(500, Math.max(1, Number(req.query.limit) || 100));
    const before = req.query.before && /^\d+$/.test(req.query.before) ? Number(req.query.before) : undefined;
    return { entries: q.auditLog(limit, before) };
  });
}
