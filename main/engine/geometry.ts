// Face geometry shared by the stages: boxes, points, and the 5-point layout the embedder expects.

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export const boxWidth = (b: Box) => b.x2 - b.x1;
export const boxHeight = (b: Box) => b.y2 - b.y1;
export const boxArea = (b: Box) => Math.max(0, boxWidth(b)) * Math.max(0, boxHeight(b));

export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (boxArea(a) + boxArea(b) - inter);
}

/** Eyes, nose tip, mouth corners, in image pixels (subject's right eye first, as the image shows it: left of image). */
export type FivePoints = readonly [Point, Point, Point, Point, Point];

const mean = (pts: readonly Point[]): Point => ({
  x: pts.reduce((s, p) => s + p.x, 0) / pts.length,
  y: pts.reduce((s, p) => s + p.y, 0) / pts.length,
});

/** The 5 alignment points from the 68-point (iBUG) layout. */
export function fivePointsFrom68(p: readonly Point[]): FivePoints {
  const at = (i: number) => p[i]!;
  return [
    mean([at(37), at(38), at(40), at(41)]),
    mean([at(43), at(44), at(46), at(47)]),
    at(30),
    mean([at(48), at(60)]),
    mean([at(54), at(64)]),
  ];
}

export const interEyeDistance = (f: FivePoints): number => Math.hypot(f[1].x - f[0].x, f[1].y - f[0].y);
