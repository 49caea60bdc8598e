// What the clerk's screen says about a camera frame, from the same quality table as the gate.
import type { AnalyseResult } from '../contracts/engine.js';
import type { FrameCheckAnswer, FrameHint } from '../contracts/counter-api.js';
import { QUALITY_LEVELS, type QualityLevel } from '../engine/quality.js';

export function frameHint(r: AnalyseResult, level: QualityLevel): FrameHint {
  if (!r.found || !r.quality) return 'no-face';
  const t = QUALITY_LEVELS[level === 'no' ? 'low' : level];
  const q = r.quality;
  const over = (v: number | null, max?: number) => v !== null && max !== undefined && Math.abs(v) > max;
  if (t.inter_eye_px?.min !== undefined && q.inter_eye_px < t.inter_eye_px.min) return 'move-closer';
  if (t.exposure?.min !== undefined && q.exposure < t.exposure.min) return 'too-dark';
  if (t.exposure?.max !== undefined && q.exposure > t.exposure.max) return 'too-bright';
  if (over(q.yaw_deg, t.yaw_deg?.max) || over(q.pitch_deg, t.pitch_deg?.max) || over(q.roll_deg, t.roll_deg?.max)) return 'face-camera';
  if (t.sharpness?.min !== undefined && q.sharpness < t.sharpness.min) return 'hold-still';
  if (q.eyes_open !== null && t.eyes_open?.min !== undefined && q.eyes_open < t.eyes_open.min) return 'open-eyes';
  return 'ok';
}

export function frameCheckAnswer(r: AnalyseResult, level: QualityLevel): FrameCheckAnswer {
  const box = r.box && { x1: r.box.x1 / r.width, y1: r.box.y1 / r.height, x2: r.box.x2 / r.width, y2: r.box.y2 / r.height };
  return { found: r.found, box: box ?? null, hint: frameHint(r, level) };
}
