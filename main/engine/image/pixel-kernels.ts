// The engine's heavy pixel loops — halving, triangle resampling, affine warps, blur — in C
// (native/image-kernels, N-API, built by `npm install`, which fails without a C compiler): their
// only implementation. Callers (raster.ts, filters.ts) compute taps and allocate the buffers; a
// kernel only reads `src` and writes `out`.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PixelKernels {
  /** Exact halving, triangle filter 1-3-3-1 per axis, integer arithmetic. out: (sw>>1)×(sh>>1)×3. */
  halve(src: Uint8Array, sw: number, sh: number, out: Uint8Array): void;
  /** Separable resampling with per-output taps (start/index/weight per axis). out: w×h×3. */
  resizeTriangle(
    src: Uint8Array,
    sw: number,
    sh: number,
    w: number,
    h: number,
    xs: Int32Array,
    xi: Int32Array,
    xw: Float32Array,
    ys: Int32Array,
    yi: Int32Array,
    yw: Float32Array,
    out: Uint8Array,
  ): void;
  /** Bilinear affine warp, destination → source matrix `inv`, n×n samples per pixel, `fill` outside. */
  warpAffine(
    src: Uint8Array,
    sw: number,
    sh: number,
    inv: Float64Array,
    w: number,
    h: number,
    fill: number,
    n: number,
    out: Uint8Array,
  ): void;
  /** Separable blur with normalised kernel `k` (odd length), clamped edges. */
  gaussianBlur(src: Uint8Array, w: number, h: number, k: Float32Array, out: Uint8Array): void;
}

const ADDON = 'native/image-kernels/build/Release/image_kernels.node';

/** Loads the built C kernels; throws, saying what to do, when they are not built. */
function loadKernels(): { kernels: PixelKernels; file: string } {
  const require = createRequire(import.meta.url);
  // Source tree (main/engine/image) and compiled tree (dist/main/engine/image) sit at different depths.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../..', ADDON), path.resolve(here, '../../../..', ADDON)];
  let reason = `${ADDON} is not built`;
  for (const file of candidates) {
    try {
      return { kernels: require(file) as PixelKernels, file };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') reason = `${file} could not be loaded: ${(err as Error).message}`;
    }
  }
  throw new Error(
    `the engine's C pixel kernels are missing: ${reason}. Run \`npm install\` (or \`node scripts/build-native.mjs\`); it needs a C compiler (Debian: build-essential)`,
  );
}

const loaded = loadKernels();

/** The kernels the engine runs. */
export const kernels: PixelKernels = loaded.kernels;
/** For the worker's ready message and benchmarks: the C kernels are the only implementation. */
export const KERNELS_IMPL = 'native' as const;
/** The file the kernels were loaded from. */
export const KERNELS_REASON = loaded.file;
