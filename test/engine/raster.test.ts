import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeImage } from '../../main/engine/image/decode.js';
import { halve, resizeTriangle, warpAffine } from '../../main/engine/image/raster.js';
import { gaussianBlur } from '../../main/engine/image/filters.js';
import { faceBytes } from '../helpers/faces.js';

describe('raster operations', () => {
  it('the halving fast path equals the general triangle resampler (±1 rounding)', async () => {
    const img = await decodeImage(faceBytes('dev/p10/img46.jpg'), 'f'); // 400×500
    const a = halve(img);
    const b = resizeTriangle(img, img.width / 2, img.height / 2);
    let max = 0;
    for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i]! - b.data[i]!));
    assert.ok(max <= 1, `max difference ${max}`);
  });

  it('an identity warp reproduces the image; a blur keeps the mean', async () => {
    const img = await decodeImage(faceBytes('dev/p09/img25.jpg'), 'f');
    const same = warpAffine(img, [1, 0, 0, 0, 1, 0], img.width, img.height, 0, 1);
    assert.deepEqual(Buffer.from(same.data), Buffer.from(img.data));
    const mean = (d: Uint8Array) => d.reduce((s, v) => s + v, 0) / d.length;
    assert.ok(Math.abs(mean(gaussianBlur(img, 1.5).data) - mean(img.data)) < 0.5);
  });
});
