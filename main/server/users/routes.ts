// User administration over HTTP: /api/v1/users (admins: list, create, change role, disable and
// re-enable, reset a password, unlock), /api/v1/account/password (every signed-in user, also one
// who must change a reset password), and the first run: /api/v1/setup answers only from this
// machine (loopback, no proxy header) and only while no user exists, once.
import type Database from 'better-sqlite3';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { REASONS, SophonError } from '../../common/errors.js';
import { FirstAdminSchema, NewUserSchema, OwnPasswordSchema, PasswordResetSchema, UserChangeSchema, UserIdSchema } from '../../contracts/users-api.js';
import { changeOwnPassword, changeUser, firstAdmin, getUser, hasUsers, listUsers, resetPassword, unlockUser } from '../../store/user-admin.js';
import { AUTH_CODES, createUser, type AuthError } from '../../store/users.js';
import { parse, sessionAuth, userOf } from '../session-auth.js';

/** The HTTP status of each user-administration refusal, from the common table (an AuthError carries it as `http` too). */
export const AUTH_STATUS = Object.fromEntries(AUTH_CODES.map((c) => [c, REASONS[c].http])) as Record<AuthError['code'], number>;

const LOOPBACK_PEER = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
/** Asked from this machine itself: a loopback peer, and no proxy in between (which would be loopback too). */
export const fromThisMachine = (req: FastifyRequest): boolean =>
  LOOPBACK_PEER.test(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'] && !req.headers.forwarded && !req.headers['x-real-ip'];

export function registerUserRoutes(app: FastifyInstance, db: Database.Database): void {
  const auth = sessionAuth(db);
  const id = (req: FastifyRequest) => parse(UserIdSchema, (req.params as { id: string }).id);

  app.get('/api/v1/users', { preHandler: auth('admin') }, async () => ({ users: listUsers(db) }));

  app.post('/api/v1/users', { preHandler: auth('admin') }, async (req, reply) => {
    const body = parse(NewUserSchema, req.body);
    const u = createUser(db, body.username, body.role, body.password, userOf(req).username);
    return reply.code(201).send(getUser(db, u.id));
  });

  app.patch('/api/v1/users/:id', { preHandler: auth('admin') }, async (req) => changeUser(db, userOf(req), id(req), parse(UserChangeSchema, req.body)));

  app.post('/api/v1/users/:id/password', { preHandler: auth('admin') }, async (req) => {
    const uid = id(req);
    return resetPassword(db, userOf(req), uid, parse(PasswordResetSchema, req.body).password);
  });

  app.post('/api/v1/users/:id/unlock', { preHandler: auth('admin') }, async (req) => unlockUser(db, userOf(req), id(req)));

  app.get('/api/v1/account', { preHandler: auth('clerk', { allowPasswordChange: true }) }, async (req) => {
    const u = userOf(req);
    return { username: u.username, role: u.role, must_change_password: u.mustChangePassword === true };
  });

  app.put('/api/v1/account/password', { preHandler: auth('clerk', { allowPasswordChange: true }) }, async (req) => {
    const body = parse(OwnPasswordSchema, req.body);
    changeOwnPassword(db, userOf(req), body.current, body.next);
    return { ok: true };
  });

  app.get('/api/v1/setup', async (req) => ({ needed: !hasUsers(db), allowed: fromThisMachine(req) }));

  app.post('/api/v1/setup', async (req, reply) => {
    if (!fromThisMachine(req)) throw new SophonError('LOOPBACK_ONLY');
    const body = parse(FirstAdminSchema, req.body);
    const u = firstAdmin(db, body.username, body.password);
    return reply.code(201).send({ username: u.username, role: u.role });
  });
}
