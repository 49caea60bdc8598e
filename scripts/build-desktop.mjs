// `npm run build:desktop`: the Electron main process, its preload script (CommonJS: sandboxed
// preloads cannot be modules) and the engine's utilityProcess entry, bundled by esbuild into
// dist/main/. Native packages stay external (unpacked from the ASAR by electron-builder).
import { build } from 'esbuild';

const external = ['electron', 'better-sqlite3', 'onnxruntime-node', 'sharp', 'serialport', '@serialport/*', 'koffi', 'pino', 'thread-stream'];
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: false, logLevel: 'warning', external };
const banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };

await build({ ...common, format: 'esm', entryPoints: ['main/electron/app.ts'], outfile: 'dist/main/electron/app.js', banner });
await build({ ...common, format: 'esm', entryPoints: ['main/engine/pool/utility-process-entry.ts'], outfile: 'dist/main/engine/pool/utility-process-entry.js', banner });
await build({ ...common, format: 'cjs', entryPoints: ['main/electron/preload.ts'], outfile: 'dist/main/electron/preload.cjs', external: ['electron'] });
console.log('built dist/main (desktop main process, preload, engine utility entry)');
