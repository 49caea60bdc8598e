// The engine as the rest of the product sees it: a worker pool plus the calibration, with
// `compare()` (card photo vs live frames) and readiness/metrics. Server, CLI, counter and bench use it.
import type { AnalyseResult } from '../contracts/engine.js';
import { Calibration, DEFAULT_MODEL_CONFIG } from './calibration.js';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './image/decode.js';
import { compareFaces, type CompareInput, type CompareOutcome } from './compare.js';
import { loadModelSet } from './models/manifest.js';
import { defaultPoolSize, threadWorkerFactory } from './pool/thread-workers.js';
import { WorkerPool, type EngineWorkerFactory, type PoolStats } from './pool/worker-pool.js';

export interface EngineClientOptions {
  poolSize?: number;
  maxQueue?: number;
  deadlineMs?: number;
  modelsDir?: string;
  /** Worker factory; worker_threads by default (the desktop app passes utilityProcess workers). */
  factory?: EngineWorkerFactory;
}

export const DEFAULT_DEADLINE_MS = 10_000;

export class EngineClient {
  readonly pool: WorkerPool;
  readonly calibration: Calibration;
  /** The model set id, with `#feature` / `#mobilefacenet` when SOPHONMATCH_MODEL_SET runs one model alone. */
  readonly modelId: string;

  constructor(opts: EngineClientOptions = {}) {
    const set = loadModelSet(opts.modelsDir);
    this.calibration = Calibration.load(set.dir);
    this.modelId = this.calibration.configName === DEFAULT_MODEL_CONFIG ? set.id : `${set.id}#${this.calibration.configName}`;
    const size = opts.poolSize ?? defaultPoolSize();
    this.pool = new WorkerPool({
      size,
      factory: opts.factory ?? threadWorkerFactory({ modelsDir: opts.modelsDir }),
      maxQueue: opts.maxQueue ?? size * 16,
      deadlineMs: opts.deadlineMs ?? DEFAULT_DEADLINE_MS,
    });
  }

  get ready(): Promise<void> {
    return this.pool.ready;
  }

  get isReady(): boolean {
    return this.pool.isReady;
  }

  stats(): PoolStats {
    return this.pool.stats();
  }

  compare(input: CompareInput): Promise<CompareOutcome> {
    return compareFaces(this.pool, this.calibration, this.modelId, input);
  }

  /** One camera frame: where the face is and its quality measures (the counter's live hint). */
  checkFrame(bytes: Uint8Array, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Promise<AnalyseResult> {
    return this.pool.analyse({ role: 'live', field: 'frame', bytes, embed: false, quality: 'full', liveness: false, limits });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
