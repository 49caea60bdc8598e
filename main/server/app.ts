// The HTTP server: the SophonMatch compare contract, health, readiness, metrics and OpenAPI.
// Built on fastify; the same app runs headless (`npm run serve`) and inside the desktop app.
import { timingSafeEqual } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
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
import { OPENAPI_PATH, openApiOptions } from './openapi.js';
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

const HealthSchema = z.object({ status: z.literal('ok') });
const ReadySchema = z.object({
  ready: z.boolean(),
  engine: z.enum(['ready', 'starting']),
  store: z.enum(['open', 'unavailable']),
  model: z.string(),
});

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
    if (!JSON_TYPE.test(type.trim()))
      return done(
        new SophonError(
          'UNSUPPORTED_MEDIA_TYPE',
          `send the body as Content-Type: application/json (got ${type ? JSON.stringify(type.slice(0, 80)) : 'none'})`,
        ),
        undefined,
      );
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
    req.log[quiet ? 'debug' : 'info'](
      {
        method: req.method,
        route: req.routeOptions.url ?? '(no route)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
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
    if (e.reason === 'ENGINE_FAILED' || e.reason === 'BAD_ANSWER')
      req.log.error({ reason: e.reason, code: (err as { code?: string }).code }, 'request failed');
    if (req.url === COMPARE_PATH) metrics.requests.inc({ outcome: e.reason });
    return sendError(reply, e);
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, new SophonError('UNKNOWN_PATH', `no such path: ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`)),
  );

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The OpenAPI document of every route below, from their schemas (its onRoute hook sees the routes registered after it).
  void app.register(fastifySwagger, openApiOptions(deps.version));
  void app.register(async (api) => {
    const methodNotAllowed = (url: string, allow: string) =>
      api.route({
        method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].filter((m) => !allow.split(', ').includes(m)) as never,
        url,
        schema: { hide: true },
        handler: (req, reply) =>
          sendError(reply, new SophonError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${allow}`), { Allow: allow }),
      });

    registerCompareRoutes(api, { ...deps, timeZone: () => deps.settings?.file.get().timeZone }, metrics);
    methodNotAllowed(COMPARE_PATH, 'POST');

    if (deps.store) registerReviewRoutes(api, deps.store, () => deps.settings?.file.get() ?? {});
    if (deps.store) registerUserRoutes(api, deps.store.db);
    if (deps.store) registerSupervisorRoutes(api, deps.store, () => deps.settings?.file.get() ?? {});
    if (deps.store && deps.counter) registerCounterRoutes(api, deps.store.db, deps.counter);
    if (deps.store && deps.settings)
      registerSettingsRoutes(api, deps.store.db, deps.settings.file, deps.settings.apply, deps.settings.diagnostics);
    if (deps.webRoot) registerWebUi(api, deps.webRoot);

    api.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
    methodNotAllowed(OPENAPI_PATH, 'GET');

    const probe = { tags: ['probes'], security: [] };
    api.get('/health', { schema: { ...probe, response: { 200: HealthSchema } } }, async () => ({ status: 'ok' as const }));
    methodNotAllowed('/health', 'GET');

    api.get('/ready', { schema: { ...probe, response: { 200: ReadySchema, 503: ReadySchema } } }, async (_req, reply) => {
      const engine = deps.engine.isReady;
      const store = deps.store ? deps.store.isOpen() : false;
      const body = {
        ready: engine && store,
        engine: engine ? 'ready' : 'starting',
        store: store ? 'open' : 'unavailable',
        model: deps.engine.modelId,
      };
      return reply.code(body.ready ? 200 : 503).send(body);
    });
    methodNotAllowed('/ready', 'GET');

    const metricsDoc = { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } };
    api.get('/metrics', { schema: { tags: ['probes'], response: { 200: metricsDoc } } }, async (_req, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
    );
    methodNotAllowed('/metrics', 'GET');
  });

  return app;
}
