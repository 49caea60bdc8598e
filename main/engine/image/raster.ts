// Pixel buffers and the few geometric operations the pipeline needs, in plain TypeScript:
// separable resampling (area-correct when shrinking), affine warps with supersampling, grey.

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
  data: new Uint8Array(width * height * 3).fill(fill),
});

interface Taps {
  /** For output d: taps start[d] .. start[d+1]-1 in index/weight. */
  start: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

/** Triangle-filter taps; the support widens with the shrink factor so shrinking averages the area. */
function taps(srcLen: number, dstLen: number, scale = dstLen / srcLen): Taps {
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
  const sw = src.width, sh = src.height, w = sw >> 1, h = sh >> 1;
  const s = src.data;
  const mid = new Uint16Array(w * 3 * sh);
  const ms = w * 3;
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
  const out = rgbImage(w, h);
  const d = out.data;
  for (let y = 0; y < h; y++) {
    const a = (y === 0 ? 0 : 2 * y - 1) * ms, b = 2 * y * ms, c = b + ms, e = (2 * y + 2 >= sh ? sh - 1 : 2 * y + 2) * ms, o = y * ms;
    for (let x = 0; x < ms; x++) d[o + x] = (mid[a + x]! + 3 * (mid[b + x]! + mid[c + x]!) + mid[e + x]! + 32) >> 6;
  }
  return out;
}

/** Resize to exactly w×h (aspect not kept): separable triangle filter, area-correct when shrinking. */
export function resize(src: RgbImage, w: number, h: number): RgbImage {
  return w * 2 === src.width && h * 2 === src.height ? halve(src) : resizeTriangle(src, w, h);
}

/** The general triangle-filter resampler behind `resize`. */
export function resizeTriangle(src: RgbImage, w: number, h: number): RgbImage {
  const tx = taps(src.width, w);
  const ty = taps(src.height, h);
  const mid = new Float32Array(w * src.height * 3);
  const s = src.data;
  const { start: xs, index: xi, weight: xw } = tx;
  for (let y = 0; y < src.height; y++) {
    const row = y * src.width * 3;
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
  const out = rgbImage(w, h);
  const d = out.data;
  const { start: ys, index: yi, weight: yw } = ty;
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
  return out;
}

/** Paste an image at (dx, dy) onto a new canvas filled with `fill`. */
export function pasteAt(scaled: RgbImage, canvasW: number, canvasH: number, dx: number, dy: number, fill: number): RgbImage {
  const w = scaled.width, h = scaled.height;
  const out = rgbImage(canvasW, canvasH, fill);
  const x0 = Math.round(dx), y0 = Math.round(dy);
  for (let y = 0; y < h; y++) {
    const ty = y + y0;
    if (ty < 0 || ty >= canvasH) continue;
    const xs = Math.max(0, -x0), xe = Math.min(w, canvasW - x0);
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
  const [a, b, c, d, e, f] = inv;
  const shrink = Math.sqrt(Math.abs(a * e - b * d));
  const n = samples ?? Math.min(4, Math.max(1, Math.round(shrink)));
  const out = rgbImage(w, h);
  const o = out.data;
  const s = src.data;
  const sw = src.width, sh = src.height;
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
  return out;
}

/** Axis-aligned crop of the square/rect (x, y, cw, ch) resampled to w×h, padding with `fill`. */
export function cropResize(src: RgbImage, x: number, y: number, cw: number, ch: number, w: number, h: number, fill = 0): RgbImage {
  const sx = cw / w, sy = ch / h;
  return warpAffine(src, [sx, 0, x + 0.5 * sx - 0.5, 0, sy, y + 0.5 * sy - 0.5], w, h, fill, Math.min(4, Math.max(1, Math.round(Math.max(sx, sy)))));
}

/** ITU-R BT.601 luma. */
export function toGrey(src: RgbImage): GreyImage {
  const n = src.width * src.height;
  const out = new Uint8Array(n);
  const s = src.data;
  for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = (s[j]! * 299 + s[j + 1]! * 587 + s[j + 2]! * 114 + 500) / 1000;
  return { width: src.width, height: src.height, data: out };
}

/** Planar float tensor data from RGB: (x - mean) / std per channel. */
export function toPlanar(src: RgbImage, mean: readonly [number, number, number], std: readonly [number, number, number]): Float32Array {
  const n = src.width * src.height;
  const out = new Float32Array(n * 3);
  const s = src.data;
  const [m0, m1, m2] = mean;
  const i0 = 1 / std[0], i1 = 1 / std[1], i2 = 1 / std[2];
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    out[i] = (s[j]! - m0) * i0;
    out[n + i] = (s[j + 1]! - m1) * i1;
    out[2 * n + i] = (s[j + 2]! - m2) * i2;
  }
  return out;
}
