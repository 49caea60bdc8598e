// The engine's pixel loops behind one low-level interface, in two implementations: the TypeScript
// reference below, and its C twin in native/image-kernels (N-API, built by `npm install`), which is
// bit-identical and several times faster. Callers (raster.ts, filters.ts) compute taps and
// allocate the buffers; a kernel only reads `src` and writes `out`.
// SOPHONMATCH_IMAGE_KERNELS=js forces the reference (benchmarks, the equivalence test).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PixelKernels {
  /** Exact halving, triangle filter 1-3-3-1 per axis, integer arithmetic. out: (sw>>1)×(sh>>1)×3. */
  halve(src: Uint8Array, sw: number, sh: number, out: Uint8Array): void;
  /** Separable resampling with per-output taps (start/index/weight per axis). out: w×h×3. */
  resizeTriangle(src: Uint8Array, sw: number, sh: number, w: number, h: number, xs: Int32Array, xi: Int32Array, xw: Float32Array, ys: Int32Array, yi: Int32Array, yw: Float32Array, out: Uint8Array): void;
  /** Bilinear affine warp, destination → source matrix `inv`, n×n samples per pixel, `fill` outside. */
  warpAffine(src: Uint8Array, sw: number, sh: number, inv: Float64Array, w: number, h: number, fill: number, n: number, out: Uint8Array): void;
  /** Separable blur with normalised kernel `k` (odd length), clamped edges. */
  gaussianBlur(src: Uint8Array, w: number, h: number, k: Float32Array, out: Uint8Array): void;
  /** Interleaved RGB → planar floats, (x − m) · i per channel. */
  toPlanar(src: Uint8Array, n: number, m0: number, m1: number, m2: number, i0: number, i1: number, i2: number, out: Float32Array): void;
  /** The C kernels only: which vector form of the channel loops runs ("avx", or "none"). */
  simd?(): string;
}

