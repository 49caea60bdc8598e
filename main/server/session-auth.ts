// Session auth for the screens' APIs (/api/v1): the X-Session-Token header (or, for the event
// stream, which browsers open without headers, the `session` query parameter), checked per role.
import type Database from 'better-sqlite3';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleAtLeast, sessionUser, type Role, type User } from '../store/users.js';

export const SESSION_HEADER = 'x-session-token';

export function fail(reply: FastifyReply, http: number, reason: string, message: string, details?: unknown) {
  return reply.code(http).send({ error: { code: http, message, status: http === 401 ? 'UNAUTHENTICATED' : http === 403 ? 'PERMISSION_DENIED' : http === 404 ? 'NOT_FOUND' : http === 409 ? 'FAILED_PRECONDITION' : 'INVALID_ARGUMENT', reason, ...(details ? { details } : {}) } });
}

export function sessionAuth(db: Database.Database) {
  /** allowPasswordChange: the one route a user whose password was reset may use before changing it. */
  return (need: Role, opts: { queryToken?: boolean; allowPasswordChange?: boolean } = {}) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const header = req.headers[SESSION_HEADER];
      const query = opts.queryToken ? (req.query as { session?: unknown }).session : undefined;
      const token = typeof header === 'string' ? header : typeof query === 'string' ? query : null;
      const user = token ? sessionUser(db, token) : null;
      if (!user) return fail(reply, 401, 'LOGIN_REQUIRED', 'log in first (POST /api/v1/login), then send the session token in X-Session-Token');
      if (user.mustChangePassword && !opts.allowPasswordChange) return fail(reply, 403, 'PASSWORD_CHANGE_REQUIRED', 'an administrator reset your password: change it first (PUT /api/v1/account/password)');
      if (!roleAtLeast(user.role, need)) return fail(reply, 403, 'ROLE_REQUIRED', `this needs the ${need} role`);
      (req as FastifyRequest & { user: User }).user = user;
    };
}

export const userOf = (req: FastifyRequest): User => (req as FastifyRequest & { user: User }).user;

type Parser<T> = { safeParse(x: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };

/** Validates with the route's schema; on failure answers 400 BAD_FIELD naming the field. */
export function parse<T>(schema: Parser<T>, x: unknown, reply: FastifyReply): T | null {
  const r = schema.safeParse(x);
  if (r.success) return r.data;
  const i = r.error.issues[0]!;
  fail(reply, 400, 'BAD_FIELD', `${i.path.join('.') || 'request'}: ${i.message}`);
  return null;
}
