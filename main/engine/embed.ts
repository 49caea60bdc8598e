// Face embedding from an aligned 112×112 crop, L2-normalised; similarity is their cosine.
import { ALIGNED_SIZE } from './align.js';
import { toPlanar, type RgbImage } from './image/raster.js';
import type { ModelSessions } from './sessions.js';

export async function embed(sessions: ModelSessions, aligned: RgbImage): Promise<Float32Array> {
  const [out] = await sessions.run('feature', toPlanar(aligned, [127, 127, 127], [128, 128, 128], sessions.channels('feature')), [1, 3, ALIGNED_SIZE, ALIGNED_SIZE]);
  return l2normalise(Float32Array.from(out!));
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
