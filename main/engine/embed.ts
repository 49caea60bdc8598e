// Face embeddings from an aligned 112×112 crop, L2-normalised; similarity is their cosine.
// Two models embed the same crop: the feature model (fr_feature) and MobileFaceNet; both take the
// five-point ArcFace-template crop of align.ts, each with its own channel order and normalisation (manifest `input`).
import type { RgbImage } from './image/raster.js';
import type { ModelSessions } from './sessions.js';

/** The embedding models, as keys of `FaceEmbeddings` (and of an analyse result's `embeddings`). */
export const EMBEDDING_MODELS = ['feature', 'mobilefacenet'] as const;
export type EmbeddingModel = (typeof EMBEDDING_MODELS)[number];
/** Each model's raw (uncentred) unit-length embedding of one aligned face. */
export type FaceEmbeddings = Record<EmbeddingModel, Float32Array>;

async function embedWith(sessions: ModelSessions, model: EmbeddingModel, aligned: RgbImage): Promise<Float32Array> {
  const [out] = await sessions.runImage(model, aligned);
  return l2normalise(Float32Array.from(out!));
}

/** Both models' embeddings of the same crop, one after the other (a worker uses one core). */
export async function embedBoth(sessions: ModelSessions, aligned: RgbImage): Promise<FaceEmbeddings> {
  const feature = await embedWith(sessions, 'feature', aligned);
  const mobilefacenet = await embedWith(sessions, 'mobilefacenet', aligned);
  return { feature, mobilefacenet };
}

export function l2normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/** Cosine similarity of two L2-normalised embeddings, in [-1, 1]. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`embedding sizes differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return Math.max(-1, Math.min(1, s));
}
