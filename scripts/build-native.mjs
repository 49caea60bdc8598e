// Builds native/image-kernels (the engine's pixel loops in C, N-API; their only implementation) with
// the node-gyp that ships inside npm, against the headers npm is configured with (`nodedir`, as for
// better-sqlite3). Fatal: without the kernels the engine cannot run, so install stops and says why.
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
  console.error('image kernels: node-gyp not found (it ships with npm); the engine needs native/image-kernels built');
  process.exit(1);
}
const r = spawnSync(process.execPath, [candidates[0], 'rebuild', '--release', '--directory', dir], {
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
if (r.status !== 0) {
  const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
  console.error(
    'image kernels: the C build of native/image-kernels failed. It needs a C compiler and make (Debian: apt-get install build-essential; ' +
      `macOS: xcode-select --install; Windows: Visual Studio Build Tools) and the Node headers npm is configured with (nodedir)\n${tail}`,
  );
  process.exit(1);
}
console.log('image kernels: built native/image-kernels');
