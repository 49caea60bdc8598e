// Paths to the real face photos shared with the project (../shared/faces), and small helpers.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FACES = process.env.SOPHONMATCH_FACES_DIR ?? path.resolve(import.meta.dirname, '../../../shared/faces');
export const face = (rel: string): string => path.join(FACES, rel);
export const faceBytes = (rel: string): Buffer => readFileSync(face(rel));
