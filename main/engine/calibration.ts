// Score calibration: raw cosine → contract score through a monotone piecewise-linear map whose
// knots are the raw cosines t3, t4, t5 at false-match rates 1e-3, 1e-4, 1e-5, plus the per-domain
// mean embeddings that are removed before the cosine (card photos and live photos sit in different
// regions of the embedding space; centring each on its own mean makes their cosine comparable).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { l2normalise } from './embed.js';
import { DEFAULT_MODELS_DIR } from './models/manifest.js';

/** The contract's named thresholds (sophonmatch-api.md); their false-match meaning comes from the calibration. */
export const THRESHOLD_LEVELS = { low: 0.175, middle: 0.225, high: 0.275 } as const;
export type ThresholdLevel = keyof typeof THRESHOLD_LEVELS;
export const FAR_OF_LEVEL: Record<ThresholdLevel, number> = { low: 1e-3, middle: 1e-4, high: 1e-5 };

export type Domain = 'card' | 'live';

export const CalibrationSchema = z.object({
  model: z.string(),
  created: z.string(),
  faces: z.string(),
  method: z.string(),
  pairs: z.object({ genuine: z.number().int(), impostor: z.number().int() }),
  /** Raw (centred) cosine at each false-match rate. */
  cosine_at_far: z.object({ '1e-3': z.number(), '1e-4': z.number(), '1e-5': z.number() }),
  domain_mean: z.object({ card: z.array(z.number()), live: z.array(z.number()) }),
});
export type CalibrationFile = z.infer<typeof CalibrationSchema>;

export class Calibration {
  private readonly knots: [number, number][];
  private readonly means: Record<Domain, Float32Array>;
  constructor(readonly file: CalibrationFile) {
    const c = file.cosine_at_far;
    if (!(c['1e-3'] < c['1e-4'] && c['1e-4'] < c['1e-5'] && c['1e-5'] < 1 && c['1e-3'] > -1))
      throw new Error('calibration.json: cosine_at_far must increase strictly from 1e-3 to 1e-5 inside (-1, 1)');
    this.knots = [[-1, -1], [c['1e-3'], THRESHOLD_LEVELS.low], [c['1e-4'], THRESHOLD_LEVELS.middle], [c['1e-5'], THRESHOLD_LEVELS.high], [1, 1]];
    this.means = { card: Float32Array.from(file.domain_mean.card), live: Float32Array.from(file.domain_mean.live) };
  }

  static load(dir: string = process.env.SOPHONMATCH_MODELS_DIR ?? DEFAULT_MODELS_DIR): Calibration {
    const raw = JSON.parse(readFileSync(path.join(dir, 'calibration.json'), 'utf8'));
    return new Calibration(CalibrationSchema.parse(raw));
  }

  /** No centring and a nominal map: only for computing a calibration. */
  static identity(model: string): Calibration {
    return new Calibration({
      model,
      created: '',
      faces: '',
      method: 'identity',
      pairs: { genuine: 0, impostor: 0 },
      cosine_at_far: { '1e-3': 0.3, '1e-4': 0.4, '1e-5': 0.5 },
      domain_mean: { card: [], live: [] },
    });
  }

  /** Contract score of a raw cosine (monotone, continuous, maps [-1, 1] onto [-1, 1]). */
  score(cosine: number): number {
    const x = Math.max(-1, Math.min(1, cosine));
    for (let i = 1; i < this.knots.length; i++) {
      const [x0, y0] = this.knots[i - 1]!, [x1, y1] = this.knots[i]!;
      if (x <= x1) return y0 + ((x - x0) * (y1 - y0)) / (x1 - x0);
    }
    return 1;
  }

  /** The raw embedding of `domain` moved to the shared comparison space (centred, unit length). */
  centre(raw: Float32Array, domain: Domain): Float32Array {
    const m = this.means[domain];
    if (m.length === 0) return l2normalise(Float32Array.from(raw));
    if (m.length !== raw.length) throw new Error(`calibration mean has ${m.length} dims, the model gives ${raw.length}`);
    const out = new Float32Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw[i]! - m[i]!;
    return l2normalise(out);
  }
}

/** A request's threshold: a named level or a number in [0, 1]. */
export function thresholdValue(t: ThresholdLevel | number): number {
  return typeof t === 'number' ? t : THRESHOLD_LEVELS[t];
}
