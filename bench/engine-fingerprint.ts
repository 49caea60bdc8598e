// `tsx bench/engine-fingerprint.ts [--faces DIR] [--out FILE]`: what the engine makes of every photo
// of a face set, as one JSON line per photo and side (live, and the chip-like card photo at JPEG
// quality 20 and 10, as the eval's card-qNN protocols): the sha256 of each embedding model's raw
// embedding bytes, and the rest of the analyse result (box, detector score, quality with pose and
// eyes, liveness) as it is, timings left out. Two runs on the same code give the same file; a
// change that claims "same behaviour" is checked by diffing the file before and after it.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cardPhotoJpeg } from '../main/engine/card-photo.js';
import { FaceEngine } from '../main/engine/face-engine.js';
import { decodeImage, PHOTO_SET_LIMITS } from '../main/engine/image/decode.js';
import { listFaceSet } from '../main/eval/dataset.js';

const { values } = parseArgs({ options: { faces: { type: 'string', default: '../shared/faces/dev' }, out: { type: 'string' } } });
const CARD_QUALITIES = [20, 10];

const engine = await FaceEngine.load({ calibration: 'none' });
const lines: string[] = [];
const hash = (e: Float32Array) =>
  createHash('sha256')
    .update(new Uint8Array(e.buffer, e.byteOffset, e.byteLength))
    .digest('hex');
const analyse = async (bytes: Uint8Array, field: string, role: 'live' | 'card') => {
  const {
    timings: _,
    embedding: __,
    embeddings,
    ...rest
  } = await engine.analyse({ role, field, bytes, embed: true, quality: 'full', liveness: true, limits: PHOTO_SET_LIMITS });
  return { ...rest, embeddings: embeddings && Object.fromEntries(Object.entries(embeddings).map(([k, v]) => [k, hash(v)])) };
};
try {
  for (const im of listFaceSet(values.faces!)) {
    const bytes = readFileSync(im.file);
    const name = `${im.identity}/${im.file.split('/').pop()}`;
    const live = await analyse(bytes, im.file, 'live');
    lines.push(JSON.stringify({ photo: name, side: 'live', ...live }));
    const image = live.box && (await decodeImage(bytes, im.file, PHOTO_SET_LIMITS));
    for (const q of CARD_QUALITIES) {
      if (!live.box || !image) continue;
      const jpeg = await cardPhotoJpeg(image, live.box, q);
      lines.push(JSON.stringify({ photo: name, side: `card-q${q}`, ...(await analyse(jpeg, 'card', 'card')) }));
    }
  }
} finally {
  await engine.close();
}
const text = `${JSON.stringify({ model_id: engine.modelId, photos: lines.length })}\n${lines.join('\n')}\n`;
if (values.out) writeFileSync(values.out, text);
else process.stdout.write(text);
