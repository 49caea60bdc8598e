// worker_threads factory for the pool (the headless server, the CLI and the tests).
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineWorkerFactory } from './worker-pool.js';

const fromSources = import.meta.url.endsWith('.ts');
const entry = new URL(`./worker-thread-entry${fromSources ? '.ts' : '.js'}`, import.meta.url).href;
const bootstrap = new URL('./worker-thread-bootstrap.mjs', import.meta.url);
/** The bundle `npm install` builds (scripts/build-engine-worker.mjs), and the list of its inputs. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BUNDLE = path.join(ROOT, 'dist/engine/pool/worker-thread-entry.mjs');

/**
 * The bundled worker when it is at least as new as every module it was built from, else null
 * (not built, or the sources were edited since: they run through tsx until the next build).
 */
export function freshWorkerBundle(bundle = BUNDLE, root = ROOT): string | null {
  if (!fromSources) return null;
  try {
    const built = statSync(bundle).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(bundle.replace(/\.mjs$/, '.inputs.json'), 'utf8')) as { inputs: string[] };
    if (!Array.isArray(inputs) || !inputs.length) return null;
    for (const f of inputs) if (statSync(path.resolve(root, f)).mtimeMs > built) return null;
    return bundle;
  } catch {
    return null;
  }
}

export interface ThreadWorkerOptions {
  modelsDir?: string;
  intraOpThreads?: number;
  /** `auto` (default): the bundle while it is fresh, else the sources; `sources`: always the sources (tests of that path). */
  code?: 'auto' | 'sources';
}

export function threadWorkerFactory(opts: ThreadWorkerOptions = {}): EngineWorkerFactory {
  const bundle = opts.code === 'sources' ? null : freshWorkerBundle();
  return () => {
    const workerData = { entry, modelsDir: opts.modelsDir, intraOpThreads: opts.intraOpThreads ?? 1 };
    const w = bundle ? new Worker(bundle, { workerData }) : new Worker(bootstrap, { workerData });
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
