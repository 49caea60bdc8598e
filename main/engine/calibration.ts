// Score calibration. A configuration (both models fused, or either alone) turns a card's and a live
// face's raw embeddings into one raw score: per model, the per-domain mean embedding is removed
// (card photos and live photos sit in different regions of the embedding space; centring each on
// its own mean makes their cosine comparable), then the models' cosines are averaged with the
// configuration's weights. A monotone piecewise-linear map takes that raw score to the contract's
// score; its knots are the raw scores measured at false-match rates 1e-3, 1e-4, 1e-5 on the
// calibration set's card-vs-live impostor pairs (main/eval/calibrate.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { THRESHOLD_LEVELS, type ThresholdLevel } from '../contracts/thresholds.js';
import { cosine, l2normalise } from './embed.js';
import { DEFAULT_MODELS_DIR } from './models/manifest.js';

export const FAR_OF_LEVEL: Record<ThresholdLevel, number> = { low: 1e-3, middle: 1e-4, high: 1e-5 };

/** Score given to a pair where a side has no face: it can never be accepted. */
export const NO_FACE_SCORE = -1;

/** The embedding models a configuration may fuse (keys of an analyse result's `embeddings`). */
export const EMBEDDERS = ['feature', 'mobilefacenet'] as const;
export type Embedder = (typeof EMBEDDERS)[number];
/** The configurations the engine can run (SOPHONMATCH_MODEL_SET): both models fused, or either alone. */
export const MODEL_CONFIGS = ['fused', 'feature', 'mobilefacenet'] as const;
export type ModelConfig = (typeof MODEL_CONFIGS)[number];
export const DEFAULT_MODEL_CONFIG: ModelConfig = 'fused';

const FarKnotsSchema = z.object({ '1e-3': z.number(), '1e-4': z.number(), '1e-5': z.number() });
export const FAR_KEYS = ['1e-3', '1e-4', '1e-5'] as const;

const MemberSchema = z.object({
  model: z.enum(EMBEDDERS),
  /** Weight of this model's centred cosine in the fused score (the weights of a configuration sum to 1). */
  weight: z.number().positive(),
  /** Per-domain mean embeddings removed before the cosine, estimated on the calibration set. */
  mean: z.object({ card: z.array(z.number()), live: z.array(z.number()) }).nullable(),
});

/** What one group's pairs measured at one protocol, at the shipped knots. */
const MeasuredSchema = z.object({
  group: z.string(),
  protocol: z.string(),
  identities: z.number().int(),
  genuine_pairs: z.number().int(),
  impostor_pairs: z.number().int(),
  /** The raw score at which this group's pairs reach each false-match rate. */
  score_at_far: FarKnotsSchema,
  /** False-match rate of this group's pairs at each shipped knot. */
  far_at_knot: FarKnotsSchema,
});

const ConfigSchema = z.object({
  members: z.array(MemberSchema).min(1),
  /** Raw (fused, centred) score at each false-match rate: the knots of the contract's map. */
  score_at_far: FarKnotsSchema,
  measured: z.array(MeasuredSchema),
});
export type ScoreConfig = z.infer<typeof ConfigSchema>;
export type ScoreMember = z.infer<typeof MemberSchema>;

export const CalibrationSchema = z.object({
  model: z.string(),
  created: z.string(),
  faces: z.string(),
  method: z.string(),
  configs: z.object({ fused: ConfigSchema.optional(), feature: ConfigSchema, mobilefacenet: ConfigSchema.optional() }),
});
export type CalibrationFile = z.infer<typeof CalibrationSchema>;

/** The configuration asked for by SOPHONMATCH_MODEL_SET (default: fused). */
export function configuredModelConfig(env: NodeJS.ProcessEnv = process.env): ModelConfig {
  const v = env.SOPHONMATCH_MODEL_SET ?? DEFAULT_MODEL_CONFIG;
  if (!(MODEL_CONFIGS as readonly string[]).includes(v))
    throw new Error(`SOPHONMATCH_MODEL_SET must be one of ${MODEL_CONFIGS.join(', ')} (got "${v}")`);
  return v as ModelConfig;
}

function centred(raw: Float32Array, mean: readonly number[] | undefined): Float32Array {
  if (!mean || mean.length === 0) return l2normalise(Float32Array.from(raw));
  if (mean.length !== raw.length) throw new Error(`calibration mean has ${mean.length} dims, the model gives ${raw.length}`);
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw[i]! - mean[i]!;
  return l2normalise(out);
}

/** Fused raw score of one card against one live face: Σ weight · cosine of the centred embeddings. */
export function fusedScore(
  config: Pick<ScoreConfig, 'members'>,
  card: Partial<Record<string, Float32Array>>,
  live: Partial<Record<string, Float32Array>>,
): number {
  let s = 0;
  for (const m of config.members) {
    const c = card[m.model],
      l = live[m.model];
    if (!c || !l) throw new Error(`no ${m.model} embedding to compare`);
    s += m.weight * cosine(centred(c, m.mean?.card), centred(l, m.mean?.live));
  }
  return s;
}

export class Calibration {
  private readonly knots: [number, number][];
  readonly config: ScoreConfig;
  constructor(
    readonly file: CalibrationFile,
    readonly configName: ModelConfig = DEFAULT_MODEL_CONFIG,
  ) {
    const config = file.configs[configName];
    if (!config) throw new Error(`calibration.json has no "${configName}" configuration`);
    this.config = config;
    const c = config.score_at_far;
    if (!(c['1e-3'] < c['1e-4'] && c['1e-4'] < c['1e-5'] && c['1e-5'] < 1 && c['1e-3'] > -1))
      throw new Error('calibration.json: score_at_far must increase strictly from 1e-3 to 1e-5 inside (-1, 1)');
    this.knots = [
      [-1, -1],
      [c['1e-3'], THRESHOLD_LEVELS.low],
      [c['1e-4'], THRESHOLD_LEVELS.middle],
      [c['1e-5'], THRESHOLD_LEVELS.high],
      [1, 1],
    ];
  }

  static load(
    dir: string = process.env.SOPHONMATCH_MODELS_DIR ?? DEFAULT_MODELS_DIR,
    configName: ModelConfig = configuredModelConfig(),
  ): Calibration {
    const raw = JSON.parse(readFileSync(path.join(dir, 'calibration.json'), 'utf8'));
    return new Calibration(CalibrationSchema.parse(raw), configName);
  }

  /** The embedding models this configuration needs. */
  get members(): readonly Embedder[] {
    return this.config.members.map((m) => m.model);
  }

  /** Contract score of a raw fused score (monotone, continuous, maps [-1, 1] onto [-1, 1]). */
  score(raw: number): number {
    const x = Math.max(-1, Math.min(1, raw));
    for (let i = 1; i < this.knots.length; i++) {
      const [x0, y0] = this.knots[i - 1]!,
        [x1, y1] = this.knots[i]!;
      if (x <= x1) return y0 + ((x - x0) * (y1 - y0)) / (x1 - x0);
    }
    return 1;
  }

  /** Raw fused score of a card's and a live face's raw embeddings (keyed by model). */
  similarity(card: Partial<Record<string, Float32Array>>, live: Partial<Record<string, Float32Array>>): number {
    return fusedScore(this.config, card, live);
  }
}

/** A request's threshold: a named level or a number in [0, 1]. */
export function thresholdValue(t: ThresholdLevel | number): number {
  return typeof t === 'number' ? t : THRESHOLD_LEVELS[t];
}
