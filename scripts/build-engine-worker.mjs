// Bundles the engine's worker thread (main/engine/pool/worker-thread-entry.ts and everything it
// imports, native packages left external) into dist/engine/pool/worker-thread-entry.mjs, with the
// list of its inputs beside it. A worker started from the bundle is ready in about half the time of
// one that compiles the TypeScript sources on the fly; thread-workers.ts uses the bundle only while
// none of its inputs is newer than it (after an edit, the sources run until the next build).
// Run by postinstall and by `npm run build:worker`.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESM_REQUIRE_BANNER, nodeBundleOptions } from './esbuild-node.mjs';

const root = path.resolve(import.meta.dirname, '..');
const outfile = path.join(root, 'dist/engine/pool/worker-thread-entry.mjs');
const result = await build({
  ...nodeBundleOptions('node20'),
  absWorkingDir: root,
  entryPoints: ['main/engine/pool/worker-thread-entry.ts'],
  outfile,
  format: 'esm',
  banner: ESM_REQUIRE_BANNER,
  metafile: true,
});
const inputs = Object.keys(result.metafile.inputs);
writeFileSync(outfile.replace(/\.mjs$/, '.inputs.json'), JSON.stringify({ inputs }) + '\n');
console.log(`engine worker: bundled ${inputs.length} modules into dist/engine/pool/`);
