// One comparison: a card photo against 1..N live frames. The card and the frames are analysed in
// parallel (on different workers when a pool runs them); the best-quality frame is compared.
import { SophonError } from '../common/errors.js';
import type { AnalyseResult, StageTimings } from '../contracts/engine.js';
import { THRESHOLD_LEVELS, type ThresholdLevel } from '../contracts/thresholds.js';
import { thresholdValue, type Calibration } from './calibration.js';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './image/decode.js';
import type { AnalyseJob, JobGroup } from './pool/worker-pool.js';
import { checkGate, qualityRank, QUALITY_LEVELS, type QualityLevel, type QualityMeasures } from './quality.js';

export interface Analyser {
  /** Jobs passed the same `group` belong to one request (a pool may queue them on one worker). */
  analyse(job: AnalyseJob, group?: JobGroup): Promise<AnalyseResult>;
}

export interface CompareInput {
  card: Uint8Array;
  frames: Uint8Array[];
  threshold?: ThresholdLevel | number;
  fiqa?: QualityLevel;
  limits?: DecodeLimits;
  /** Field names used in error messages (the API's names by default). */
  cardField?: string;
  faceField?: string;
}

export interface CompareOutcome {
  /** Calibrated score (contract), and the raw (fused, centred) score behind it. */
  score: number;
  cosine: number;
  threshold: number;
  same: boolean;
  /**
   * Neither a clear match nor a clear non-match: below the threshold applied but at or above the
   * `low` one (false-match rate 1e-3), so a person should look (the counter's review band).
   */
  review: boolean;
  /** The model configuration that scored it (fused, feature, mobilefacenet). */
  config: string;
  card: { faces: number; via: AnalyseResult['via']; box: AnalyseResult['box']; jpeg_quality: number | null; deblocked: boolean };
  face: {
    faces: number;
    box: AnalyseResult['box'];
    quality: QualityMeasures | null;
    liveness: number | null;
    frame_index: number;
    frames: number;
  };
  timings: StageTimings;
  /** Time the request spent outside the workers (waiting in the queue, messaging). */
  queue_ms: number;
  model: string;
}

/** The raw per-model embeddings of an analyse result (an engine with one model gives `feature` only). */
export function embeddingsOf(r: AnalyseResult): Record<string, Float32Array> | null {
  if (r.embeddings) return r.embeddings;
  return r.embedding ? { feature: r.embedding } : null;
}

const sumTimings = (rs: readonly AnalyseResult[], total: number): StageTimings => {
  const keys = ['decode_ms', 'detect_ms', 'landmark_ms', 'align_ms', 'quality_ms', 'embed_ms', 'model_ms'] as const;
  const out = { total_ms: Math.round(total * 100) / 100 } as StageTimings;
  for (const k of keys) out[k] = Math.round(rs.reduce((s, r) => s + r.timings[k], 0) * 100) / 100;
  return out;
};

export async function compareFaces(
  analyser: Analyser,
  calibration: Calibration,
  model: string,
  input: CompareInput,
): Promise<CompareOutcome> {
  const t0 = performance.now();
  const limits = input.limits ?? DEFAULT_DECODE_LIMITS;
  const fiqa = input.fiqa ?? 'no';
  const cardField = input.cardField ?? 'card_image_base64';
  const faceField = input.faceField ?? 'face_image_base64';
  if (input.frames.length === 0) throw new SophonError('MISSING_FIELD', `${faceField} is required`);
  const single = input.frames.length === 1;
  const liveJob = (bytes: Uint8Array, i: number, embed: boolean): AnalyseJob => ({
    role: 'live',
    field: single ? faceField : `${faceField}[${i}]`,
    bytes,
    embed,
    quality: fiqa !== 'no' || !single ? 'full' : 'cheap',
    liveness: false,
    limits,
  });

  const group: JobGroup = {};
  const cardP = analyser.analyse(
    { role: 'card', field: cardField, bytes: input.card, embed: true, quality: 'none', liveness: false, limits },
    group,
  );
  const framesP = input.frames.map((f, i) => analyser.analyse(liveJob(f, i, single), group));
  const [cardS, ...frameS] = await Promise.allSettled([cardP, ...framesP]);
  const parallelWall = performance.now() - t0;
  if (cardS!.status === 'rejected') throw cardS!.reason;
  const card = cardS!.value;
  const cardE = embeddingsOf(card);
  if (!card.found || !cardE) throw new SophonError('NO_FACE_IN_CARD_IMAGE', `no face found in ${cardField}`);
  const firstError = frameS.find((s) => s.status === 'rejected');
  const frames = frameS.flatMap((s, i) => (s.status === 'fulfilled' && s.value.found ? [{ r: s.value, i }] : []));
  if (frames.length === 0) {
    if (firstError && firstError.status === 'rejected') throw firstError.reason;
    throw new SophonError('NO_FACE_IN_FACE_IMAGE', `no face found in ${faceField}; ask the person to face the camera`);
  }
  const rank = (r: AnalyseResult) => (r.quality ? qualityRank(r.quality) : 0);
  const best = frames.reduce((a, b) => (rank(b.r) > rank(a.r) ? b : a));
  const results: AnalyseResult[] = [card, ...frameS.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))];

  if (fiqa !== 'no' && best.r.quality) {
    const failed = checkGate(best.r.quality, fiqa);
    if (failed.length) {
      const names = failed.map((f) => f.measure).join(', ');
      throw new SophonError(
        'FACE_QUALITY_TOO_LOW',
        `the live photo does not pass the "${fiqa}" quality gate (${names}); retake it facing the camera in good light`,
        {
          level: fiqa,
          failed,
          measures: best.r.quality,
          bounds: QUALITY_LEVELS[fiqa],
        },
      );
    }
  }
  let live = best.r;
  let liveE = embeddingsOf(live);
  if (!liveE) {
    live = await analyser.analyse({ ...liveJob(input.frames[best.i]!, best.i, true), quality: 'none' });
    results.push(live);
    liveE = embeddingsOf(live);
    if (!liveE) throw new SophonError('NO_FACE_IN_FACE_IMAGE', `no face found in ${faceField}`);
  }
  const raw = calibration.similarity(cardE, liveE);
  const score = Math.round(calibration.score(raw) * 10000) / 10000;
  const threshold = thresholdValue(input.threshold ?? 'middle');
  return {
    score,
    cosine: Math.round(raw * 10000) / 10000,
    threshold,
    same: score >= threshold,
    review: score < threshold && score >= THRESHOLD_LEVELS.low,
    config: calibration.configName,
    card: { faces: card.faces, via: card.via, box: card.box, jpeg_quality: card.jpeg_quality, deblocked: card.deblocked },
    face: {
      faces: best.r.faces,
      box: best.r.box,
      quality: best.r.quality,
      liveness: best.r.liveness,
      frame_index: best.i,
      frames: input.frames.length,
    },
    timings: sumTimings(results, performance.now() - t0),
    queue_ms: Math.round(Math.max(0, parallelWall - Math.max(...results.map((r) => r.timings.total_ms))) * 100) / 100,
    model,
  };
}
