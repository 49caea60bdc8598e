// Bundles the engine's worker thread (main/engine/pool/worker-thread-entry.ts and everything it
// imports, native packages left external) into dist/engine/pool/worker-thread-entry.mjs, with the
// list of its inputs beside it. A worker started from the bundle is ready in about half the time of
// one that compiles the TypeScript sources on the fly; thread-workers.ts uses the bundle only while
// none of its inputs is newer than it (after an edit, the sources run until the next build).
// Run by postinstall and by `npm run build:worker`.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outfile = path.join(root, 'dist/engine/pool/worker-thread-entry.mjs');
const result = await build({
  absWorkingDir: root,
  entryPoints: ['main/engine/pool/worker-thread-entry.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['sharp', 'onnxruntime-node'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs);
writeFileSync(outfile.replace(/\.mjs$/, '.inputs.json'), JSON.stringify({ inputs }) + '\n');
console.log(`engine worker: bundled ${inputs.length} modules into dist/engine/pool/`);
