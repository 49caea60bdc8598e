// 5-point similarity alignment (Umeyama least squares) to the 112×112 reference the embedder expects.
import type { FivePoints, Point } from './geometry.js';
import { warpAffine, type Affine, type RgbImage } from './image/raster.js';

export const ALIGNED_SIZE = 112;

/** The usual 112×112 five-point reference (eyes, nose tip, mouth corners). */
export const REFERENCE_5: readonly Point[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

/** Similarity transform [a, -b, tx; b, a, ty] that best maps `from` onto `to` (least squares). */
export function similarity(from: readonly Point[], to: readonly Point[]): Affine {
  const n = from.length;
  let mfx = 0,
    mfy = 0,
    mtx = 0,
    mty = 0;
  for (let i = 0; i < n; i++) {
    mfx += from[i]!.x;
    mfy += from[i]!.y;
    mtx += to[i]!.x;
    mty += to[i]!.y;
  }
  mfx /= n;
  mfy /= n;
  mtx /= n;
  mty /= n;
  let sxx = 0,
    sxy = 0,
    varF = 0;
  for (let i = 0; i < n; i++) {
    const fx = from[i]!.x - mfx,
      fy = from[i]!.y - mfy,
      tx = to[i]!.x - mtx,
      ty = to[i]!.y - mty;
    sxx += fx * tx + fy * ty;
    sxy += fx * ty - fy * tx;
    varF += fx * fx + fy * fy;
  }
  const a = sxx / varF,
    b = sxy / varF;
  return [a, -b, mtx - (a * mfx - b * mfy), b, a, mty - (b * mfx + a * mfy)];
}

export function invertAffine(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  return [e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det];
}

/** The aligned 112×112 face crop, and the forward transform (image → crop). */
export function alignFace(img: RgbImage, five: FivePoints, fill = 0): { crop: RgbImage; forward: Affine } {
  const forward = similarity(five, REFERENCE_5);
  return { crop: warpAffine(img, invertAffine(forward), ALIGNED_SIZE, ALIGNED_SIZE, fill), forward };
}
