// Bytes → RGB pixels, with limits checked on the header before any decoding.
// JPEG, PNG and WebP through sharp/libvips (libjpeg-turbo; EXIF orientation applied, grey/CMYK to
// sRGB, alpha dropped); BMP, which libvips does not read, through our own decoder.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { SophonError } from '../../common/errors.js';
import { BmpError, bmpSize, decodeBmp } from './bmp.js';
import type { RgbImage } from './raster.js';
import { pngSize, sniffFormat, type ImageFormat } from './sniff.js';

sharp.cache(false);
sharp.concurrency(1);

export interface DecodeLimits {
  /** Largest encoded image accepted, in bytes. */
  maxBytes: number;
  /** Largest decoded image accepted, in pixels (width × height). */
  maxPixels: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxBytes: 10 * 1024 * 1024, maxPixels: 16_000_000 };

/** Limits for reading photo collections (face sets, fixtures): camera originals can be large. */
export const PHOTO_SET_LIMITS: DecodeLimits = { maxBytes: 64 << 20, maxPixels: 80_000_000 };

/**
 * Embedded profiles that are sRGB itself, by the sha256 of their bytes: an image tagged with one is
 * decoded as the sRGB it declares (sharp's `ignoreIcc`), without libvips' sRGB → sRGB transform.
 * Chromium and Electron (Skia) tag every canvas JPEG — every camera frame the counter sends — with
 * this 456-byte profile; its transform costs about twice the decode and moves at most one level in
 * 0.06 % of values (lcms rounding). Any other profile is transformed to sRGB as usual.
 */
export const KNOWN_SRGB_PROFILES: ReadonlyMap<string, string> = new Map([
  [
    '12afb4d9953adee0607d347daee5b78b18d6b3cab2d572b88970703f5edb37bc',
    'Skia "sRGB" (© Google Inc.), written by Chromium and Electron canvas JPEG encoders',
  ],
]);

const isKnownSrgb = (icc: Buffer | undefined) => !!icc && KNOWN_SRGB_PROFILES.has(createHash('sha256').update(icc).digest('hex'));

export interface DecodedImage extends RgbImage {
  format: ImageFormat;
}

/** `field` names the request field in error messages (e.g. "card_image_base64"). */
export async function decodeImage(bytes: Uint8Array, field: string, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Promise<DecodedImage> {
  if (bytes.length === 0) throw new SophonError('NOT_AN_IMAGE', `${field} is empty`);
  if (bytes.length > limits.maxBytes)
    throw new SophonError('IMAGE_TOO_LARGE', `${field} is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  const format = sniffFormat(bytes);
  if (!format) throw new SophonError('NOT_AN_IMAGE', `${field} is not a JPEG, PNG, BMP or WebP image`);

  const tooLarge = (w: number, h: number) =>
    new SophonError('IMAGE_TOO_LARGE', `${field} is ${w}×${h} pixels; the limit is ${limits.maxPixels} pixels`, {
      width: w,
      height: h,
      max_pixels: limits.maxPixels,
    });

  if (format === 'bmp') {
    try {
      const { width, height } = bmpSize(bytes);
      if (width * height > limits.maxPixels) throw tooLarge(width, height);
      return { ...decodeBmp(bytes), format };
    } catch (err) {
      if (err instanceof BmpError) throw new SophonError('NOT_AN_IMAGE', `${field}: ${err.message}`);
      throw err;
    }
  }
  if (format === 'png') {
    const size = pngSize(bytes);
    if (size && size.width * size.height > limits.maxPixels) throw tooLarge(size.width, size.height);
  }
  try {
    // limitInputPixels makes libvips refuse an oversized image from its header, before decoding.
    const ignoreIcc = isKnownSrgb((await sharp(bytes, { limitInputPixels: limits.maxPixels }).metadata()).icc);
    const img = sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'truncated', sequentialRead: true, ignoreIcc });
    const { data, info } = await img.rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new SophonError('NOT_AN_IMAGE', `${field} decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), format };
  } catch (err) {
    if (err instanceof SophonError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    if (/pixel limit/i.test(msg))
      throw new SophonError('IMAGE_TOO_LARGE', `${field} has more pixels than the limit of ${limits.maxPixels}`);
    throw new SophonError('NOT_AN_IMAGE', `${field} could not be decoded as ${format.toUpperCase()}: the file is damaged or truncated`);
  }
}

/** JPEG-encode RGB pixels (used by the card-photo transform, fixtures and the simulator). */
export async function encodeJpeg(img: RgbImage, quality: number): Promise<Buffer> {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 3 },
  })
    .jpeg({ quality, chromaSubsampling: '4:2:0' })
    .toBuffer();
}
