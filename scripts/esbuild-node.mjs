// How the project bundles its Node code with esbuild (the desktop build, the engine worker bundle):
// native packages stay external (loaded from node_modules, or unpacked from the ASAR), and ESM
// bundles get a `require` for the CommonJS code they inline.
export const NATIVE_EXTERNALS = [
  'electron',
  'better-sqlite3',
  'onnxruntime-node',
  'sharp',
  'serialport',
  '@serialport/*',
  'koffi',
  'pino',
  'thread-stream',
];
export const ESM_REQUIRE_BANNER = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };

/** esbuild options shared by every Node bundle, for a Node `target` (node22: Node 22 LTS, what Electron 45 embeds). */
export const nodeBundleOptions = (target) => ({
  bundle: true,
  platform: 'node',
  target,
  sourcemap: false,
  logLevel: 'warning',
  external: NATIVE_EXTERNALS,
});
