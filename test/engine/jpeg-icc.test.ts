// Camera frames come from a browser canvas (renderer/src/counter/CameraView.tsx: toDataURL JPEG),
// and Chromium tags every canvas JPEG with Skia's sRGB profile. Such frames are decoded by libvips
// as the sRGB they declare (sharp's ignoreIcc: no sRGB → sRGB transform), other profiles are
// transformed as usual: checked here on a real frame made by Debian's Chromium from a real photo.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { decodeImage, KNOWN_SRGB_PROFILES } from '../../main/engine/image/decode.js';
import type { RgbImage } from '../../main/engine/image/raster.js';
import { launchBrowser } from '../helpers/browser.js';
import { faceBytes } from '../helpers/faces.js';

async function viaLibvips(bytes: Uint8Array, ignoreIcc = false): Promise<RgbImage> {
  const { data, info } = await sharp(bytes, { ignoreIcc })
    .rotate()
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** A 640×480 canvas JPEG of a real photo, encoded by Chromium as the counter's camera view does. */
async function canvasJpeg(browser: Browser, photo: Uint8Array): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    const b64 = await page.evaluate(
      async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = 640;
        c.height = 480;
        c.getContext('2d')!.drawImage(img, 0, 0, 640, 480);
        return c.toDataURL('image/jpeg', 0.9).slice('data:image/jpeg;base64,'.length);
      },
      `data:image/jpeg;base64,${Buffer.from(photo).toString('base64')}`,
    );
    return Buffer.from(b64, 'base64');
  } finally {
    await page.close();
  }
}

describe("JPEGs tagged with a browser's sRGB profile", () => {
  let browser: Browser;
  let frame: Uint8Array;
  before(async () => {
    browser = await launchBrowser();
    frame = await canvasJpeg(browser, faceBytes('dev/p01/img11.jpg'));
  });
  after(() => browser?.close());

  it('a Chromium canvas frame is decoded without the sRGB → sRGB transform, within one level of it', async () => {
    const { icc } = await sharp(frame).metadata();
    assert.ok(icc, 'the frame carries an ICC profile');
    assert.ok(
      KNOWN_SRGB_PROFILES.has(createHash('sha256').update(icc).digest('hex')),
      "this Chromium's canvas profile is a known sRGB profile",
    );
    const ours = await decodeImage(frame, 'frame');
    assert.equal(
      Buffer.compare(Buffer.from(ours.data), Buffer.from((await viaLibvips(frame, true)).data)),
      0,
      'decoded as the sRGB it declares',
    );
    const vips = await viaLibvips(frame);
    assert.deepEqual([ours.width, ours.height], [vips.width, vips.height]);
    let differing = 0;
    for (let i = 0; i < vips.data.length; i++) {
      const d = Math.abs(vips.data[i]! - ours.data[i]!);
      assert.ok(d <= 1, `value ${i}: ${ours.data[i]} vs transformed ${vips.data[i]}`);
      if (d) differing++;
    }
    assert.ok(differing / vips.data.length < 0.005, `${differing} values differ from the transformed pixels by one level`);
  });

  it('other profiles still go through their transform', async () => {
    const photo = await decodeImage(faceBytes('dev/p01/img11.jpg'), 'p');
    const p3 = await sharp(Buffer.from(photo.data), { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .withIccProfile('p3')
      .jpeg({ quality: 90 })
      .toBuffer();
    const ours = await decodeImage(p3, 'p3');
    assert.equal(Buffer.compare(Buffer.from(ours.data), Buffer.from((await viaLibvips(p3)).data)), 0);
    assert.notEqual(
      Buffer.compare(Buffer.from(ours.data), Buffer.from((await viaLibvips(p3, true)).data)),
      0,
      'the P3 transform changes pixels',
    );
  });
});
