// Face image quality (FIQA) of a live photo: size, sharpness, exposure, head pose, eyes open;
// the gate levels are tables of bounds (docs/ENGINE.md, "Quality"). Liveness is measured on request only.
import type { SubjectFace } from './analyse.js';
import { boxHeight, boxWidth, type Point } from './geometry.js';
import { laplacianVariance } from './image/filters.js';
import { cropResize, toGrey, type RgbImage } from './image/raster.js';
import type { ModelSessions } from './sessions.js';

export interface QualityMeasures {
  /** Distance between the eye centres, source pixels. */
  inter_eye_px: number;
  /** Variance of the Laplacian of the aligned 112×112 grey crop. */
  sharpness: number;
  /** Mean luma (0–255) of the aligned crop's central face region. */
  exposure: number;
  /** Head pose in degrees; null when only the cheap measures were asked for. */
  yaw_deg: number | null;
  pitch_deg: number | null;
  roll_deg: number | null;
  /** Probability that both eyes are open (the lower of the two eyes); null when not measured. */
  eyes_open: number | null;
}

export type QualityLevel = 'no' | 'low' | 'middle' | 'high';
export type Bound = { min?: number; max?: number };
export type QualityTable = Partial<Record<keyof QualityMeasures, Bound>>;

/** One source of truth for the gate: each level's bounds per measure. Absolute values for angles. */
export const QUALITY_LEVELS: Record<Exclude<QualityLevel, 'no'>, QualityTable> = {
  low: {
    inter_eye_px: { min: 16 },
    sharpness: { min: 20 },
    exposure: { min: 40, max: 225 },
    yaw_deg: { max: 45 },
    pitch_deg: { max: 40 },
    roll_deg: { max: 40 },
    eyes_open: { min: 0.1 },
  },
  middle: {
    inter_eye_px: { min: 28 },
    sharpness: { min: 60 },
    exposure: { min: 55, max: 210 },
    yaw_deg: { max: 30 },
    pitch_deg: { max: 30 },
    roll_deg: { max: 25 },
    eyes_open: { min: 0.3 },
  },
  high: {
    inter_eye_px: { min: 45 },
    sharpness: { min: 150 },
    exposure: { min: 70, max: 195 },
    yaw_deg: { max: 15 },
    pitch_deg: { max: 22 },
    roll_deg: { max: 15 },
    eyes_open: { min: 0.6 },
  },
};

const ANGLES = new Set<keyof QualityMeasures>(['yaw_deg', 'pitch_deg', 'roll_deg']);

export interface GateFailure {
  measure: keyof QualityMeasures;
  value: number;
  bound: Bound;
}

/** The measures that fail `level`, each with its value and bound (empty: passes). */
export function checkGate(m: QualityMeasures, level: QualityLevel): GateFailure[] {
  if (level === 'no') return [];
  const failures: GateFailure[] = [];
  for (const [k, bound] of Object.entries(QUALITY_LEVELS[level]) as [keyof QualityMeasures, Bound][]) {
    const raw = m[k];
    if (raw === null) {
      failures.push({ measure: k, value: NaN, bound });
      continue;
    }
    const v = ANGLES.has(k) ? Math.abs(raw) : raw;
    if ((bound.min !== undefined && v < bound.min) || (bound.max !== undefined && v > bound.max))
      failures.push({ measure: k, value: round2(raw), bound });
  }
  return failures;
}

