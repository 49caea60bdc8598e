// worker_threads factory for the pool (the headless server, the CLI and the tests).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { freshBundle } from '../../common/fresh-bundle.mjs';
import type { EngineWorkerFactory } from './worker-pool.js';

/** This module runs from the TypeScript sources (tsx), or inside a bundle of dist/ (depth 3, like here). */
const fromSources = import.meta.url.endsWith('.ts');
const entry = new URL('./worker-thread-entry.ts', import.meta.url).href;
const bootstrap = new URL('./worker-thread-bootstrap.mjs', import.meta.url);
/** The bundle `npm install` builds (scripts/build-node-bundles.mjs). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BUNDLE = path.join(ROOT, 'dist/engine/pool/worker-thread-entry.mjs');

/**
 * The bundled worker when it is at least as new as every module it was built from, else null
 * (not built, or the sources were edited since: they run through tsx until the next build).
 * Code that itself runs from a bundle has only the bundled worker (built with it).
 */
export function freshWorkerBundle(bundle = BUNDLE, root = ROOT): string | null {
  if (!fromSources) return existsSync(bundle) ? bundle : null;
  return freshBundle(bundle, root);
}

export interface ThreadWorkerOptions {
  modelsDir?: string;
  /** `auto` (default): the bundle while it is fresh, else the sources; `sources`: always the sources (tests of that path). */
  code?: 'auto' | 'sources';
}

export function threadWorkerFactory(opts: ThreadWorkerOptions = {}): EngineWorkerFactory {
  const bundle = opts.code === 'sources' ? null : freshWorkerBundle();
  if (!bundle && !fromSources) throw new Error(`the engine worker bundle is missing: ${BUNDLE} (npm run build:bundles)`);
  return () => {
    const workerData = { entry, modelsDir: opts.modelsDir };
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
