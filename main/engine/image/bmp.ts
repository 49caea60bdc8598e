// BMP decoder (sharp/libvips does not read BMP, and card readers decode chip photos to BMP).
// Supports BITMAPINFOHEADER and later: 1/4/8-bit palettes, 16/24/32-bit, BI_RGB and BI_BITFIELDS,
// bottom-up and top-down rows. Compressed (RLE, embedded JPEG/PNG) BMPs are refused.
import type { RgbImage } from './raster.js';

export class BmpError extends Error {}

export function bmpSize(b: Uint8Array): { width: number; height: number } {
  if (b.length < 26) throw new BmpError('BMP header is truncated');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const headerSize = dv.getUint32(14, true);
  if (headerSize === 12) return { width: dv.getUint16(18, true), height: dv.getUint16(20, true) };
  if (b.length < 54 || headerSize < 40) throw new BmpError('BMP header is truncated or of an unknown kind');
  return { width: Math.abs(dv.getInt32(18, true)), height: Math.abs(dv.getInt32(22, true)) };
}

function maskShift(mask: number): { shift: number; max: number } {
  if (mask === 0) return { shift: 0, max: 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  return { shift, max: mask >>> shift };
}

export function decodeBmp(b: Uint8Array): RgbImage {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const { width, height } = bmpSize(b);
  const dataOffset = dv.getUint32(10, true);
  const headerSize = dv.getUint32(14, true);
  if (headerSize === 12) throw new BmpError('OS/2 BMP files are not supported');
  const rawHeight = dv.getInt32(22, true);
  const topDown = rawHeight < 0;
  const bpp = dv.getUint16(28, true);
  const compression = dv.getUint32(30, true);
  if (width === 0 || height === 0) throw new BmpError('BMP has zero width or height');
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) throw new BmpError(`BMP bit depth ${bpp} is not supported`);
  if (compression !== 0 && compression !== 3 && compression !== 6) throw new BmpError('compressed BMP (RLE/JPEG/PNG) is not supported');

  let masks: [number, number, number] = bpp === 16 ? [0x7c00, 0x03e0, 0x001f] : [0xff0000, 0x00ff00, 0x0000ff];
  if (compression === 3 || compression === 6) {
    if (b.length < 14 + 40 + 12) throw new BmpError('BMP bit-field masks are truncated');
    masks = [dv.getUint32(54, true), dv.getUint32(58, true), dv.getUint32(62, true)];
  }
  let palette: Uint8Array | null = null;
  if (bpp <= 8) {
    const colours = dv.getUint32(46, true) || 1 << bpp;
    const start = 14 + headerSize;
    if (colours > 256 || start + colours * 4 > b.length) throw new BmpError('BMP palette is truncated');
    palette = b.subarray(start, start + colours * 4);
  }
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  if (dataOffset + stride * height > b.length) throw new BmpError('BMP pixel data is truncated');

  const out: RgbImage = { width, height, data: new Uint8Array(width * height * 3) };
  const o = out.data;
  const ms = masks.map(maskShift);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const q = (y * width + x) * 3;
      if (palette) {
        const bit = x * bpp;
        const byte = b[row + (bit >> 3)]!;
        const idx = bpp === 8 ? byte : (byte >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        const p = idx * 4;
        if (p + 2 >= palette.length) throw new BmpError('BMP palette index out of range');
        o[q] = palette[p + 2]!;
        o[q + 1] = palette[p + 1]!;
        o[q + 2] = palette[p]!;
      } else if (bpp === 24) {
        const i = row + x * 3;
        o[q] = b[i + 2]!;
        o[q + 1] = b[i + 1]!;
        o[q + 2] = b[i]!;
      } else {
        const v = bpp === 32 ? dv.getUint32(row + x * 4, true) : dv.getUint16(row + x * 2, true);
        for (let c = 0; c < 3; c++) {
          const { shift, max } = ms[c]!;
          o[q + c] = max === 0 ? 0 : Math.round((((v & masks[c]!) >>> shift) * 255) / max);
        }
      }
    }
  }
  return out;
}

/** 24-bit bottom-up BMP, as card readers write it. */
export function encodeBmp(img: RgbImage): Buffer {
  const stride = Math.floor((24 * img.width + 31) / 32) * 4;
  const size = 54 + stride * img.height;
  const buf = Buffer.alloc(size);
  buf.write('BM', 0, 'ascii');
  buf.writeUInt32LE(size, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(img.width, 18);
  buf.writeInt32LE(img.height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(stride * img.height, 34);
  for (let y = 0; y < img.height; y++) {
    const row = 54 + (img.height - 1 - y) * stride;
    for (let x = 0; x < img.width; x++) {
      const s = (y * img.width + x) * 3;
      buf[row + x * 3] = img.data[s + 2]!;
      buf[row + x * 3 + 1] = img.data[s + 1]!;
      buf[row + x * 3 + 2] = img.data[s]!;
    }
  }
  return buf;
}
