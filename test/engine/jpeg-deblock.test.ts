import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage } from '../../main/engine/image/decode.js';
import { deblockJpeg, estimateQuality, lumaQuantTable } from '../../main/engine/image/jpeg-deblock.js';
import { toGrey, type RgbImage } from '../../main/engine/image/raster.js';
import { faceBytes } from '../helpers/faces.js';

/** Mean luma step across 8×8 block borders minus the mean step inside blocks. */
function blockiness(img: RgbImage): number {
  const g = toGrey(img);
  let edge = 0,
    ne = 0,
    inner = 0,
    ni = 0;
  for (let y = 0; y < g.height; y++)
    for (let x = 1; x < g.width; x++) {
      const d = Math.abs(g.data[y * g.width + x]! - g.data[y * g.width + x - 1]!);
      if (x % 8 === 0) {
        edge += d;
        ne++;
      } else {
        inner += d;
        ni++;
      }
    }
  return edge / ne - inner / ni;
}

describe('JPEG deblocking', () => {
  it('estimates the IJG quality from the quantisation table', async () => {
    for (const q of [10, 20, 50, 90]) {
      const jpeg = await sharp(faceBytes('dev/p01/img10.jpg')).resize(102, 126).jpeg({ quality: q }).toBuffer();
      const est = estimateQuality(lumaQuantTable(jpeg)!);
      assert.ok(Math.abs(est - q) <= 3, `q${q} estimated ${est}`);
    }
  });

  it('removes block edges from a quality-10 chip-like photo', async () => {
    const jpeg = await sharp(faceBytes('dev/p01/img10.jpg')).resize(102, 126).jpeg({ quality: 10 }).toBuffer();
    const img = await decodeImage(jpeg, 'card');
    const out = deblockJpeg(img, lumaQuantTable(jpeg)!, 4);
    assert.ok(blockiness(out) < blockiness(img) * 0.6, `${blockiness(out)} vs ${blockiness(img)}`);
  });

  it('finds no table in a PNG', async () => {
    const png = await sharp(faceBytes('dev/p01/img10.jpg')).png().toBuffer();
    assert.equal(lumaQuantTable(png), null);
  });
});
