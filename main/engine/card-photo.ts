// The chip-like card photo transform (eval protocol card-qNN and the reader simulator):
// ID-portrait framing around a face box, 102×126 px, JPEG at quality NN.
import type { FaceEngine } from './face-engine.js';
import type { Box } from './geometry.js';
import { decodeImage, encodeJpeg, PHOTO_SET_LIMITS } from './image/decode.js';
import { cropResize, type RgbImage } from './image/raster.js';

export const CARD_PHOTO_W = 102;
export const CARD_PHOTO_H = 126;

/** Window of width 2.0× the box width and height 126/102 of that, centred 0.1× box height above the box centre; white outside. */
export function cardPortrait(img: RgbImage, face: Box): RgbImage {
  const bw = face.x2 - face.x1,
    bh = face.y2 - face.y1;
  const w = 2.0 * bw;
  const h = (w * CARD_PHOTO_H) / CARD_PHOTO_W;
  const cx = (face.x1 + face.x2) / 2;
  const cy = (face.y1 + face.y2) / 2 - 0.1 * bh;
  return cropResize(img, cx - w / 2, cy - h / 2, w, h, CARD_PHOTO_W, CARD_PHOTO_H, 255);
}

export async function cardPhotoJpeg(img: RgbImage, face: Box, quality: number): Promise<Buffer> {
  return encodeJpeg(cardPortrait(img, face), quality);
}

/** The card photo of a photo's largest face (null when it has none): what the simulator and the bench use. */
export async function cardPhotoOf(engine: FaceEngine, bytes: Uint8Array, name: string, quality: number): Promise<Buffer | null> {
  const face = await engine.analyse({
    role: 'live',
    field: name,
    bytes,
    embed: false,
    quality: 'none',
    liveness: false,
    limits: PHOTO_SET_LIMITS,
  });
  return face.box ? cardPhotoJpeg(await decodeImage(bytes, name, PHOTO_SET_LIMITS), face.box, quality) : null;
}
