// User administration over HTTP: /api/v1/users (admins: list, create, change role, disable and
// re-enable, reset a password, unlock), /api/v1/account/password (every signed-in user, also one
// who must change a reset password), and the first run: /api/v1/setup answers only from this
// machine (loopback, no proxy header) and only while no user exists, once.
import type Database from 'better-sqlite3';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SophonError } from '../../common/errors.js';
import { userHandlers } from '../../operations/handlers.js';
import { firstAdmin, hasUsers } from '../../store/user-admin.js';
import { handlerRoutes, operationRoutes } from '../operations.js';

const LOOPBACK_PEER = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
/** Asked from this machine itself: a loopback peer, and no proxy in between (which would be loopback too). */
export const fromThisMachine = (req: FastifyRequest): boolean =>
  LOOPBACK_PEER.test(req.socket.remoteAddress ?? '') &&
  !req.headers['x-forwarded-for'] &&
  !req.headers.forwarded &&
  !req.headers['x-real-ip'];

export function registerUserRoutes(app: FastifyInstance, db: Database.Database): void {
  const route = operationRoutes(app, db);

  handlerRoutes(route, userHandlers(db));

  route('setupState', (_in, req) => ({ needed: !hasUsers(db), allowed: fromThisMachine(req) }));
  route('setupAdmin', (a, req) => {
    if (!fromThisMachine(req)) throw new SophonError('LOOPBACK_ONLY');
    const u = firstAdmin(db, a.username, a.password);
    return { username: u.username, role: u.role };
  });
}
