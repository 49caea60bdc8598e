// Engine workers as Electron utilityProcesses: the ONNX pipeline never runs on the main or the
// renderer thread. The pool replaces a dead one with back-off.
import path from 'node:path';
import { utilityProcess } from 'electron';
import type { EngineWorkerFactory } from '../engine/pool/worker-pool.js';

export function utilityWorkerFactory(modelsDir: string): EngineWorkerFactory {
  const entry = path.join(import.meta.dirname, '../engine/pool/utility-process-entry.js');
  return () => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: 'SophonMatch engine',
      env: { ...process.env, SOPHONMATCH_MODELS_DIR: modelsDir },
      stdio: 'inherit',
    });
    return {
      post: (m) => child.postMessage(m),
      onMessage: (h) => child.on('message', h),
      onExit: (h) => child.on('exit', h),
      terminate: () => void child.kill(),
    };
  };
}
