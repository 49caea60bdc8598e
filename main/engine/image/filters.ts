// Small image filters used before embedding.
import { kernels } from './pixel-kernels.js';
import type { GreyImage, RgbImage } from './raster.js';

/** Separable Gaussian blur with clamped edges. */
export function gaussianBlur(img: RgbImage, sigma: number): RgbImage {
  if (sigma <= 0) return img;
  const out = new Uint8Array(img.width * img.height * 3);
  kernels.gaussianBlur(img.data, img.width, img.height, gaussianKernel(sigma), out);
  return { width: img.width, height: img.height, data: out };
}

/** Normalised Gaussian taps out to 3σ. */
export function gaussianKernel(sigma: number): Float32Array {
  const r = Math.ceil(sigma * 3);
  const taps = 2 * r + 1;
  const k = new Float32Array(taps);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < taps; i++) k[i] = k[i]! / sum;
  return k;
}

/** Variance of the 4-neighbour Laplacian: a focus/sharpness measure. */
export function laplacianVariance(g: GreyImage): number {
  const { width: w, height: h, data } = g;
  let sum = 0,
    sq = 0,
    n = 0;
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const v = data[i - 1]! + data[i + 1]! + data[i - w]! + data[i + w]! - 4 * data[i]!;
      sum += v;
      sq += v * v;
      n++;
    }
  if (n === 0) return 0;
  const m = sum / n;
  return sq / n - m * m;
}
