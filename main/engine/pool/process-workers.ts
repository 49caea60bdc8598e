// Engine workers as separate Node processes (child_process.fork): what an Electron utilityProcess
// is, without Electron. A worker that dies (SIGKILL, crash) takes only its own process down; the
// composition tests use this to kill the engine mid-compare.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EngineWorkerFactory } from './worker-pool.js';

const entry = fileURLToPath(new URL(`./process-worker-entry${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

export interface ProcessWorkers {
  factory: EngineWorkerFactory;
  /** The live worker processes (for diagnostics and fault tests). */
  readonly children: ChildProcess[];
}

export function processWorkerFactory(opts: { modelsDir?: string } = {}): ProcessWorkers {
  const children: ChildProcess[] = [];
  const factory: EngineWorkerFactory = () => {
    const child = fork(entry, [], {
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      env: { ...process.env, ...(opts.modelsDir ? { SOPHONMATCH_MODELS_DIR: opts.modelsDir } : {}) },
      serialization: 'advanced', // typed arrays cross as they are
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    child.on('exit', () => children.splice(children.indexOf(child), 1));
    child.on('error', () => {});
    return {
      post: (m) => child.connected && child.send(m),
      onMessage: (h) => child.on('message', h),
      onExit: (h) => child.on('exit', (code, signal) => h(code ?? (signal ? 128 : 1))),
      terminate: () => void child.kill('SIGKILL'),
    };
  };
  return { factory, children };
}
