// Undoes what it can of a chip photo's compression before the face is analysed: heavily compressed
// JPEGs (estimated IJG quality ≤ DEBLOCK_MAX_QUALITY) are deblocked against their own quantiser.
import { decodeImage, type DecodedImage, type DecodeLimits, DEFAULT_DECODE_LIMITS } from './image/decode.js';
import { deblockJpeg, estimateQuality, lumaQuantTable } from './image/jpeg-deblock.js';

export const DEBLOCK_MAX_QUALITY = 15;
export const DEBLOCK_ITERATIONS = 2;

export interface PreparedImage {
  image: DecodedImage;
  /** Estimated JPEG quality when the input was a JPEG. */
  jpegQuality: number | null;
  deblocked: boolean;
}

export async function prepareImage(
  bytes: Uint8Array,
  field: string,
  role: 'card' | 'live',
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): Promise<PreparedImage> {
  const image = await decodeImage(bytes, field, limits);
  if (image.format !== 'jpeg') return { image, jpegQuality: null, deblocked: false };
  const table = lumaQuantTable(bytes);
  const jpegQuality = table ? estimateQuality(table) : null;
  if (role !== 'card' || !table || jpegQuality === null || jpegQuality > DEBLOCK_MAX_QUALITY)
    return { image, jpegQuality, deblocked: false };
  return { image: { ...deblockJpeg(image, table, DEBLOCK_ITERATIONS), format: image.format }, jpegQuality, deblocked: true };
}
