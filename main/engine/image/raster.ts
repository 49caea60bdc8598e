// Pixel buffers and the few geometric operations the pipeline needs: separable resampling
// (area-correct when shrinking), affine warps with supersampling, grey, planar tensors. The heavy
// loops (resampling, warps) run in C (./pixel-kernels.ts); the light ones are here.
import { kernels } from './pixel-kernels.js';

/** 8-bit RGB, interleaved, row-major. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** 8-bit single channel, row-major. */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export const rgbImage = (width: number, height: number, fill = 0): RgbImage => ({
  width,
  height,
  data: fill === 0 ? new Uint8Array(width * height * 3) : new Uint8Array(width * height * 3).fill(fill),
});

export interface Taps {
  /** For output d: taps start[d] .. start[d+1]-1 in index/weight. */
  start: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

/** Triangle-filter taps; the support widens with the shrink factor so shrinking averages the area. */
export function triangleTaps(srcLen: number, dstLen: number, scale = dstLen / srcLen): Taps {
  const support = Math.max(1, 1 / scale);
  const max = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(dstLen + 1);
  const index = new Int32Array(dstLen * max);
  const weight = new Float32Array(dstLen * max);
  let n = 0;
  for (let d = 0; d < dstLen; d++) {
    start[d] = n;
    const centre = (d + 0.5) / scale - 0.5;
    const first = Math.floor(centre - support) + 1;
    let sum = 0;
    const from = n;
    for (let k = 0; k < max; k++) {
      const w = Math.max(0, 1 - Math.abs(first + k - centre) / support);
      if (w === 0) continue;
      index[n] = Math.min(srcLen - 1, Math.max(0, first + k));
      weight[n] = w;
      sum += w;
      n++;
    }
    for (let i = from; i < n; i++) weight[i] = weight[i]! / sum;
  }
  start[dstLen] = n;
  return { start, index, weight };
}

/**
 * Exact halving with the same triangle filter as `resize` (weights 1, 3, 3, 1 per axis), in
 * integer arithmetic: the fast path for 640×480 camera frames going to the 320×240 detector.
 */
export function halve(src: RgbImage): RgbImage {
  const out = rgbImage(src.width >> 1, src.height >> 1);
  kernels.halve(src.data, src.width, src.height, out.data);
  return out;
}

/** Resize to exactly w×h (aspect not kept): separable triangle filter, area-correct when shrinking. */
export function resize(src: RgbImage, w: number, h: number): RgbImage {
  return w * 2 === src.width && h * 2 === src.height ? halve(src) : resizeTriangle(src, w, h);
}

/** The general triangle-filter resampler behind `resize`. */
export function resizeTriangle(src: RgbImage, w: number, h: number): RgbImage {
  const tx = triangleTaps(src.width, w);
  const ty = triangleTaps(src.height, h);
  const out = rgbImage(w, h);
  kernels.resizeTriangle(src.data, src.width, src.height, w, h, tx.start, tx.index, tx.weight, ty.start, ty.index, ty.weight, out.data);
  return out;
}

/** Paste an image at (dx, dy) onto a new canvas filled with `fill`. */
export function pasteAt(scaled: RgbImage, canvasW: number, canvasH: number, dx: number, dy: number, fill: number): RgbImage {
  const w = scaled.width,
    h = scaled.height;
  const out = rgbImage(canvasW, canvasH, fill);
  const x0 = Math.round(dx),
    y0 = Math.round(dy);
  for (let y = 0; y < h; y++) {
    const ty = y + y0;
    if (ty < 0 || ty >= canvasH) continue;
    const xs = Math.max(0, -x0),
      xe = Math.min(w, canvasW - x0);
    if (xe <= xs) continue;
    out.data.set(scaled.data.subarray((y * w + xs) * 3, (y * w + xe) * 3), (ty * canvasW + x0 + xs) * 3);
  }
  return out;
}

/**
 * 2×3 affine matrix [a, b, c, d, e, f] mapping destination (x, y) to source (a·x + b·y + c, d·x + e·y + f).
 */
export type Affine = readonly [number, number, number, number, number, number];

/** Bilinear affine warp; `samples`² points per pixel average away aliasing when the warp shrinks. */
export function warpAffine(src: RgbImage, inv: Affine, w: number, h: number, fill = 0, samples?: number): RgbImage {
  const [a, b, , d, e] = inv;
  const shrink = Math.sqrt(Math.abs(a * e - b * d));
  const n = samples ?? Math.min(4, Math.max(1, Math.round(shrink)));
  const out = rgbImage(w, h);
  kernels.warpAffine(src.data, src.width, src.height, Float64Array.from(inv), w, h, fill, n, out.data);
  return out;
}

/** Axis-aligned crop of the square/rect (x, y, cw, ch) resampled to w×h, padding with `fill`. */
export function cropResize(src: RgbImage, x: number, y: number, cw: number, ch: number, w: number, h: number, fill = 0): RgbImage {
  const sx = cw / w,
    sy = ch / h;
  return warpAffine(
    src,
    [sx, 0, x + 0.5 * sx - 0.5, 0, sy, y + 0.5 * sy - 0.5],
    w,
    h,
    fill,
    Math.min(4, Math.max(1, Math.round(Math.max(sx, sy)))),
  );
}

/** ITU-R BT.601 luma. */
export function toGrey(src: RgbImage): GreyImage {
  const n = src.width * src.height;
  const out = new Uint8Array(n);
  const s = src.data;
  for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = (s[j]! * 299 + s[j + 1]! * 587 + s[j + 2]! * 114 + 500) / 1000;
  return { width: src.width, height: src.height, data: out };
}

/** Channel order of a model's planar input (models/manifest.json, `input.channels`). */
export type ChannelOrder = 'RGB' | 'BGR';

/**
 * Planar float tensor data from RGB: (x - mean) / std per channel, mean and std given in R, G, B
 * order; the planes are written in `order` (BGR: blue plane first, as models trained on OpenCV's
 * channel order expect).
 */
export function toPlanar(
  src: RgbImage,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
  order: ChannelOrder,
  into?: Float32Array,
): Float32Array {
  const n = src.width * src.height;
  const out = into && into.length === n * 3 ? into : new Float32Array(n * 3);
  const s = src.data;
  const m0 = mean[0],
    m1 = mean[1],
    m2 = mean[2],
    i0 = 1 / std[0],
    i1 = 1 / std[1],
    i2 = 1 / std[2];
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    out[i] = (s[j]! - m0) * i0;
    out[n + i] = (s[j + 1]! - m1) * i1;
    out[2 * n + i] = (s[j + 2]! - m2) * i2;
  }
  if (order === 'BGR') {
    const red = out.slice(0, n);
    out.copyWithin(0, 2 * n, 3 * n);
    out.set(red, 2 * n);
  }
  return out;
}
