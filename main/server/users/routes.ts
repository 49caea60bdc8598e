// User administration over HTTP: /api/v1/users (admins: list, create, change role, disable and
// re-enable, reset a password, unlock), /api/v1/account/password (every signed-in user, also one
// who must change a reset password), and the first run: /api/v1/setup answers only from this
// machine (loopback, no proxy header) and only while no user exists, once.
import type Database from 'better-sqlite3';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FirstAdminSchema, NewUserSchema, OwnPasswordSchema, PasswordResetSchema, UserChangeSchema, UserIdSchema } from '../../contracts/users-api.js';
import { changeOwnPassword, changeUser, firstAdmin, getUser, hasUsers, listUsers, resetPassword, unlockUser } from '../../store/user-admin.js';
import { AuthError, createUser } from '../../store/users.js';
import { fail, parse, sessionAuth, userOf } from '../session-auth.js';

/** The HTTP status of each user-administration refusal (the IPC answers carry the same). */
export const AUTH_STATUS: Record<AuthError['code'], number> = {
  BAD_CREDENTIALS: 403, // a wrong current password: not a lost session
  LOCKED_OUT: 403,
  WEAK_PASSWORD: 400,
  BAD_USERNAME: 400,
  SAME_PASSWORD: 400,
  USER_EXISTS: 409,
  ADMIN_EXISTS: 409,
  SETUP_DONE: 409,
  LAST_ADMIN: 409,
  NO_SUCH_USER: 404,
};

async function answer(reply: FastifyReply, run: () => unknown) {
  try {
    return await run();
  } catch (e) {
    if (e instanceof AuthError) return fail(reply, AUTH_STATUS[e.code], e.code, e.message);
    throw e;
  }
}

const LOOPBACK_PEER = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
/** Asked from this machine itself: a loopback peer, and no proxy in between (which would be loopback too). */
export const fromThisMachine = (req: FastifyRequest): boolean =>
  LOOPBACK_PEER.test(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'] && !req.headers.forwarded && !req.headers['x-real-ip'];

export function registerUserRoutes(app: FastifyInstance, db: Database.Database): void {
  const auth = sessionAuth(db);
  const id = (req: FastifyRequest, reply: FastifyReply) => parse(UserIdSchema, (req.params as { id: string }).id, reply);

  app.get('/api/v1/users', { preHandler: auth('admin') }, async () => ({ users: listUsers(db) }));

  app.post('/api/v1/users', { preHandler: auth('admin') }, async (req, reply) => {
    const body = parse(NewUserSchema, req.body, reply);
    if (!body) return reply;
    return answer(reply, () => {
      const u = createUser(db, body.username, body.role, body.password, userOf(req).username);
      return reply.code(201).send(getUser(db, u.id));
    });
  });

  app.patch('/api/v1/users/:id', { preHandler: auth('admin') }, async (req, reply) => {
    const uid = id(req, reply);
    const body = uid && parse(UserChangeSchema, req.body, reply);
    if (!uid || !body) return reply;
    return answer(reply, () => changeUser(db, userOf(req), uid, body));
  });

  app.post('/api/v1/users/:id/password', { preHandler: auth('admin') }, async (req, reply) => {
    const uid = id(req, reply);
    const body = uid && parse(PasswordResetSchema, req.body, reply);
    if (!uid || !body) return reply;
    return answer(reply, () => resetPassword(db, userOf(req), uid, body.password));
  });

  app.post('/api/v1/users/:id/unlock', { preHandler: auth('admin') }, async (req, reply) => {
    const uid = id(req, reply);
    if (!uid) return reply;
    return answer(reply, () => unlockUser(db, userOf(req), uid));
  });

  app.get('/api/v1/account', { preHandler: auth('clerk', { allowPasswordChange: true }) }, async (req) => {
    const u = userOf(req);
    return { username: u.username, role: u.role, must_change_password: u.mustChangePassword === true };
  });

  app.put('/api/v1/account/password', { preHandler: auth('clerk', { allowPasswordChange: true }) }, async (req, reply) => {
    const body = parse(OwnPasswordSchema, req.body, reply);
    if (!body) return reply;
    return answer(reply, () => (changeOwnPassword(db, userOf(req), body.current, body.next), { ok: true }));
  });

  app.get('/api/v1/setup', async (req) => ({ needed: !hasUsers(db), allowed: fromThisMachine(req) }));

  app.post('/api/v1/setup', async (req, reply) => {
    if (!fromThisMachine(req)) return fail(reply, 403, 'LOOPBACK_ONLY', 'the first administrator can only be created on this machine itself (or with sophonmatch setup-admin)');
    const body = parse(FirstAdminSchema, req.body, reply);
    if (!body) return reply;
    return answer(reply, () => {
      const u = firstAdmin(db, body.username, body.password);
      return reply.code(201).send({ username: u.username, role: u.role });
    });
  });
}
