// worker_threads factory for the pool (the headless server, the CLI and the tests).
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EngineWorkerFactory } from './worker-pool.js';

const entry = new URL(`./worker-thread-entry${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
const bootstrap = new URL('./worker-thread-bootstrap.mjs', import.meta.url);

export function threadWorkerFactory(opts: { modelsDir?: string; intraOpThreads?: number } = {}): EngineWorkerFactory {
  return () => {
    const w = new Worker(bootstrap, { workerData: { entry, modelsDir: opts.modelsDir, intraOpThreads: opts.intraOpThreads ?? 1 } });
    w.on('error', () => {}); // an uncaught error in the worker ends it; the pool sees the exit
    return {
      post: (m) => w.postMessage(m),
      onMessage: (h) => w.on('message', h),
      onExit: (h) => w.on('exit', h),
      terminate: () => void w.terminate(),
    };
  };
}

/** Workers to start by default: one per core. */
export const defaultPoolSize = (): number => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
