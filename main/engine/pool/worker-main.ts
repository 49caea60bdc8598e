// The engine worker's message loop, independent of the transport: worker_threads under Node,
// Electron's utilityProcess in the desktop app. Every request is validated before it is served.
import { SophonError } from '../../common/errors.js';
import { WorkerRequestSchema, type WorkerResponse } from '../../contracts/engine.js';
import { FaceEngine } from '../face-engine.js';
import { KERNELS_IMPL, KERNELS_REASON } from '../image/pixel-kernels.js';

export interface WorkerEndpoint {
  onMessage(handler: (msg: unknown) => void): void;
  post(msg: WorkerResponse, transfer?: ArrayBuffer[]): void;
  /** Stop listening so that the worker can end by itself. */
  close(): void;
}

/** One intra-op thread per worker (FaceEngine.load's default): the pool puts one worker on each core. */
export async function runEngineWorker(endpoint: WorkerEndpoint, opts: { modelsDir?: string }): Promise<void> {
  const t0 = performance.now();
  let engine: FaceEngine;
  try {
    engine = await FaceEngine.load(opts);
  } catch (err) {
    endpoint.post({ kind: 'load-failed', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  // Requests are served one at a time, in arrival order.
  let chain: Promise<void> = Promise.resolve();
  endpoint.onMessage((raw) => {
    chain = chain.then(() => serve(raw));
  });
  endpoint.post({
    kind: 'ready',
    model: engine.modelId,
    load_ms: Math.round(performance.now() - t0),
    pixel_kernels: { impl: KERNELS_IMPL, reason: KERNELS_REASON },
  });

  async function serve(raw: unknown): Promise<void> {
    const parsed = WorkerRequestSchema.safeParse(raw);
    const id =
      typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : -1;
    if (!parsed.success) {
      endpoint.post({ kind: 'error', id, error: { reason: 'ENGINE_FAILED', message: 'the engine received a malformed request' } });
      return;
    }
    const req = parsed.data;
    if (req.kind === 'shutdown') {
      await engine.close();
      endpoint.close();
    } else if (req.kind === 'fault') {
      if (req.fault === 'crash') process.exit(70);
      await new Promise(() => {}); // hang forever: the pool's deadline must catch it
    } else {
      try {
        const result = await engine.analyse(req);
        endpoint.post({ kind: 'result', id: req.id, result });
      } catch (err) {
        if (err instanceof SophonError)
          endpoint.post({
            kind: 'error',
            id: req.id,
            error: { reason: err.reason, message: err.message, ...(err.details ? { details: err.details } : {}) },
          });
        else
          endpoint.post({ kind: 'error', id: req.id, error: { reason: 'ENGINE_FAILED', message: 'the face engine failed on this image' } });
      }
    }
  }
}