export const jsKernels: PixelKernels = {
  halve(s, sw, sh, d) {
    const w = sw >> 1, h = sh >> 1;
    const ms = w * 3;
    const mid = new Uint16Array(ms * sh);
    for (let y = 0; y < sh; y++) {
      const row = y * sw * 3, o = y * ms;
      for (let x = 0; x < w; x++) {
        const xa = x === 0 ? 0 : 2 * x - 1, xd = 2 * x + 2 >= sw ? sw - 1 : 2 * x + 2;
        const ia = row + xa * 3, ib = row + 2 * x * 3, ic = ib + 3, id = row + xd * 3, q = o + x * 3;
        mid[q] = s[ia]! + 3 * (s[ib]! + s[ic]!) + s[id]!;
        mid[q + 1] = s[ia + 1]! + 3 * (s[ib + 1]! + s[ic + 1]!) + s[id + 1]!;
        mid[q + 2] = s[ia + 2]! + 3 * (s[ib + 2]! + s[ic + 2]!) + s[id + 2]!;
      }
    }
    for (let y = 0; y < h; y++) {
      const a = (y === 0 ? 0 : 2 * y - 1) * ms, b = 2 * y * ms, c = b + ms, e = (2 * y + 2 >= sh ? sh - 1 : 2 * y + 2) * ms, o = y * ms;
      for (let x = 0; x < ms; x++) d[o + x] = (mid[a + x]! + 3 * (mid[b + x]! + mid[c + x]!) + mid[e + x]! + 32) >> 6;
    }
  },

  resizeTriangle(s, sw, sh, w, h, xs, xi, xw, ys, yi, yw, d) {
    const mid = new Float32Array(w * sh * 3);
    for (let y = 0; y < sh; y++) {
      const row = y * sw * 3;
      let o = y * w * 3;
      for (let x = 0; x < w; x++, o += 3) {
        let r = 0, g = 0, b = 0;
        const end = xs[x + 1]!;
        for (let k = xs[x]!; k < end; k++) {
          const wt = xw[k]!;
          const i = row + xi[k]! * 3;
          r += s[i]! * wt; g += s[i + 1]! * wt; b += s[i + 2]! * wt;
        }
        mid[o] = r; mid[o + 1] = g; mid[o + 2] = b;
      }
    }
    const stride = w * 3;
    const acc = new Float32Array(stride);
    for (let y = 0; y < h; y++) {
      acc.fill(0);
      const end = ys[y + 1]!;
      for (let k = ys[y]!; k < end; k++) {
        const wt = yw[k]!;
        const i = yi[k]! * stride;
        for (let x = 0; x < stride; x++) acc[x] = acc[x]! + mid[i + x]! * wt;
      }
      const o = y * stride;
      for (let x = 0; x < stride; x++) d[o + x] = acc[x]! + 0.5;
    }
  },

  warpAffine(s, sw, sh, inv, w, h, fill, n, o) {
    const a = inv[0]!, b = inv[1]!, c = inv[2]!, d = inv[3]!, e = inv[4]!, f = inv[5]!;
    const stride = sw * 3;
    const inv2 = 1 / (n * n);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let r = 0, g = 0, bl = 0;
        for (let sy = 0; sy < n; sy++) {
          const py = y + (sy + 0.5) / n - 0.5;
          for (let sx = 0; sx < n; sx++) {
            const px = x + (sx + 0.5) / n - 0.5;
            const u = a * px + b * py + c;
            const v = d * px + e * py + f;
            const x0 = Math.floor(u), y0 = Math.floor(v);
            const fx = u - x0, fy = v - y0;
            const w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
            if (x0 >= 0 && y0 >= 0 && x0 + 1 < sw && y0 + 1 < sh) {
              const i = y0 * stride + x0 * 3;
              const j = i + stride;
              r += s[i]! * w00 + s[i + 3]! * w01 + s[j]! * w10 + s[j + 3]! * w11;
              g += s[i + 1]! * w00 + s[i + 4]! * w01 + s[j + 1]! * w10 + s[j + 4]! * w11;
              bl += s[i + 2]! * w00 + s[i + 5]! * w01 + s[j + 2]! * w10 + s[j + 5]! * w11;
              continue;
            }
            for (let k = 0; k < 4; k++) {
              const xx = x0 + (k & 1), yy = y0 + (k >> 1);
              const wt = k === 0 ? w00 : k === 1 ? w01 : k === 2 ? w10 : w11;
              if (xx < 0 || yy < 0 || xx >= sw || yy >= sh) {
                r += fill * wt; g += fill * wt; bl += fill * wt;
              } else {
                const i = yy * stride + xx * 3;
                r += s[i]! * wt; g += s[i + 1]! * wt; bl += s[i + 2]! * wt;
              }
            }
          }
        }
        const q = (y * w + x) * 3;
        o[q] = r * inv2 + 0.5; o[q + 1] = g * inv2 + 0.5; o[q + 2] = bl * inv2 + 0.5;
      }
    }
  },

  gaussianBlur(data, w, h, k, out) {
    const taps = k.length, r = taps >> 1;
    // Clamped neighbour offsets, computed once per column and per row.
    const colIdx = new Int32Array(w * taps), rowIdx = new Int32Array(h * taps);
    for (let x = 0; x < w; x++) for (let t = 0; t < taps; t++) colIdx[x * taps + t] = Math.min(w - 1, Math.max(0, x + t - r)) * 3;
    for (let y = 0; y < h; y++) for (let t = 0; t < taps; t++) rowIdx[y * taps + t] = Math.min(h - 1, Math.max(0, y + t - r)) * w * 3;
    const tmp = new Float32Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      const row = y * w * 3;
      for (let x = 0; x < w; x++) {
        let a0 = 0, a1 = 0, a2 = 0;
        for (let t = 0; t < taps; t++) {
          const i = row + colIdx[x * taps + t]!, kt = k[t]!;
          a0 += data[i]! * kt; a1 += data[i + 1]! * kt; a2 += data[i + 2]! * kt;
        }
        const o = row + x * 3;
        tmp[o] = a0; tmp[o + 1] = a1; tmp[o + 2] = a2;
      }
    }
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let a0 = 0, a1 = 0, a2 = 0;
        for (let t = 0; t < taps; t++) {
          const i = rowIdx[y * taps + t]! + x * 3, kt = k[t]!;
          a0 += tmp[i]! * kt; a1 += tmp[i + 1]! * kt; a2 += tmp[i + 2]! * kt;
        }
        const o = (y * w + x) * 3;
        out[o] = a0 + 0.5; out[o + 1] = a1 + 0.5; out[o + 2] = a2 + 0.5;
      }
    }
  },

  toPlanar(s, n, m0, m1, m2, i0, i1, i2, out) {
    for (let i = 0, j = 0; i < n; i++, j += 3) {
      out[i] = (s[j]! - m0) * i0;
      out[n + i] = (s[j + 1]! - m1) * i1;
      out[2 * n + i] = (s[j + 2]! - m2) * i2;
    }
  },
};

const ADDON = 'native/image-kernels/build/Release/image_kernels.node';

/** The built C kernels, or null (not built, or refused) with the reason. */
export function loadNativeKernels(): { kernels: PixelKernels | null; reason: string } {
  if (process.env.SOPHONMATCH_IMAGE_KERNELS === 'js') return { kernels: null, reason: 'SOPHONMATCH_IMAGE_KERNELS=js' };
  const require = createRequire(import.meta.url);
  // Source tree (main/engine/image) and compiled tree (dist/main/engine/image) sit at different depths.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../..', ADDON), path.resolve(here, '../../../..', ADDON)];
  let reason = `${ADDON} is not built (npm install builds it; the TypeScript kernels are used)`;
  for (const file of candidates) {
    try {
      return { kernels: require(file) as PixelKernels, reason: file };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'MODULE_NOT_FOUND') reason = `${file} could not be loaded: ${(err as Error).message}`;
    }
  }
  return { kernels: null, reason };
}

const loaded = loadNativeKernels();

/** The kernels the engine runs. */
export const kernels: PixelKernels = loaded.kernels ?? jsKernels;
/** Which implementation runs, for benchmarks and diagnostics. */
export const KERNELS_IMPL: 'native' | 'js' = loaded.kernels ? 'native' : 'js';
export const KERNELS_REASON = loaded.reason;
/** The vector form the C kernels use ("avx", "none"), or "none" for the TypeScript kernels. */
export const KERNELS_SIMD: string = loaded.kernels?.simd?.() ?? 'none';
