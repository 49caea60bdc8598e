// Real-photo inputs for the bench: a chip-like card photo and a 640×480 counter-camera frame.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { cardPhotoOf } from '../main/engine/card-photo.js';
import type { FaceEngine } from '../main/engine/face-engine.js';

export const FACES_DIR = process.env.SOPHONMATCH_FACES_DIR ?? path.resolve(import.meta.dirname, '../../shared/faces');

/** A 640×480 JPEG of the photo, letterboxed as a webcam frame would be. */
export async function cameraFrame(file: string, quality = 85): Promise<Buffer> {
  return sharp(readFileSync(file))
    .rotate()
    .resize(640, 480, { fit: 'contain', background: { r: 40, g: 40, b: 40 } })
    .jpeg({ quality })
    .toBuffer();
}

/** The chip-like card photo (102×126, JPEG quality q) of the photo's largest face. */
export async function cardPhoto(engine: FaceEngine, file: string, quality: number): Promise<Buffer> {
  const card = await cardPhotoOf(engine, readFileSync(file), file, quality);
  if (!card) throw new Error(`no face in ${file}`);
  return card;
}
