// Camera frames come from a browser canvas (renderer/src/counter/CameraView.tsx: toDataURL JPEG),
// and Chromium tags every canvas JPEG with Skia's sRGB profile. Such frames are decoded as sRGB by
// the common-case decoder instead of going through libvips' sRGB → sRGB transform (jpeg-icc.ts):
// checked here on a real frame made by Debian's Chromium from a real face photo.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { decodeImage } from '../../main/engine/image/decode.js';
import { withoutKnownSrgbProfile } from '../../main/engine/image/jpeg-icc.js';
import { loadNativeKernels } from '../../main/engine/image/pixel-kernels.js';
import type { RgbImage } from '../../main/engine/image/raster.js';
import { launchBrowser } from '../helpers/browser.js';
import { faceBytes } from '../helpers/faces.js';

const native = loadNativeKernels().kernels;

async function viaLibvips(bytes: Uint8Array): Promise<RgbImage> {
  const { data, info } = await sharp(bytes).rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** A 640×480 canvas JPEG of a real photo, encoded by Chromium as the counter's camera view does. */
async function canvasJpeg(browser: Browser, photo: Uint8Array): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    const b64 = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = 640;
      c.height = 480;
      c.getContext('2d')!.drawImage(img, 0, 0, 640, 480);
      return c.toDataURL('image/jpeg', 0.9).slice('data:image/jpeg;base64,'.length);
    }, `data:image/jpeg;base64,${Buffer.from(photo).toString('base64')}`);
    return Buffer.from(b64, 'base64');
  } finally {
    await page.close();
  }
}

describe('JPEGs tagged with a browser\'s sRGB profile', { skip: native ? false : 'native kernels not built' }, () => {
  let browser: Browser;
  let frame: Uint8Array;
  before(async () => {
    browser = await launchBrowser();
    frame = await canvasJpeg(browser, faceBytes('dev/p01/img11.jpg'));
  });
  after(() => browser?.close());

  it('a Chromium canvas frame is decoded by the common-case decoder, within one level of libvips', async () => {
    assert.equal(native!.decodeJpeg(frame, 1e8), 'ICC profile', 'the frame carries an ICC profile');
    const stripped = withoutKnownSrgbProfile(frame);
    assert.ok(stripped, "this Chromium's canvas profile is a known sRGB profile");
    assert.ok(stripped.length < frame.length);
    const ours = await decodeImage(frame, 'frame');
    const c = native!.decodeJpeg(stripped, 1e8) as RgbImage;
    assert.deepEqual(Buffer.compare(Buffer.from(ours.data), Buffer.from(c.data)), 0, 'decodeImage took the common-case path');
    const vips = await viaLibvips(frame);
    assert.deepEqual([ours.width, ours.height], [vips.width, vips.height]);
    let differing = 0;
    for (let i = 0; i < vips.data.length; i++) {
      const d = Math.abs(vips.data[i]! - ours.data[i]!);
      assert.ok(d <= 1, `value ${i}: ${ours.data[i]} vs libvips ${vips.data[i]}`);
      if (d) differing++;
    }
    assert.ok(differing / vips.data.length < 0.005, `${differing} values differ from libvips by one level`);
  });

  it('other profiles still go through libvips and its transform', async () => {
    const photo = await decodeImage(faceBytes('dev/p01/img11.jpg'), 'p');
    const p3 = await sharp(Buffer.from(photo.data), { raw: { width: photo.width, height: photo.height, channels: 3 } }).withIccProfile('p3').jpeg({ quality: 90 }).toBuffer();
    assert.equal(withoutKnownSrgbProfile(p3), null);
    const ours = await decodeImage(p3, 'p3');
    assert.equal(Buffer.compare(Buffer.from(ours.data), Buffer.from((await viaLibvips(p3)).data)), 0);
  });

  it('damaged headers are left to the decoders, never thrown on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 900 }), (at, value, cut) => {
        const damaged = Uint8Array.from(frame.subarray(0, frame.length - cut));
        if (at < damaged.length) damaged[at] = value;
        const r = withoutKnownSrgbProfile(damaged);
        assert.ok(r === null || r.length < damaged.length);
      }),
      { numRuns: 300 },
    );
  });
});
