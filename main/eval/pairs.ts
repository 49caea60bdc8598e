// Embeds a face set the way the product does (the same FaceEngine path as the API) and scores
// every pair under a protocol: `raw` (live vs live, unordered pairs) or `card-qNN` (each photo as
// a chip-like card photo vs every other photo).
import { readFileSync } from 'node:fs';
import { cardPhotoJpeg } from '../engine/card-photo.js';
import { cosine } from '../engine/embed.js';
import type { FaceEngine } from '../engine/face-engine.js';
import { decodeImage, PHOTO_SET_LIMITS } from '../engine/image/decode.js';
import type { FaceSetImage } from './dataset.js';

export type Protocol = { kind: 'raw' } | { kind: 'card'; quality: number };

export function parseProtocol(p: string): Protocol {
  if (p === 'raw') return { kind: 'raw' };
  const m = /^card-q(\d{1,3})$/.exec(p);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 100) return { kind: 'card', quality: Number(m[1]) };
  throw new Error(`unknown protocol "${p}": use raw or card-qNN (NN = JPEG quality 1..100)`);
}


/** Score given to a pair where a side has no face: it can never be accepted. */
export const NO_FACE_SCORE = -1;

export interface EmbeddedSet {
  live: (Float32Array | null)[];
  /** Card embeddings per JPEG quality. */
  card: Map<number, (Float32Array | null)[]>;
  noFaceLive: number;
  noFaceCard: number;
}

export async function embedSet(engine: FaceEngine, images: readonly FaceSetImage[], cardQualities: readonly number[]): Promise<EmbeddedSet> {
  const out: EmbeddedSet = { live: [], card: new Map(cardQualities.map((q) => [q, []])), noFaceLive: 0, noFaceCard: 0 };
  for (const im of images) {
    const bytes = readFileSync(im.file);
    const live = await engine.analyse({ role: 'live', field: im.file, bytes, embed: true, quality: 'none', liveness: false, limits: PHOTO_SET_LIMITS });
    out.live.push(live.embedding);
    if (!live.found) out.noFaceLive++;
    if (!cardQualities.length) continue;
    const img = live.box ? await decodeImage(bytes, im.file, PHOTO_SET_LIMITS) : null;
    for (const q of cardQualities) {
      if (!img || !live.box) {
        out.card.get(q)!.push(null);
        continue;
      }
      const jpeg = await cardPhotoJpeg(img, live.box, q);
      const card = await engine.analyse({ role: 'card', field: 'card', bytes: jpeg, embed: true, quality: 'none', liveness: false, limits: PHOTO_SET_LIMITS });
      out.card.get(q)!.push(card.embedding);
      if (!card.found) out.noFaceCard++;
    }
  }
  return out;
}

export interface PairScores {
  genuine: number[];
  impostor: number[];
}

/** Card side `cards` (or live for raw) vs live side: genuine when the identities match. */
export function scorePairs(images: readonly FaceSetImage[], cards: readonly (Float32Array | null)[] | null, live: readonly (Float32Array | null)[]): PairScores {
  const genuine: number[] = [], impostor: number[] = [];
  const n = images.length;
  for (let i = 0; i < n; i++) {
    for (let j = cards ? 0 : i + 1; j < n; j++) {
      if (i === j) continue;
      const a = cards ? cards[i] : live[i];
      const b = live[j];
      const s = a && b ? cosine(a, b) : NO_FACE_SCORE;
      (images[i]!.identity === images[j]!.identity ? genuine : impostor).push(s);
    }
  }
  return { genuine, impostor };
}
