// Computes models/calibration.json on labelled face sets (the product calibrates on
// ../shared/faces/lfw and frl-london): for every model configuration (each embedding model alone,
// and both fused), the per-domain mean embeddings of the calibration set, then the raw scores at
// false-match rates 1e-3 / 1e-4 / 1e-5 on card-vs-live impostor pairs — MEASURED on the pairs, at
// each chip-photo quality, for all people and for a subgroup (the East Asian people: the product's
// customers are Chinese). The shipped knot at each rate is the strictest (highest) of those
// measurements, so the claimed rate holds for every quality and for the subgroup as measured.
import { EMBEDDERS, FAR_KEYS, type CalibrationFile, type Embedder, type ScoreConfig, type ScoreMember } from '../engine/calibration.js';
import { FaceEngine } from '../engine/face-engine.js';
import { listFaceSet, type FaceSetImage } from './dataset.js';
import { embedSet, type EmbeddedSet } from './embed-set.js';
import { farAt, thresholdAtFar } from './metrics.js';
import { pairsOf, readSubgroup } from './run-eval.js';

/** JPEG qualities the card photos are simulated at: chip photos span this range. */
export const CALIBRATION_CARD_QUALITIES = [10, 20, 30] as const;
/** Fusion: the mean of the models' centred cosines (equal weights). */
const FUSION_WEIGHTS: Record<Embedder, number> = { feature: 0.5, mobilefacenet: 0.5 };

const r5 = (x: number) => Math.round(x * 1e5) / 1e5;

function meanOf(vs: readonly (Float32Array | null)[]): number[] {
  const present = vs.filter((v): v is Float32Array => v !== null);
  if (!present.length) throw new Error('no embeddings to average');
  const m = new Float64Array(present[0]!.length);
  for (const v of present) for (let i = 0; i < m.length; i++) m[i]! += v[i]!;
  return Array.from(m, (x) => r5(x / present.length));
}

export interface CalibrateOptions {
  /** People (folder names) whose pairs must hold the claimed rates on their own too. */
  subgroup?: string;
  progress?: (line: string) => void;
}

/** The union of several face sets (a person in two sets is refused: their pairs would count as impostors). */
function unionOf(dirs: readonly string[]): FaceSetImage[] {
  const out: FaceSetImage[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    const imgs = listFaceSet(dir);
    const mine = new Set(imgs.map((im) => im.identity));
    for (const id of mine) if (seen.has(id)) throw new Error(`person ${id} is in two calibration sets`);
    mine.forEach((id) => seen.add(id));
    out.push(...imgs);
  }
  return out;
}

