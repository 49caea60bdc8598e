// Plain-JS bootstrap of an engine worker thread: when the product runs from TypeScript sources
// (tsx), the worker registers the TypeScript loader before importing its entry.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
