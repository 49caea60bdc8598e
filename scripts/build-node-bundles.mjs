// Bundles the product's Node entries with esbuild (native packages left external), each with the
// list of its inputs beside it (see main/common/fresh-bundle.mjs):
//   main/engine/pool/worker-thread-entry.ts → dist/engine/pool/worker-thread-entry.mjs (engine worker threads)
//   main/cli/sophonmatch.ts, main/cli/start.ts → dist/main/cli/*.mjs (`npm start`, `npm run serve`, the CLI)
// Started from a bundle, Node does not load the TypeScript compiler nor transform ~150 modules: a
// worker is ready in about half the time, and the process reaches its first result ~0.6 s sooner.
// The bundles sit at the same depth as their sources' modules (dist/x/y/ like main/x/y/), so paths
// the modules resolve relative to themselves stay right. Run by postinstall and `npm run build:bundles`.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESM_REQUIRE_BANNER, nodeBundleOptions } from './esbuild-node.mjs';
import { inputsListOf } from '../main/common/fresh-bundle.mjs';

const root = path.resolve(import.meta.dirname, '..');
const entries = [
  ['main/engine/pool/worker-thread-entry.ts', 'dist/engine/pool/worker-thread-entry.mjs'],
  ['main/cli/sophonmatch.ts', 'dist/main/cli/sophonmatch.mjs'],
  ['main/cli/start.ts', 'dist/main/cli/start.mjs'],
];
for (const [entry, out] of entries) {
  const outfile = path.join(root, out);
  const result = await build({
    ...nodeBundleOptions('node22'),
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    format: 'esm',
    banner: ESM_REQUIRE_BANNER,
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  writeFileSync(inputsListOf(outfile), JSON.stringify({ inputs }) + '\n');
  console.log(`bundled ${entry} (${inputs.length} modules) into ${out}`);
}
