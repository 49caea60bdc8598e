// Scores every pair of a face set under a protocol: `raw` (live vs live, unordered pairs) or
// `card-qNN` (each photo as a chip-like card photo vs every other photo), with the score the
// product computes (calibration.ts: per-model centring, then the configuration's fusion).
// Keeps what the metrics and the identity bootstrap need: every genuine score with its identity,
// every impostor score, and the impostor tail (the highest scores) with both identities.
import { NO_FACE_SCORE, type ScoreConfig } from '../engine/calibration.js';
import type { FaceSetImage } from './dataset.js';
import type { SideEmbeddings } from './embed-set.js';

export type Protocol = { kind: 'raw' } | { kind: 'card'; quality: number };

export function parseProtocol(p: string): Protocol {
  if (p === 'raw') return { kind: 'raw' };
  const m = /^card-q(\d{1,3})$/.exec(p);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 100) return { kind: 'card', quality: Number(m[1]) };
  throw new Error(`unknown protocol "${p}": use raw or card-qNN (NN = JPEG quality 1..100)`);
}

export interface ScoredPairs {
  /** Identity names, indexed by the identity numbers below. */
  identities: string[];
  /** Photos per identity. */
  photos: Int32Array;
  /** Unordered (raw) or ordered (card vs live) pairs. */
  ordered: boolean;
  genuine: Float32Array;
  genuineId: Int32Array;
  impostor: Float32Array;
  /** The highest impostor scores, descending, with the identities of both sides. */
  tail: { score: Float32Array; a: Int32Array; b: Int32Array };
}

/** Share of impostor pairs kept in the tail: enough for FAR 1e-2 under identity resampling. */
const TAIL_SHARE = 0.05;
const MIN_TAIL = 2000;

/** Rows of unit-length (centred) embeddings of one model, one side; a zero row where no face. */
function matrix(side: readonly (Float32Array | null)[], mean: Float32Array | null): { m: Float32Array; d: number; present: Uint8Array } {
  const first = side.find((v) => v);
  const d = first ? first.length : 0;
  const m = new Float32Array(side.length * d);
  const present = new Uint8Array(side.length);
  side.forEach((v, i) => {
    if (!v) return;
    let s = 0;
    for (let k = 0; k < d; k++) {
      const x = v[k]! - (mean ? mean[k]! : 0);
      m[i * d + k] = x;
      s += x * x;
    }
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let k = 0; k < d; k++) m[i * d + k]! *= inv;
    present[i] = 1;
  });
  return { m, d, present };
}

/** Fused score of every card row against every live row (n × n, row-major). */
function scoreMatrix(
  n: number,
  cards: SideEmbeddings,
  live: SideEmbeddings,
  config: ScoreConfig,
  cardDomain: 'card' | 'live',
): Float32Array {
  const out = new Float32Array(n * n);
  const ok = new Uint8Array(n * n).fill(1);
  for (const member of config.members) {
    const c = cards[member.model],
      l = live[member.model];
    if (!c || !l) throw new Error(`the face set was embedded without the ${member.model} model`);
    const A = matrix(c, member.mean ? Float32Array.from(member.mean[cardDomain]) : null);
    const B = matrix(l, member.mean ? Float32Array.from(member.mean.live) : null);
    const d = A.d,
      w = member.weight;
    const BLOCK = 32;
    for (let i0 = 0; i0 < n; i0 += BLOCK) {
      const i1 = Math.min(n, i0 + BLOCK);
      for (let j = 0; j < n; j++) {
        const bj = j * d;
        for (let i = i0; i < i1; i++) {
          const ai = i * d;
          let s = 0;
          for (let k = 0; k < d; k++) s += A.m[ai + k]! * B.m[bj + k]!;
          out[i * n + j]! += w * Math.max(-1, Math.min(1, s));
          if (!A.present[i] || !B.present[j]) ok[i * n + j] = 0;
        }
      }
    }
  }
  for (let p = 0; p < out.length; p++) if (!ok[p]) out[p] = NO_FACE_SCORE;
  return out;
}

export function scorePairs(
  images: readonly FaceSetImage[],
  cards: SideEmbeddings | null,
  live: SideEmbeddings,
  config: ScoreConfig,
): ScoredPairs {
  const n = images.length;
  const identities = [...new Set(images.map((i) => i.identity))];
  const idOf = new Map(identities.map((x, i) => [x, i]));
  const id = Int32Array.from(images, (im) => idOf.get(im.identity)!);
  const photos = new Int32Array(identities.length);
  for (const x of id) photos[x]!++;
  const S = scoreMatrix(n, cards ?? live, live, config, cards ? 'card' : 'live');
  const ordered = cards !== null;
  const gen: number[] = [],
    genId: number[] = [];
  let impCount = 0;
  for (let i = 0; i < n; i++)
    for (let j = ordered ? 0 : i + 1; j < n; j++) if (i !== j && id[i] === id[j]) (gen.push(S[i * n + j]!), genId.push(id[i]!));
  for (let i = 0; i < n; i++) for (let j = ordered ? 0 : i + 1; j < n; j++) if (id[i] !== id[j]) impCount++;
  const impostor = new Float32Array(impCount);
  let p = 0;
  for (let i = 0; i < n; i++) for (let j = ordered ? 0 : i + 1; j < n; j++) if (id[i] !== id[j]) impostor[p++] = S[i * n + j]!;
  const sorted = Float32Array.from(impostor).sort().reverse();
  const keep = Math.min(sorted.length, Math.max(MIN_TAIL, Math.ceil(sorted.length * TAIL_SHARE)));
  const cutoff = keep ? sorted[keep - 1]! : Infinity;
  const tailIdx: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = ordered ? 0 : i + 1; j < n; j++) if (id[i] !== id[j] && S[i * n + j]! >= cutoff) tailIdx.push(i * n + j);
  tailIdx.sort((x, y) => S[y]! - S[x]!);
  return {
    identities,
    photos,
    ordered,
    genuine: Float32Array.from(gen),
    genuineId: Int32Array.from(genId),
    impostor: sorted,
    tail: {
      score: Float32Array.from(tailIdx, (q) => S[q]!),
      a: Int32Array.from(tailIdx, (q) => id[Math.floor(q / n)]!),
      b: Int32Array.from(tailIdx, (q) => id[q % n]!),
    },
  };
}