export async function calibrate(dirs: readonly string[], opts: CalibrateOptions = {}): Promise<CalibrationFile> {
  const images = unionOf(dirs);
  const subgroup = opts.subgroup ? readSubgroup(opts.subgroup) : null;
  const pick = subgroup ? images.flatMap((im, i) => (subgroup.has(im.identity) ? [i] : [])) : null;
  if (pick && !pick.length) throw new Error(`none of the people in ${opts.subgroup} is in the calibration sets`);
  const engine = await FaceEngine.load({ intraOpThreads: 2, calibration: 'none' });
  const model = engine.modelId;
  let e: EmbeddedSet;
  try {
    let last = 0;
    e = await embedSet(engine, images, CALIBRATION_CARD_QUALITIES, {
      progress: (done, total) => {
        const now = Date.now();
        if (done === total || now - last > 5000) (opts.progress?.(`calibrate: embedded ${done}/${total} photos`), (last = now));
      },
    });
  } finally {
    await engine.close();
  }
  const models = EMBEDDERS.filter((m) => e.live[m]);
  const mean: Record<string, ScoreMember['mean']> = {};
  for (const m of models) {
    mean[m] = { card: meanOf(CALIBRATION_CARD_QUALITIES.flatMap((q) => e.card.get(q)![m] ?? [])), live: meanOf(e.live[m]!) };
  }
  const configs: Partial<Record<'fused' | Embedder, ScoreConfig>> = {};
  const plans: [string, ScoreMember[]][] = models.map((m) => [m, [{ model: m, weight: 1, mean: mean[m]! }]]);
  if (models.length > 1)
    plans.unshift([
      'fused',
      models.map((m) => ({ model: m, weight: FUSION_WEIGHTS[m] / models.reduce((s, x) => s + FUSION_WEIGHTS[x], 0), mean: mean[m]! })),
    ]);
  let genuinePairs = 0,
    impostorPairs = 0;
  for (const [name, members] of plans) {
    const groups: { group: string; pick?: number[] }[] = [
      { group: 'all' },
      ...(pick ? [{ group: `subgroup:${opts.subgroup!.split('/').pop()}`, pick }] : []),
    ];
    const runs: {
      group: string;
      protocol: string;
      identities: number;
      genuine_pairs: number;
      impostor_pairs: number;
      impostor: Float32Array;
      at: Record<string, number>;
    }[] = [];
    for (const q of CALIBRATION_CARD_QUALITIES) {
      for (const g of groups) {
        opts.progress?.(`calibrate: ${name}: card-q${q} pairs of ${g.group}`);
        const p = pairsOf(
          images,
          e,
          { kind: 'card', quality: q },
          { members, score_at_far: { '1e-3': 0, '1e-4': 0, '1e-5': 0 }, measured: [] },
          g.pick,
        );
        runs.push({
          group: g.group,
          protocol: `card-q${q}`,
          identities: p.identities.length,
          genuine_pairs: p.genuine.length,
          impostor_pairs: p.impostor.length,
          impostor: p.impostor,
          at: Object.fromEntries(FAR_KEYS.map((f) => [f, thresholdAtFar(p.impostor, Number(f))])),
        });
        if (name === plans[0]![0]) ((genuinePairs += p.genuine.length), (impostorPairs += p.impostor.length));
      }
    }
    // The strictest measurement at each rate, kept strictly increasing.
    const k3 = Math.max(...runs.map((r) => r.at['1e-3']!));
    const k4 = Math.max(k3 + 1e-4, ...runs.map((r) => r.at['1e-4']!));
    const k5 = Math.min(0.999, Math.max(k4 + 1e-4, ...runs.map((r) => r.at['1e-5']!)));
    // Just above each measured score (the product accepts score >= threshold; the measured score itself is an impostor's).
    const above = (x: number) => Math.floor(x * 1e5) / 1e5 + 1e-5;
    const knots = { '1e-3': above(k3), '1e-4': above(k4), '1e-5': above(k5) };
    for (const k of FAR_KEYS) knots[k] = r5(knots[k]);
    configs[name as 'fused' | Embedder] = {
      members,
      score_at_far: knots,
      measured: runs.map((r) => ({
        group: r.group,
        protocol: r.protocol,
        identities: r.identities,
        genuine_pairs: r.genuine_pairs,
        impostor_pairs: r.impostor_pairs,
        score_at_far: { '1e-3': r5(r.at['1e-3']!), '1e-4': r5(r.at['1e-4']!), '1e-5': r5(r.at['1e-5']!) },
        far_at_knot: {
          '1e-3': Number(farAt(r.impostor, knots['1e-3']).toPrecision(3)),
          '1e-4': Number(farAt(r.impostor, knots['1e-4']).toPrecision(3)),
          '1e-5': Number(farAt(r.impostor, knots['1e-5']).toPrecision(3)),
        },
      })),
    };
  }
  if (!configs.feature) throw new Error('the engine gave no feature-model embeddings');
  return {
    model,
    created: new Date().toISOString(),
    faces:
      `${images.length} photos of ${new Set(images.map((i) => i.identity)).size} people from ${dirs.map((d) => d.replace(/\/+$/, '').split('/').pop()).join(' + ')}` +
      `${subgroup ? `; subgroup ${opts.subgroup!.split('/').pop()}: ${pick!.length} photos of ${subgroup.size} people` : ''}` +
      `; card photos at JPEG q${CALIBRATION_CARD_QUALITIES.join('/q')}; ${genuinePairs} genuine and ${impostorPairs} impostor card-vs-live pairs per configuration`,
    method:
      "per model: card and live mean embeddings of the calibration set removed, cosine of the centred embeddings; fused = mean of the two models' centred cosines. " +
      'Knots: the raw score at each false-match rate measured on card-vs-live impostor pairs (no extrapolation), the highest over every card quality and over all people and the subgroup.',
    configs: configs as CalibrationFile['configs'],
  };
}
