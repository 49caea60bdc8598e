// Small image filters used before embedding.
import type { GreyImage, RgbImage } from './raster.js';

/** Separable Gaussian blur with clamped edges. */
export function gaussianBlur(img: RgbImage, sigma: number): RgbImage {
  if (sigma <= 0) return img;
  const r = Math.ceil(sigma * 3);
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] = k[i]! / sum;
  const { width: w, height: h, data } = img;
  const tmp = new Float32Array(w * h * 3);
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        let a = 0;
        for (let i = -r; i <= r; i++) a += data[(y * w + Math.min(w - 1, Math.max(0, x + i))) * 3 + c]! * k[i + r]!;
        tmp[(y * w + x) * 3 + c] = a;
      }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        let a = 0;
        for (let i = -r; i <= r; i++) a += tmp[(Math.min(h - 1, Math.max(0, y + i)) * w + x) * 3 + c]! * k[i + r]!;
        out[(y * w + x) * 3 + c] = a + 0.5;
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
