// The SophonMatch compare contract (../shared/spec/sophonmatch-api.md): POST /SophonMatch/api/compare,
// the shedding of compares a full queue cannot take, and the request counters and latency of /metrics.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { SophonError } from '../../common/errors.js';
import { CompareAnswerSchema, CompareRequestSchema, ErrorAnswerSchema } from '../../contracts/compare-api.js';
import type { CompareInput, CompareOutcome } from '../../engine/compare.js';
import type { PoolStats } from '../../engine/pool/worker-pool.js';
import type { SqliteEventStore } from '../../store/events.js';
import { sendError, toSophonError } from '../errors.js';
import type { ServerMetrics } from '../metrics.js';
import { compareAnswer } from './answer.js';
import { decodeBase64Field } from '../../common/base64.js';
import { parseCompareRequest } from './request.js';
import { UNVALIDATED } from '../operations.js';

export const COMPARE_PATH = '/SophonMatch/api/compare';

export interface CompareEngine {
  compare(input: CompareInput): Promise<CompareOutcome>;
  readonly isReady: boolean;
  stats(): PoolStats;
  readonly modelId: string;
}

export interface CompareDeps {
  engine: CompareEngine;
  store: SqliteEventStore | null;
  maxBodyBytes: number;
  maxPixels: number;
  /** The terminal's time zone, in which a compare_time without a zone is read. */
  timeZone: () => string | undefined;
}

export function registerCompareRoutes(app: FastifyInstance, deps: CompareDeps, metrics: ServerMetrics): void {
  // A full queue sheds a compare before its body is parsed: under a storm of requests the server
  // spends nothing on work it will refuse, and stays responsive (a compare queues two jobs).
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST' || req.url.split('?')[0] !== COMPARE_PATH) return;
    const st = deps.engine.stats();
    if (!deps.engine.isReady || st.queued + 2 <= st.maxQueue) return;
    metrics.requests.inc({ outcome: 'BUSY' });
    await drainRequest(req.raw, deps.maxBodyBytes);
    return sendError(reply, new SophonError('BUSY'), { 'Retry-After': String(retryAfterSeconds(st)) });
  });

  app.post(
    COMPARE_PATH,
    {
      // The contract's own checks (MISSING_FIELD before BAD_FIELD, the terminal's time zone) run in
      // the handler: the body schema documents the request, the answer schemas serialize the answers.
      ...UNVALIDATED,
      schema: {
        operationId: 'compare',
        tags: ['compare'],
        body: CompareRequestSchema,
        response: { 200: CompareAnswerSchema, default: ErrorAnswerSchema },
        security: [{}, { bearer: [] }],
      },
    },
    async (req, reply) => {
      const t0 = performance.now();
      try {
        if (!deps.engine.isReady) throw new SophonError('STARTING');
        const r = parseCompareRequest(req.body, deps.timeZone());
        const card = decodeBase64Field(r.card_image_base64, 'card_image_base64');
        const face = decodeBase64Field(r.face_image_base64, 'face_image_base64');
        if (r.need_save && !deps.store?.isOpen()) throw new SophonError('STORE_UNAVAILABLE');
        const outcome = await deps.engine.compare({
          card,
          frames: [face],
          threshold: r.threshold,
          fiqa: r.fiqa_level,
          limits: { maxBytes: deps.maxBodyBytes, maxPixels: deps.maxPixels },
        });
        let eventId: string | undefined;
        const tStore = performance.now();
        if (r.need_save) {
          eventId = deps.store!.saveCompareEvent({
            compareTime: r.compare_time ?? Date.now() / 1000,
            source: 'api',
            identity: r.identity_info,
            cardPhoto: card,
            livePhoto: face,
            score: outcome.score,
            threshold: outcome.threshold,
            decision: outcome.same,
            quality: outcome.face.quality,
            timings: outcome.timings,
            modelId: outcome.model,
          });
        }
        const storeMs = performance.now() - tStore;
        const totalMs = performance.now() - t0;
        const answer = compareAnswer(outcome, r.identity_info, {
          eventId,
          debug: r.with_debug_info ? { queueMs: outcome.queue_ms, storeMs, totalMs } : undefined,
        });
        metrics.requests.inc({ outcome: 'ok' });
        metrics.latency.observe(totalMs / 1000);
        return reply.type('application/json; charset=utf-8').send(answer);
      } catch (err) {
        const e = toSophonError(err);
        metrics.requests.inc({ outcome: e.reason });
        if (e.reason === 'ENGINE_FAILED') req.log.error({ reason: e.reason }, 'compare failed');
        const headers: Record<string, string> = {};
        if (e.reason === 'BUSY') headers['Retry-After'] = String(retryAfterSeconds(deps.engine.stats()));
        return sendError(reply, e, headers);
      }
    },
  );
}

/** Seconds a shed client should wait: the queue ahead of it at the observed pace, at least 1. */
function retryAfterSeconds(s: PoolStats): number {
  return Math.max(1, Math.ceil(((s.queued + s.busy) / Math.max(1, s.size)) * 0.05));
}

/** Reads and discards what is left of a request body, unless more than `cap` bytes are announced. */
export function drainRequest(raw: IncomingMessage, cap: number): Promise<void> {
  const announced = Number(raw.headers['content-length'] ?? NaN);
  if (raw.readableEnded || raw.destroyed || !(announced <= cap)) return Promise.resolve();
  return new Promise((resolve) => {
    raw.once('end', resolve).once('close', resolve).once('error', resolve);
    raw.resume();
  });
}
