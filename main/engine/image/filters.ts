// Small image filters used before embedding.
import type { GreyImage, RgbImage } from './raster.js';

/** Separable Gaussian blur with clamped edges. */
export function gaussianBlur(img: RgbImage, sigma: number): RgbImage {
  if (sigma <= 0) return img;
  const r = Math.ceil(sigma * 3);
  const taps = 2 * r + 1;
  const k = new Float32Array(taps);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < taps; i++) k[i] = k[i]! / sum;
  const { width: w, height: h, data } = img;
  // Clamped neighbour offsets, computed once per column and per row.
  const colIdx = new Int32Array(w * taps), rowIdx = new Int32Array(h * taps);
  for (let x = 0; x < w; x++) for (let t = 0; t < taps; t++) colIdx[x * taps + t] = Math.min(w - 1, Math.max(0, x + t - r)) * 3;
  for (let y = 0; y < h; y++) for (let t = 0; t < taps; t++) rowIdx[y * taps + t] = Math.min(h - 1, Math.max(0, y + t - r)) * w * 3;
  const tmp = new Float32Array(w * h * 3);
  const out = new Uint8Array(w * h * 3);
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
  return { width: w, height: h, data: out };
}

/** Variance of the 4-neighbour Laplacian: a focus/sharpness measure. */
export function laplacianVariance(g: GreyImage): number {
  const { width: w, height: h, data } = g;
  let sum = 0, sq = 0, n = 0;
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const v = data[i - 1]! + data[i + 1]! + data[i - w]! + data[i + w]! - 4 * data[i]!;
      sum += v; sq += v * v; n++;
    }
  if (n === 0) return 0;
  const m = sum / n;
  return sq / n - m * m;
}