/** One number to rank frames of a burst: higher is better (used to pick the frame to compare). */
export function qualityRank(m: QualityMeasures): number {
  const size = Math.min(1, m.inter_eye_px / 60);
  const sharp = Math.min(1, m.sharpness / 60);
  const expo = 1 - Math.min(1, Math.abs(m.exposure - 128) / 128);
  const pose = 1 - Math.min(1, (Math.abs(m.yaw_deg ?? 0) + Math.abs(m.pitch_deg ?? 0) + Math.abs(m.roll_deg ?? 0)) / 90);
  return size + sharp + expo + 2 * pose + (m.eyes_open ?? 1);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function softmax(v: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) max = Math.max(max, v[i]!);
  const e = Array.from({ length: v.length }, (_, i) => Math.exp(v[i]! - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** Head pose from fr_pose: 66 bins of 3°, expectation, on the face box grown by a quarter each side. */
export async function headPose(
  sessions: ModelSessions,
  img: RgbImage,
  face: SubjectFace,
): Promise<{ yaw: number; pitch: number; roll: number }> {
  const b = face.box;
  const w = boxWidth(b),
    h = boxHeight(b);
  const [, , ih, iw] = sessions.input('pose').shape;
  const [yaw, pitch, roll] = await sessions.runImage('pose', cropResize(img, b.x1 - w / 4, b.y1 - h / 4, w * 1.5, h * 1.5, iw, ih, 0));
  const angle = (logits: Float32Array) => softmax(logits).reduce((acc, p, i) => acc + p * i, 0) * 3 - 99;
  return { yaw: angle(yaw!), pitch: angle(pitch!), roll: angle(roll!) };
}

/** The square around one eye (its corners' distance × 1.6), at the eye model's input size. */
function eyeCrop(sessions: ModelSessions, img: RgbImage, pts: readonly Point[], corners: [number, number], centre: number[]): RgbImage {
  const c = centre.map((i) => pts[i]!);
  const cx = c.reduce((s, p) => s + p.x, 0) / c.length,
    cy = c.reduce((s, p) => s + p.y, 0) / c.length;
  const size = Math.max(4, Math.abs(pts[corners[1]]!.x - pts[corners[0]]!.x) * 1.6);
  const [, , h, w] = sessions.input('eye').shape;
  return cropResize(img, cx - size / 2, cy - size / 2, size, size, w, h, 0);
}

/** Probability that each eye is open, from fr_eye (class 1 = open, checked on the dev photos). */
export async function eyesOpen(sessions: ModelSessions, img: RgbImage, face: SubjectFace): Promise<number> {
  const [l] = await sessions.runImage('eye', eyeCrop(sessions, img, face.landmarks, [36, 39], [37, 38, 40, 41]));
  const [r] = await sessions.runImage('eye', eyeCrop(sessions, img, face.landmarks, [42, 45], [43, 44, 46, 47]));
  return Math.min(softmax(l!)[EYE_OPEN_CLASS]!, softmax(r!)[EYE_OPEN_CLASS]!);
}
export const EYE_OPEN_CLASS = 1;

/** All measures (`full`) or only the cheap ones that need no model (size, sharpness, exposure). */
export async function measureQuality(sessions: ModelSessions, img: RgbImage, face: SubjectFace, full = true): Promise<QualityMeasures> {
  const grey = toGrey(face.aligned);
  let sum = 0,
    n = 0;
  for (let y = 28; y < 100; y++)
    for (let x = 24; x < 88; x++) {
      sum += grey.data[y * 112 + x]!;
      n++;
    }
  const pose = full ? await headPose(sessions, img, face) : null;
  return {
    inter_eye_px: round2(face.interEye),
    sharpness: round2(laplacianVariance(grey)),
    exposure: round2(sum / n),
    yaw_deg: pose && round2(pose.yaw),
    pitch_deg: pose && round2(pose.pitch),
    roll_deg: pose && round2(pose.roll),
    eyes_open: full ? round2(await eyesOpen(sessions, img, face)) : null,
  };
}

/** Liveness (presentation attack) score from fr_liveness: probability of a live face, recorded only. */
export async function livenessScore(sessions: ModelSessions, img: RgbImage, face: SubjectFace): Promise<number> {
  const b = face.box;
  const w = boxWidth(b),
    h = boxHeight(b);
  const scale = Math.min((img.height - 1) / h, (img.width - 1) / w, 2.7);
  const cw = w * scale,
    ch = h * scale;
  const cx = (b.x1 + b.x2) / 2,
    cy = (b.y1 + b.y2) / 2;
  const x = Math.min(Math.max(0, cx - cw / 2), img.width - 1 - cw),
    y = Math.min(Math.max(0, cy - ch / 2), img.height - 1 - ch);
  const [, , ih, iw] = sessions.input('liveness').shape;
  const [logits] = await sessions.runImage('liveness', cropResize(img, x, y, cw, ch, iw, ih, 0));
  return round2(softmax(logits!)[0]!);
}
