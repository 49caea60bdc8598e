// Real inputs for API tests: chip-like card photos and 640×480 camera frames of dev photos.
import { FaceEngine } from '../../main/engine/face-engine.js';
import { cameraFrame, cardPhoto } from '../../bench/fixtures.js';
import { face } from './faces.js';

let engine: Promise<FaceEngine> | null = null;

export async function cardOf(rel: string, quality = 30): Promise<Buffer> {
  engine ??= FaceEngine.load({ intraOpThreads: 1 });
  return cardPhoto(await engine, face(rel), quality);
}

export const frameOf = (rel: string): Promise<Buffer> => cameraFrame(face(rel));

export async function closePhotos(): Promise<void> {
  if (engine) await (await engine).close();
  engine = null;
}

/** A compare request's body: `card`'s chip-like photo and `face`'s camera frame, base64 (the photo engine closed after). */
export async function compareBody(card: string, face: string): Promise<{ card_image_base64: string; face_image_base64: string }> {
  const body = { card_image_base64: (await cardOf(card)).toString('base64'), face_image_base64: (await frameOf(face)).toString('base64') };
  await closePhotos();
  return body;
}
