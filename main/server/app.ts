// The HTTP server: the SophonMatch compare contract, health, readiness, metrics and OpenAPI.
// Built on fastify; the same app runs headless (`npm run serve`) and inside the desktop app.
import { timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { SophonError } from '../common/errors.js';
import type { SqliteEventStore } from '../store/events.js';
import type { CounterService } from '../counter/counter-service.js';
import { registerCounterRoutes } from './counter/routes.js';
import { registerReviewRoutes } from './review/routes.js';
import { registerSupervisorRoutes } from './review/supervisor-routes.js';
import { registerWebUi } from './web/static-files.js';
import { registerSettingsRoutes } from './settings/routes.js';
import { registerUserRoutes } from './users/routes.js';
import type { Settings } from '../contracts/settings.js';
import type { SettingsFile } from '../settings/settings-file.js';
import { toSophonError, sendError } from './errors.js';
import { ServerMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { COMPARE_PATH, drainRequest, registerCompareRoutes, type CompareEngine } from './sophonmatch/routes.js';

export type { CompareEngine };

export interface ServerDeps {
  engine: CompareEngine;
  store: SqliteEventStore | null;
  token?: string;
  maxBodyBytes: number;
  maxPixels: number;
  deadlineMs: number;
  logger: Logger | false;
  version: string;
  /** The counter flow (reader + engine + store) for the screens; absent in API-only servers. */
  counter?: CounterService;
  /** Folder of the screens' web build; absent: no UI. */
  webRoot?: string;
  /** The terminal's settings and how to apply a change; absent: no settings API. */
  settings?: { file: SettingsFile; apply: (s: Settings) => Promise<void>; diagnostics?: () => Record<string, unknown> };
}

const FRAME_CHECK_ROUTE = '/api/v1/counter/frame-check';
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i;

export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger || undefined,
    logger: deps.logger ? undefined : false,
    bodyLimit: deps.maxBodyBytes,
    return503OnClosing: true,
    // Fastify's own request lines carry the query string (filters by ID number or name): ours below don't.
    logController: new LogController({ disableRequestLogging: true }),
    // Errors raised by the router before any route runs get the contract's envelope too.
    frameworkErrors: (err: unknown, _req: unknown, reply: FastifyReply) => sendError(reply, toSophonError(err)),
  } as never) as unknown as FastifyInstance;
  const metrics = new ServerMetrics(() => deps.engine.stats());
  const tokenBytes = deps.token ? Buffer.from(deps.token) : null;

  // Bodies are read as text and parsed here, so that every way JSON can be wrong is BAD_JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    const type = req.headers['content-type'] ?? '';
    if (!JSON_TYPE.test(type.trim())) return done(new SophonError('UNSUPPORTED_MEDIA_TYPE', `send the body as Content-Type: application/json (got ${type ? JSON.stringify(type.slice(0, 80)) : 'none'})`), undefined);
    if (!String(body).trim()) return done(new SophonError('BAD_JSON', 'the request body is empty'), undefined);
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      done(new SophonError('BAD_JSON'), undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!tokenBytes || req.url === '/health' || req.url === '/ready') return; // probes need no token
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const given = m ? Buffer.from(m[1]!.trim()) : null;
    if (!given || given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) {
      metrics.requests.inc({ outcome: 'TOKEN_REQUIRED' });
      return sendError(reply, new SophonError('TOKEN_REQUIRED'), { 'WWW-Authenticate': 'Bearer' });
    }
  });

  // One line per request: method, the route it matched (never the raw URL, whose query and path
  // parameters can carry ID numbers and names), status, time. Nothing personal.
  // The counter's frame checks (about five a second while the counter is open) at debug level only.
  app.addHook('onResponse', async (req, reply) => {
    const quiet = req.routeOptions.url === FRAME_CHECK_ROUTE && reply.statusCode < 400;
    req.log[quiet ? 'debug' : 'info']({ method: req.method, route: req.routeOptions.url ?? '(no route)', status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
  });

  // Every answer is data, never a page: browsers must not sniff it into HTML; personal data is not cached.
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (req.url.startsWith('/api/v1/')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler(async (err, req, reply) => {
    const e = toSophonError(err);
    // A body refused for its size is still arriving: read it to the end (up to a sane cap) before
    // answering, or the client sees its upload reset instead of the 413.
    if (e.reason === 'BODY_TOO_LARGE') await drainRequest(req.raw, 64 * 1024 * 1024);
    if (e.reason === 'ENGINE_FAILED') req.log.error({ reason: e.reason, code: (err as { code?: string }).code }, 'request failed');
    if (req.url === COMPARE_PATH) metrics.requests.inc({ outcome: e.reason });
    return sendError(reply, e);
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, new SophonError('UNKNOWN_PATH', `no such path: ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`)));

  const methodNotAllowed = (url: string, allow: string) =>
    app.route({
      method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].filter((m) => !allow.split(', ').includes(m)) as never,
      url,
      handler: (req, reply) => sendError(reply, new SophonError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${allow}`), { Allow: allow }),
    });

  registerCompareRoutes(app, { ...deps, timeZone: () => deps.settings?.file.get().timeZone }, metrics);
  methodNotAllowed(COMPARE_PATH, 'POST');

  if (deps.store) registerReviewRoutes(app, deps.store, () => deps.settings?.file.get() ?? {});
  if (deps.store) registerUserRoutes(app, deps.store.db);
  if (deps.store) registerSupervisorRoutes(app, deps.store, () => deps.settings?.file.get() ?? {});
  if (deps.store && deps.counter) registerCounterRoutes(app, deps.store.db, deps.counter);
  if (deps.store && deps.settings) registerSettingsRoutes(app, deps.store.db, deps.settings.file, deps.settings.apply, deps.settings.diagnostics);
  if (deps.webRoot) registerWebUi(app, deps.webRoot);

  app.get('/SophonMatch/api/openapi.json', async () => openApiDocument(deps.version));
  methodNotAllowed('/SophonMatch/api/openapi.json', 'GET');

  app.get('/health', async () => ({ status: 'ok' }));
  methodNotAllowed('/health', 'GET');

  app.get('/ready', async (_req, reply) => {
    const engine = deps.engine.isReady;
    const store = deps.store ? deps.store.isOpen() : false;
    const body = { ready: engine && store, engine: engine ? 'ready' : 'starting', store: store ? 'open' : 'unavailable', model: deps.engine.modelId };
    return reply.code(body.ready ? 200 : 503).send(body);
  });
  methodNotAllowed('/ready', 'GET');

  app.get('/metrics', async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  methodNotAllowed('/metrics', 'GET');

  return app;
}
