// `npm run build:desktop`: the Electron main process, its preload script (CommonJS: sandboxed
// preloads cannot be modules) and the engine's utilityProcess entry, bundled by esbuild into
// dist/main/. Native packages stay external (unpacked from the ASAR by electron-builder).
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER as banner, nodeBundleOptions } from './esbuild-node.mjs';

const common = nodeBundleOptions('node22');

await build({ ...common, format: 'esm', entryPoints: ['main/electron/app.ts'], outfile: 'dist/main/electron/app.js', banner });
await build({
  ...common,
  format: 'esm',
  entryPoints: ['main/engine/pool/utility-process-entry.ts'],
  outfile: 'dist/main/engine/pool/utility-process-entry.js',
  banner,
});
await build({
  ...common,
  format: 'cjs',
  entryPoints: ['main/electron/preload.ts'],
  outfile: 'dist/main/electron/preload.cjs',
  external: ['electron'],
});
console.log('built dist/main (desktop main process, preload, engine utility entry)');
