// Face detection with the RFB-320 detector: letterbox into 320×240, threshold, NMS, map back.
// The largest face is the subject; faces smaller than MIN_FACE_PX are ignored.
import { boxArea, iou, type Box } from './geometry.js';
import { pasteAt, resize, type RgbImage } from './image/raster.js';
import type { ModelSessions } from './sessions.js';

const ANCHORS = 4420;
/** The detector's input tensor, reused (undefined: not yet allocated; null: a detection is using it). */
let inputBuffer: Float32Array | null | undefined;

/** Faces whose box is shorter than this many source pixels are ignored (docs/ENGINE.md, "Detect"). */
export const MIN_FACE_PX = 20;

export interface Detection {
  box: Box;
  score: number;
}

export interface DetectOptions {
  scoreThreshold: number;
  nmsIou: number;
  minFacePx: number;
}

export const DEFAULT_DETECT: DetectOptions = { scoreThreshold: 0.7, nmsIou: 0.4, minFacePx: MIN_FACE_PX };

/** One detector run: every anchor's face score, and its box mapped back to source pixels on demand. */
export interface DetectorView {
  scores: Float32Array;
  boxAt(i: number): Box;
}

/**
 * Runs the detector with the image scaled by `zoom` relative to the letterbox fit and centred.
 * zoom < 1 leaves a margin around the image (helps faces that fill the frame).
 */
export async function runDetector(sessions: ModelSessions, img: RgbImage, zoom = 1, fill = 127): Promise<DetectorView> {
  const [, , DETECT_H, DETECT_W] = sessions.input('detect').shape;
  const fit = Math.min(DETECT_W / img.width, DETECT_H / img.height) * zoom;
  const w = Math.max(1, Math.round(img.width * fit)),
    h = Math.max(1, Math.round(img.height * fit));
  const ox = Math.round((DETECT_W - img.width * fit) / 2),
    oy = Math.round((DETECT_H - img.height * fit) / 2);
  // The triangle filter (area-correct) matters here: measured, a box-prefiltered or libvips-resized
  // input moves the boxes enough to cost several points of TAR on card photos.
  const scaled = w === img.width && h === img.height ? img : resize(img, w, h);
  const canvas =
    scaled.width === DETECT_W && scaled.height === DETECT_H && ox === 0 && oy === 0
      ? scaled
      : pasteAt(scaled, DETECT_W, DETECT_H, ox, oy, fill);
  const sx = w / img.width,
    sy = h / img.height;
  // The 0.9 MB input tensor is reused from run to run (fresh allocations of that size cost page
  // faults and GC work on every image); a second detection running meanwhile gets its own.
  const lease = inputBuffer === undefined ? new Float32Array(3 * DETECT_W * DETECT_H) : inputBuffer;
  inputBuffer = null;
  let scores: Float32Array, raw: Float32Array;
  try {
    [scores, raw] = (await sessions.runImage('detect', canvas, lease ?? undefined)) as [Float32Array, Float32Array];
  } finally {
    inputBuffer = lease ?? inputBuffer;
  }
  const faceScores = new Float32Array(ANCHORS);
  for (let i = 0; i < ANCHORS; i++) faceScores[i] = scores![i * 2 + 1]!;
  return {
    scores: faceScores,
    boxAt: (i) => ({
      x1: (raw![i * 4]! * DETECT_W - ox) / sx,
      y1: (raw![i * 4 + 1]! * DETECT_H - oy) / sy,
      x2: (raw![i * 4 + 2]! * DETECT_W - ox) / sx,
      y2: (raw![i * 4 + 3]! * DETECT_H - oy) / sy,
    }),
  };
}

/** Greedy non-maximum suppression over the anchors above the threshold. */
export function facesFromView(
  view: DetectorView,
  img: { width: number; height: number },
  opts: DetectOptions = DEFAULT_DETECT,
): Detection[] {
  const cand: Detection[] = [];
  for (let i = 0; i < view.scores.length; i++) {
    const score = view.scores[i]!;
    if (score < opts.scoreThreshold) continue;
    const b = view.boxAt(i);
    const box = { x1: Math.max(0, b.x1), y1: Math.max(0, b.y1), x2: Math.min(img.width, b.x2), y2: Math.min(img.height, b.y2) };
    if (box.x2 - box.x1 < opts.minFacePx * 0.75 || box.y2 - box.y1 < opts.minFacePx) continue;
    cand.push({ box, score });
  }
  cand.sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const c of cand) if (kept.every((k) => iou(k.box, c.box) < opts.nmsIou)) kept.push(c);
  return kept;
}

export const largest = (faces: readonly Detection[]): Detection | undefined =>
  faces.reduce<Detection | undefined>((best, f) => (!best || boxArea(f.box) > boxArea(best.box) ? f : best), undefined);

/**
 * Best-scoring anchor whose box overlaps `region` by at least `minIou` — the detector's own
 * evidence for a face where the geometry of an ID portrait says it must be.
 */
export function bestInRegion(view: DetectorView, region: Box, minIou: number): Detection | undefined {
  let best: Detection | undefined;
  for (let i = 0; i < view.scores.length; i++) {
    const s = view.scores[i]!;
    if (best && s <= best.score) continue;
    const box = view.boxAt(i);
    if (iou(box, region) >= minIou) best = { box, score: s };
  }
  return best;
}
