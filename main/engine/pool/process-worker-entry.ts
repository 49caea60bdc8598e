// child_process entry of the engine worker (see process-workers.ts).
import { runEngineWorker } from './worker-main.js';

if (!process.send) throw new Error('process-worker-entry must run as a forked child with an IPC channel');
const send = process.send.bind(process);
void runEngineWorker(
  { onMessage: (h) => process.on('message', h), post: (m) => void send(m), close: () => process.exit(0) },
  { modelsDir: process.env.SOPHONMATCH_MODELS_DIR || undefined },
);
