// The counter flow over HTTP for the web build of the screens: an event stream of the counter's
// state (reader, placement, result), frame checks for the live hint, compare, retry, the clerk's
// review steps, receipt. The desktop app carries the same messages over IPC (same schemas,
// main/contracts/counter-api.ts). Opening the stream never compares; a compare names the placement
// and attempt it is for. Sign-out, a user switch and an expired session clear the counter at once.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type Database from 'better-sqlite3';
import { ErrorAnswerSchema } from '../../contracts/compare-api.js';
import { CounterStateSchema } from '../../contracts/counter-api.js';
import type { CounterService } from '../../counter/counter-service.js';
import { sessionUser } from '../../store/users.js';
import { counterHandlers } from '../../operations/handlers.js';
import { handlerRoutes, operationRoutes } from '../operations.js';
import { SESSION_HEADER, sessionAuth, userOf } from '../session-auth.js';

const HEARTBEAT_MS = 15_000;
/** How often an open stream checks that its session is still valid (expiry, sign-out elsewhere). */
const SESSION_CHECK_MS = 2_000;

export function registerCounterRoutes(app: FastifyInstance, db: Database.Database, counter: CounterService): void {
  const auth = sessionAuth(db);
  const route = operationRoutes(app, db);

  // Sign-out ends the counter's customer; a different user signing in is a user switch.
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode !== 200) return;
    const url = req.url.split('?')[0];
    if (req.method === 'POST' && url === '/api/v1/logout') {
      const u = (req as FastifyRequest & { user?: { username: string } }).user;
      if (u) counter.sessionEnded(u.username, 'logout');
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'POST' && req.url.split('?')[0] === '/api/v1/login' && reply.statusCode === 200 && typeof payload === 'string') {
      try {
        const username = (JSON.parse(payload) as { username?: unknown }).username;
        if (typeof username === 'string') counter.signedIn(username);
      } catch {
        /* not the login answer */
      }
    }
    return payload;
  });

  const handlers = counterHandlers(counter);
  // Over HTTP a compare also claims the counter for its user (a page that resumed its session): another user's is a user switch.
  handlerRoutes(route, { ...handlers, compare: (c, u) => (counter.signedIn(u.username), handlers.compare(c, u)) });

  // Server-sent events: the state now, then every change, each shaped for the stream's user (clerks
  // get the match figure, supervisors the exact score). EventSource cannot send headers, so the
  // session token may come as ?session=. When the session ends the stream says so and closes.
  const streamDoc = {
    description: 'text/event-stream: `event: state` with the counter state, `event: signed-out` when the session ends',
    content: { 'text/event-stream': { schema: CounterStateSchema } },
  };
  app.get(
    '/api/v1/counter/stream',
    {
      preHandler: auth('clerk', { queryToken: true }),
      schema: { operationId: 'counterStream', tags: ['screens'], response: { 200: streamDoc, default: ErrorAnswerSchema } },
    },
    (req, reply) => {
      const user = userOf(req);
      const header = req.headers[SESSION_HEADER];
      const token = typeof header === 'string' ? header : String((req.query as { session?: unknown }).session ?? '');
      counter.signedIn(user.username);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      const send = () => res.write(`event: state\ndata: ${JSON.stringify(counter.state(user.role))}\n\n`);
      send();
      counter.on('state', send);
      const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const check = setInterval(() => {
        if (sessionUser(db, token)) return;
        counter.sessionEnded(user.username, 'session-expired');
        res.write('event: signed-out\ndata: {}\n\n');
        res.end();
      }, SESSION_CHECK_MS);
      check.unref();
      req.raw.on('close', () => {
        clearInterval(beat);
        clearInterval(check);
        counter.off('state', send);
        // The screen went away because its session ended (the page signed out on a 401 first): the counter forgets too.
        if (!sessionUser(db, token)) counter.sessionEnded(user.username, 'session-expired');
      });
    },
  );
}
