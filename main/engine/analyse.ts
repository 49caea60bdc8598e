// One image → its subject face: detect (largest face) → landmarks → align → embed.
// The card path is tuned for chip photos (102×126 px, heavily compressed): several detector views,
// the fixed geometry of an ID portrait as a prior, and a resolution-matched embedding.
import { alignFace } from './align.js';
import { bestInRegion, DEFAULT_DETECT, facesFromView, largest, runDetector, type Detection, type DetectOptions } from './detect.js';
import { embedBoth, type FaceEmbeddings } from './embed.js';
import { gaussianBlur } from './image/filters.js';
import { boxHeight, boxWidth, fivePointsFrom68, interEyeDistance, type Box, type FivePoints, type Point } from './geometry.js';
import type { RgbImage } from './image/raster.js';
import { boxFromLandmarks, landmarks68 } from './landmarks.js';
import type { ModelSessions } from './sessions.js';

export type ImageRole = 'card' | 'live';

export interface SubjectFace {
  box: Box;
  score: number;
  /** How the face was found: a detection above threshold, or the ID-portrait prior confirmed by the detector. */
  via: 'detector' | 'portrait-prior';
  landmarks: Point[];
  five: FivePoints;
  interEye: number;
  aligned: RgbImage;
}

export interface FaceAnalysis {
  /** Faces detected above threshold (the subject is the largest). */
  faces: number;
  subject: SubjectFace | null;
  /** The feature model's raw unit-length embedding (the same array as `embeddings.feature`). */
  embedding: Float32Array | null;
  /** Every embedding model's raw unit-length embedding of the same aligned, blurred crop. */
  embeddings: FaceEmbeddings | null;
  timings: { detect_ms: number; landmark_ms: number; align_ms: number; embed_ms: number };
}

export interface AnalyseOptions {
  detect: DetectOptions;
  /** Card path: try the portrait prior when the detector finds nothing above threshold. */
  portraitPrior: boolean;
  /** Re-run landmarks on the box they imply (measured: better alignment, better TAR on card photos). */
  refineLandmarks: boolean;
  /** Skip the embeddings (detection/quality only). */
  embed: boolean;
}

export const DEFAULT_ANALYSE: AnalyseOptions = { detect: DEFAULT_DETECT, portraitPrior: true, refineLandmarks: true, embed: true };

/** Where the face sits in an ID portrait (chip photo framing), as fractions of the photo. */
export function portraitPriorBox(img: { width: number; height: number }): Box {
  const w = img.width * 0.5;
  const h = w * 1.25;
  const cx = img.width / 2,
    cy = img.height / 2 + 0.06 * img.height;
  return { x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2 };
}

/**
 * Gaussian blur (σ in aligned-crop pixels) applied before embedding. Card photos are soft and
 * blocky; a matched, light blur on both sides moves their embeddings closer (docs/ENGINE.md, "The card path").
 */
export const EMBED_BLUR_SIGMA: Record<ImageRole, number> = { card: 0.8, live: 0.8 };

/** The lowest detector score the portrait prior accepts as evidence that a face is there. */
export const PRIOR_MIN_SCORE = 0.2;

async function findSubject(
  sessions: ModelSessions,
  img: RgbImage,
  role: ImageRole,
  opts: AnalyseOptions,
): Promise<{ subject: Detection | undefined; faces: number; via: SubjectFace['via'] }> {
  // Views: the letterbox fit, then a zoomed-out view for faces that fill the frame.
  const zooms = role === 'card' ? [1, 0.5] : [1, 0.6];
  let firstView;
  for (const zoom of zooms) {
    const view = await runDetector(sessions, img, zoom, role === 'card' ? 255 : 127);
    firstView ??= view;
    const faces = facesFromView(view, img, opts.detect);
    if (faces.length) return { subject: largest(faces), faces: faces.length, via: 'detector' };
  }
  if (role === 'card' && opts.portraitPrior && firstView) {
    const hit = bestInRegion(firstView, portraitPriorBox(img), 0.3);
    if (hit && hit.score >= PRIOR_MIN_SCORE) return { subject: hit, faces: 0, via: 'portrait-prior' };
  }
  return { subject: undefined, faces: 0, via: 'detector' };
}

export async function analyseFace(
  sessions: ModelSessions,
  img: RgbImage,
  role: ImageRole,
  opts: AnalyseOptions = DEFAULT_ANALYSE,
): Promise<FaceAnalysis> {
  const timings = { detect_ms: 0, landmark_ms: 0, align_ms: 0, embed_ms: 0 };
  let t = performance.now();
  const lap = (k: keyof typeof timings) => {
    const now = performance.now();
    timings[k] += now - t;
    t = now;
  };
  const found = await findSubject(sessions, img, role, opts);
  lap('detect_ms');
  if (!found.subject) return { faces: found.faces, subject: null, embedding: null, embeddings: null, timings };
  let pts = await landmarks68(sessions, img, found.subject.box);
  if (opts.refineLandmarks) {
    const lb = boxFromLandmarks(pts);
    // The detector box is ~1.1–1.3× the landmark hull; re-centre on the hull keeping the detector's scale.
    const side = Math.max(boxHeight(found.subject.box), boxWidth(lb) * 1.15, boxHeight(lb) * 1.15);
    const cx = (lb.x1 + lb.x2) / 2,
      cy = (lb.y1 + lb.y2) / 2 - 0.04 * side;
    pts = await landmarks68(sessions, img, { x1: cx - side / 2, y1: cy - side / 2, x2: cx + side / 2, y2: cy + side / 2 });
  }
  lap('landmark_ms');
  const five = fivePointsFrom68(pts);
  const { crop } = alignFace(img, five, role === 'card' ? 255 : 0);
  lap('align_ms');
  // Both models get the same blurred crop (measured for MobileFaceNet on lfw's East Asian people,
  // card-q20 and q10 vs live: blurred and sharp crops separate alike, d' 5.01 / 4.95 and 3.98 / 4.00).
  const embeddings = opts.embed ? await embedBoth(sessions, gaussianBlur(crop, EMBED_BLUR_SIGMA[role])) : null;
  lap('embed_ms');
  return {
    faces: found.faces,
    subject: {
      box: found.subject.box,
      score: found.subject.score,
      via: found.via,
      landmarks: pts,
      five,
      interEye: interEyeDistance(five),
      aligned: crop,
    },
    embedding: embeddings?.feature ?? null,
    embeddings,
    timings,
  };
}
