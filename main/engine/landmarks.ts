// 68-point landmarks from a grey crop (64×64: manifest `input`) of the square face box (side = box height, centred).
import { boxHeight, type Box, type Point } from './geometry.js';
import { cropResize, type RgbImage } from './image/raster.js';
import type { ModelSessions } from './sessions.js';

/** The square the landmark model looks at, for a detector box. */
export function landmarkSquare(box: Box): Box {
  const side = boxHeight(box);
  const cx = (box.x1 + box.x2) / 2,
    cy = (box.y1 + box.y2) / 2;
  return { x1: cx - side / 2, y1: cy - side / 2, x2: cx + side / 2, y2: cy + side / 2 };
}

export async function landmarks68(sessions: ModelSessions, img: RgbImage, box: Box): Promise<Point[]> {
  const sq = landmarkSquare(box);
  const side = sq.x2 - sq.x1;
  const [, , h, w] = sessions.input('landmark').shape;
  const [out] = await sessions.runImage('landmark', cropResize(img, sq.x1, sq.y1, side, side, w, h, 127));
  const pts: Point[] = [];
  for (let i = 0; i < 68; i++) pts.push({ x: sq.x1 + out![i * 2]! * side, y: sq.y1 + out![i * 2 + 1]! * side });
  return pts;
}

/** Box around the landmarks, in the detector's proportions: used to re-centre a rough box. */
export function boxFromLandmarks(pts: readonly Point[]): Box {
  const xs = pts.map((p) => p.x),
    ys = pts.map((p) => p.y);
  return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
}
