// Builds native/image-kernels (the engine's pixel loops in C, N-API) with the node-gyp that ships
// inside npm, against the headers npm is configured with (`nodedir`, as for better-sqlite3).
// Not fatal: without a compiler the engine runs the same loops in TypeScript, slower, and says so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname, '../native/image-kernels');
const candidates = [
  process.env.npm_config_node_gyp,
  process.env.npm_execpath && path.resolve(path.dirname(process.env.npm_execpath), '../node_modules/node-gyp/bin/node-gyp.js'),
  path.resolve(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
].filter((p) => p && existsSync(p));

if (!candidates.length) {
  console.warn('image kernels: node-gyp not found; the engine will use its TypeScript pixel loops (slower)');
  process.exit(0);
}
const r = spawnSync(process.execPath, [candidates[0], 'rebuild', '--release', '--directory', dir], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (r.status === 0) {
  console.log('image kernels: built native/image-kernels');
} else {
  const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
  console.warn(`image kernels: the C build failed; the engine will use its TypeScript pixel loops (slower)\n${tail}`);
}
