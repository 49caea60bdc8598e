// The counter flow over HTTP for the web build of the screens: an event stream of the counter's
// state (reader, card), frame checks for the live hint, compare, override, receipt. The desktop
// app carries the same messages over IPC (same schemas, main/contracts/counter-api.ts).
import type { FastifyInstance } from 'fastify';
import type Database from 'better-sqlite3';
import { CounterCompareRequestSchema, FrameCheckRequestSchema, OverrideRequestSchema, type CounterState } from '../../contracts/counter-api.js';
import type { CounterService } from '../../counter/counter-service.js';
import { decodeBase64Field } from '../sophonmatch/base64.js';
import { parse, sessionAuth, userOf } from '../session-auth.js';

const HEARTBEAT_MS = 15_000;

export function registerCounterRoutes(app: FastifyInstance, db: Database.Database, counter: CounterService): void {
  const auth = sessionAuth(db);

  app.get('/api/v1/counter/state', { preHandler: auth('clerk') }, async () => counter.state());

  // Server-sent events: the state now, then every change. EventSource cannot send headers, so the
  // session token may come as ?session=.
  app.get('/api/v1/counter/stream', { preHandler: auth('clerk', { queryToken: true }) }, (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    const send = (s: CounterState) => res.write(`event: state\ndata: ${JSON.stringify(s)}\n\n`);
    send(counter.state());
    counter.on('state', send);
    const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.raw.on('close', () => {
      clearInterval(beat);
      counter.off('state', send);
    });
  });

  app.post('/api/v1/counter/frame-check', { preHandler: auth('clerk') }, async (req, reply) => {
    const body = parse(FrameCheckRequestSchema, req.body, reply);
    if (!body) return reply;
    return counter.checkFrame(decodeBase64Field(body.frame, 'frame'));
  });

  app.post('/api/v1/counter/compare', { preHandler: auth('clerk') }, async (req, reply) => {
    const body = parse(CounterCompareRequestSchema, req.body, reply);
    if (!body) return reply;
    return counter.compare(body.frames.map((f, i) => decodeBase64Field(f, `frames[${i}]`)), userOf(req).username);
  });

  app.post('/api/v1/counter/override', { preHandler: auth('clerk') }, async (req, reply) => {
    const body = parse(OverrideRequestSchema, req.body, reply);
    if (!body) return reply;
    counter.override(body.event_id, userOf(req).username, body.reason);
    return { ok: true };
  });

  app.get<{ Params: { id: string } }>('/api/v1/counter/receipt/:id', { preHandler: auth('clerk') }, async (req) => counter.receipt(req.params.id, userOf(req).username));
}
