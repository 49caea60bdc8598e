// Recognises an image format from its first bytes and reads its size from the header alone,
// so that limits are enforced before anything is decoded.

export type ImageFormat = 'jpeg' | 'png' | 'bmp' | 'webp';

/** The bytes at `at` are `bytes` (false where the buffer is too short). */
const has = (b: Uint8Array, at: number, bytes: number[]) => bytes.every((x, i) => b[at + i] === x);

export function sniffFormat(b: Uint8Array): ImageFormat | null {
  if (has(b, 0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (has(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (b.length >= 26 && has(b, 0, [0x42, 0x4d])) return 'bmp';
  if (has(b, 0, [0x52, 0x49, 0x46, 0x46]) && has(b, 8, [0x57, 0x45, 0x42, 0x50])) return 'webp';
  return null;
}

/** PNG IHDR size, without decoding (null when the header is damaged). */
export function pngSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 24) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}
