// Session auth for the screens' APIs (/api/v1): the X-Session-Token header (or, for the event
// stream, which browsers open without headers, the `session` query parameter), checked per role.
// Refusals are SophonErrors of the common table (main/common/errors.ts), answered by the server's
// one error path. Requests are checked by their routes' schemas (main/server/operations.ts).
import type Database from 'better-sqlite3';
import type { FastifyRequest } from 'fastify';
import { admitted, sessionUser, type Role, type User } from '../store/users.js';

export const SESSION_HEADER = 'x-session-token';

export function sessionAuth(db: Database.Database) {
  /** allowPasswordChange: the one route a user whose password was reset may use before changing it. */
  return (need: Role, opts: { queryToken?: boolean; allowPasswordChange?: boolean } = {}) =>
    async (req: FastifyRequest) => {
      const header = req.headers[SESSION_HEADER];
      const query = opts.queryToken ? (req.query as { session?: unknown }).session : undefined;
      const token = typeof header === 'string' ? header : typeof query === 'string' ? query : null;
      const user = admitted(token ? sessionUser(db, token) : null, need, opts.allowPasswordChange === true);
      (req as FastifyRequest & { user: User }).user = user;
    };
}

export const userOf = (req: FastifyRequest): User => (req as FastifyRequest & { user: User }).user;
