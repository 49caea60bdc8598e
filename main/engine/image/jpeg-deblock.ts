// JPEG deblocking by projection onto the quantisation constraint set (POCS): the luma plane is
// smoothed, then every 8×8 DCT coefficient is pulled back into the interval the encoder's
// quantiser allows, so the result stays consistent with the compressed data but loses the
// block edges. Used on chip photos, which arrive at JPEG qualities as low as 10.
import type { RgbImage } from './raster.js';

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57,
  50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/** The luma quantisation table (natural order) of a JPEG, or null if none is found. */
export function lumaQuantTable(jpeg: Uint8Array): Int32Array | null {
  let i = 2;
  while (i + 4 <= jpeg.length) {
    if (jpeg[i] !== 0xff) return null;
    const marker = jpeg[i + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      i += marker === 0xff ? 1 : 2;
      continue;
    }
    const len = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    if (marker === 0xda) return null; // start of scan: no DQT before it
    if (marker === 0xdb) {
      let p = i + 4;
      const end = i + 2 + len;
      while (p < end && p < jpeg.length) {
        const pq = jpeg[p]! >> 4,
          tq = jpeg[p]! & 15;
        p++;
        const table = new Int32Array(64);
        for (let k = 0; k < 64; k++) {
          table[ZIGZAG[k]!] = pq ? (jpeg[p + 2 * k]! << 8) | jpeg[p + 2 * k + 1]! : jpeg[p + k]!;
        }
        if (tq === 0) return table.some((q) => q === 0) ? null : table;
        p += pq ? 128 : 64;
      }
    }
    i += 2 + len;
  }
  return null;
}

/** Rough IJG quality (1..100) from the luma table: used to decide whether deblocking is worth it. */
export function estimateQuality(table: Int32Array): number {
  const STD = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22,
    37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
  ];
  let ratio = 0;
  for (let k = 0; k < 64; k++) ratio += table[k]! / STD[k]!;
  const scale = (ratio / 64) * 100;
  const q = scale <= 100 ? (200 - scale) / 2 : 5000 / scale;
  return Math.max(1, Math.min(100, Math.round(q)));
}

const COS = (() => {
  const c = new Float64Array(64);
  for (let u = 0; u < 8; u++)
    for (let x = 0; x < 8; x++) c[u * 8 + x] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  return c;
})();

function dct8x8(block: Float64Array, out: Float64Array, tmp: Float64Array): void {
  for (let y = 0; y < 8; y++)
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += COS[u * 8 + x]! * block[y * 8 + x]!;
      tmp[y * 8 + u] = s;
    }
  for (let u = 0; u < 8; u++)
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < 8; y++) s += COS[v * 8 + y]! * tmp[y * 8 + u]!;
      out[v * 8 + u] = s;
    }
}

function idct8x8(coef: Float64Array, out: Float64Array, tmp: Float64Array): void {
  for (let v = 0; v < 8; v++)
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let u = 0; u < 8; u++) s += COS[u * 8 + x]! * coef[v * 8 + u]!;
      tmp[v * 8 + x] = s;
    }
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let v = 0; v < 8; v++) s += COS[v * 8 + y]! * tmp[v * 8 + x]!;
      out[y * 8 + x] = s;
    }
}

function smooth3(src: Float64Array, w: number, h: number): Float64Array {
  const tmp = new Float64Array(w * h),
    out = new Float64Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const l = src[y * w + Math.max(0, x - 1)]!,
        r = src[y * w + Math.min(w - 1, x + 1)]!;
      tmp[y * w + x] = (l + 2 * src[y * w + x]! + r) / 4;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const u = tmp[Math.max(0, y - 1) * w + x]!,
        d = tmp[Math.min(h - 1, y + 1) * w + x]!;
      out[y * w + x] = (u + 2 * tmp[y * w + x]! + d) / 4;
    }
  return out;
}

/** Deblocks the luma of a decoded JPEG given its luma quantisation table; chroma is left as decoded. */
export function deblockJpeg(img: RgbImage, quant: Int32Array, iterations = 6): RgbImage {
  const { width: w, height: h, data } = img;
  const n = w * h;
  const Y = new Float64Array(n),
    Cb = new Float64Array(n),
    Cr = new Float64Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const r = data[j]!,
      g = data[j + 1]!,
      b = data[j + 2]!;
    Y[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    Cb[i] = -0.168736 * r - 0.331264 * g + 0.5 * b;
    Cr[i] = 0.5 * r - 0.418688 * g - 0.081312 * b;
  }
  const bw = Math.ceil(w / 8),
    bh = Math.ceil(h / 8);
  // Quantisation intervals from the decoded luma (the encoder saw level-shifted samples).
  const lo = new Float64Array(bw * bh * 64),
    hi = new Float64Array(bw * bh * 64);
  const block = new Float64Array(64),
    coef = new Float64Array(64),
    tmp = new Float64Array(64);
  const load = (src: Float64Array, bx: number, by: number) => {
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) block[y * 8 + x] = src[Math.min(h - 1, by * 8 + y) * w + Math.min(w - 1, bx * 8 + x)]! - 128;
  };
  for (let by = 0; by < bh; by++)
    for (let bx = 0; bx < bw; bx++) {
      load(Y, bx, by);
      dct8x8(block, coef, tmp);
      const base = (by * bw + bx) * 64;
      for (let k = 0; k < 64; k++) {
        const q = quant[k]!;
        const level = Math.round(coef[k]! / q);
        lo[base + k] = (level - 0.5) * q;
        hi[base + k] = (level + 0.5) * q;
      }
    }
  let X = Y;
  for (let it = 0; it < iterations; it++) {
    const S = smooth3(X, w, h);
    const next = new Float64Array(n);
    for (let by = 0; by < bh; by++)
      for (let bx = 0; bx < bw; bx++) {
        load(S, bx, by);
        dct8x8(block, coef, tmp);
        const base = (by * bw + bx) * 64;
        for (let k = 0; k < 64; k++) coef[k] = Math.min(hi[base + k]!, Math.max(lo[base + k]!, coef[k]!));
        idct8x8(coef, block, tmp);
        for (let y = 0; y < 8; y++)
          for (let x = 0; x < 8; x++) {
            const yy = by * 8 + y,
              xx = bx * 8 + x;
            if (yy < h && xx < w) next[yy * w + xx] = block[y * 8 + x]! + 128;
          }
      }
    X = next;
  }
  const out = new Uint8Array(n * 3);
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v + 0.5);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const y = X[i]!,
      cb = Cb[i]!,
      cr = Cr[i]!;
    out[j] = clamp(y + 1.402 * cr);
    out[j + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    out[j + 2] = clamp(y + 1.772 * cb);
  }
  return { width: w, height: h, data: out };
}
