// Computes models/calibration.json on a labelled face set: the per-domain mean embeddings, then the
// raw cosines t3/t4/t5 at false-match rates 1e-3/1e-4/1e-5 on card-vs-live impostor pairs.
//
// Tail method (peaks over threshold): above u = the 95th percentile of the impostor cosines, the
// tail is fitted by an exponential, P(S > t) = p_u · exp(-(t - u) / β), β = mean excess over u.
// t_k = u + β · ln(p_u / 10^-k). Where the measured pairs reach a rate (enough impostors), the
// stricter of the measured and the fitted value is kept.
import type { CalibrationFile } from '../engine/calibration.js';
import { FaceEngine } from '../engine/face-engine.js';
import { l2normalise } from '../engine/embed.js';
import { listFaceSet } from './dataset.js';
import { descending, thresholdAtFar } from './metrics.js';
import { embedSet, scorePairs } from './pairs.js';

/** JPEG qualities the card photos are simulated at: chip photos span this range. */
export const CALIBRATION_CARD_QUALITIES = [10, 20, 30, 50] as const;
const TAIL_QUANTILE = 0.95;

function meanOf(vs: readonly (Float32Array | null)[]): Float32Array {
  const present = vs.filter((v): v is Float32Array => v !== null);
  if (!present.length) throw new Error('no embeddings to average');
  const m = new Float32Array(present[0]!.length);
  for (const v of present) for (let i = 0; i < m.length; i++) m[i] = m[i]! + v[i]!;
  for (let i = 0; i < m.length; i++) m[i] = m[i]! / present.length;
  return m;
}

const centre = (v: Float32Array | null, m: Float32Array) => (v ? l2normalise(v.map((x, i) => x - m[i]!)) : null);

export function fitTail(impostorsDesc: readonly number[]): { u: number; pu: number; beta: number; at: (far: number) => number } {
  const n = impostorsDesc.length;
  const k = Math.max(10, Math.floor(n * (1 - TAIL_QUANTILE)));
  const u = impostorsDesc[Math.min(k, n - 1)]!;
  const excess = impostorsDesc.slice(0, k).map((s) => s - u);
  const beta = excess.reduce((a, b) => a + b, 0) / excess.length;
  const pu = k / n;
  return { u, pu, beta, at: (far) => u + beta * Math.log(pu / far) };
}

export async function calibrate(dir: string): Promise<CalibrationFile> {
  const images = listFaceSet(dir);
  const engine = await FaceEngine.load({ intraOpThreads: 2, calibration: 'none' });
  try {
    const e = await embedSet(engine, images, CALIBRATION_CARD_QUALITIES);
    const liveMean = meanOf(e.live);
    const cardMean = meanOf([...e.card.values()].flat());
    const live = e.live.map((v) => centre(v, liveMean));
    const genuine: number[] = [], impostor: number[] = [];
    for (const q of CALIBRATION_CARD_QUALITIES) {
      const s = scorePairs(images, e.card.get(q)!.map((v) => centre(v, cardMean)), live);
      genuine.push(...s.genuine);
      impostor.push(...s.impostor);
    }
    const imp = descending(impostor);
    const tail = fitTail(imp);
    const at = (far: number) => {
      const fitted = tail.at(far);
      const measurable = far * imp.length >= 10;
      return Math.min(0.999, measurable ? Math.max(fitted, thresholdAtFar(imp, far)) : fitted);
    };
    const t3 = at(1e-3), t4 = Math.max(at(1e-4), t3 + 1e-3), t5 = Math.max(at(1e-5), t4 + 1e-3);
    const r5 = (x: number) => Math.round(x * 1e5) / 1e5;
    return {
      model: engine.modelId,
      created: new Date().toISOString(),
      faces: `${images.length} photos of ${new Set(images.map((i) => i.identity)).size} identities; card photos at JPEG q${CALIBRATION_CARD_QUALITIES.join('/q')}`,
      method: `card-vs-live impostor cosines after per-domain centring; exponential tail above the ${TAIL_QUANTILE * 100}th percentile (u=${r5(tail.u)}, beta=${r5(tail.beta)}), stricter of fitted and measured where measurable`,
      pairs: { genuine: genuine.length, impostor: impostor.length },
      cosine_at_far: { '1e-3': r5(t3), '1e-4': r5(t4), '1e-5': r5(t5) },
      domain_mean: { card: Array.from(cardMean, r5), live: Array.from(liveMean, r5) },
    };
  } finally {
    await engine.close();
  }
}
