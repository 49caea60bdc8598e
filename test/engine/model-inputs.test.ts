// Each model's input tensor is built from its manifest entry (input: shape, layout, channels, mean,
// std) by ModelSessions.runImage. Pinned here: the tensors are, to the bit, the ones the engine built
// from its own constants before the preprocessing became data (so the embeddings did not move).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toGrey, toPlanar, type RgbImage } from '../../main/engine/image/raster.js';
import { loadModelSet, MODEL_ROLES, type ModelRole } from '../../main/engine/models/manifest.js';
import { ModelSessions } from '../../main/engine/sessions.js';

/** The tensors as the engine built them from constants (detect.ts, landmarks.ts, embed.ts, quality.ts). */
const BEFORE: Record<ModelRole, (img: RgbImage) => Float32Array> = {
  detect: (img) => toPlanar(img, [127, 127, 127], [128, 128, 128], 'RGB'),
  landmark: (img) => Float32Array.from(toGrey(img).data, (x) => x / 256),
  feature: (img) => toPlanar(img, [127, 127, 127], [128, 128, 128], 'BGR'),
  pose: (img) => toPlanar(img, [0.485 * 255, 0.456 * 255, 0.406 * 255], [0.229 * 255, 0.224 * 255, 0.225 * 255], 'RGB'),
  eye: (img) => Float32Array.from(toGrey(img).data, (x) => x / 255),
  liveness: (img) => toPlanar(img, [0, 0, 0], [1, 1, 1], 'BGR'),
  mobilefacenet: (img) => toPlanar(img, [127.5, 127.5, 127.5], [128, 128, 128], 'RGB'),
};

/** Every byte value in every channel, in a fixed pseudo-random order. */
function testImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let s = 12345;
  for (let i = 0; i < data.length; i++) data[i] = i < 256 ? i : (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  return { width, height, data };
}

describe('model inputs from the manifest', () => {
  it('every model gets the tensor it got from the constants, bit for bit, with the manifest shape', async () => {
    const sessions = await ModelSessions.load(loadModelSet(), { intraOpThreads: 1, roles: [] });
    const fed: { data: Float32Array; dims: readonly number[] }[] = [];
    sessions.run = async (_role, data, dims) => (fed.push({ data, dims }), []);
    for (const role of MODEL_ROLES) {
      const [, , h, w] = sessions.input(role).shape;
      const img = testImage(w, h);
      await sessions.runImage(role, img);
      const { data, dims } = fed.pop()!;
      assert.deepEqual(dims, sessions.input(role).shape, role);
      assert.deepEqual(new Uint8Array(data.buffer), new Uint8Array(BEFORE[role](img).buffer), role);
    }
    await assert.rejects(sessions.runImage('feature', testImage(100, 112)), /100×112 image for a 112×112 input/);
  });
});
