// worker_threads entry of the engine worker (headless server, CLI, tests).
import { parentPort, workerData } from 'node:worker_threads';
import { runEngineWorker } from './worker-main.js';

if (!parentPort) throw new Error('worker-thread-entry must run in a worker thread');
const port = parentPort;
const data = (workerData ?? {}) as { modelsDir?: string };
void runEngineWorker(
  { onMessage: (h) => port.on('message', h), post: (m, transfer) => port.postMessage(m, transfer ?? []), close: () => port.close() },
  { modelsDir: data.modelsDir },
);
