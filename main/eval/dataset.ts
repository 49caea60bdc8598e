// A face set on disk: one folder per identity, images inside (any depth-1 file the decoder reads).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface FaceSetImage {
  identity: string;
  file: string;
}

const IMAGE_EXT = /\.(jpe?g|png|bmp|webp)$/i;

export function listFaceSet(dir: string): FaceSetImage[] {
  const out: FaceSetImage[] = [];
  for (const identity of readdirSync(dir).sort()) {
    const sub = path.join(dir, identity);
    if (!statSync(sub).isDirectory()) continue;
    for (const f of readdirSync(sub).sort()) if (IMAGE_EXT.test(f)) out.push({ identity, file: path.join(sub, f) });
  }
  if (!out.length) throw new Error(`${dir} holds no identity folders with images`);
  return out;
}
