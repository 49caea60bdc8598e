// Electron utilityProcess entry of the engine worker (desktop app). Electron gives the child
// `process.parentPort`; this file needs no `electron` import and is otherwise the same worker.
import { runEngineWorker } from './worker-main.js';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
  removeAllListeners(event?: string): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('utility-process-entry must run in an Electron utilityProcess');
const port = parentPort;
void runEngineWorker(
  { onMessage: (h) => port.on('message', (e) => h(e.data)), post: (m) => port.postMessage(m), close: () => process.exit(0) },
  { modelsDir: process.env.SOPHONMATCH_MODELS_DIR },
);
