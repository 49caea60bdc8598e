import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { SophonError } from '../../main/common/errors.js';
import { decodeBmp, encodeBmp } from '../../main/engine/image/bmp.js';
import { decodeImage } from '../../main/engine/image/decode.js';
import { faceBytes } from '../helpers/faces.js';
import { pngBomb } from '../helpers/png-bomb.js';

const reasonOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof SophonError, `expected a SophonError, got ${e}`);
    return e.reason;
  }
};

describe('decode', () => {
  const photo = faceBytes('dev/p01/img10.jpg');

  it('decodes a real JPEG photo to RGB', async () => {
    const img = await decodeImage(photo, 'f');
    assert.equal(img.format, 'jpeg');
    assert.equal(img.data.length, img.width * img.height * 3);
    assert.ok(img.width > 100 && img.height > 100);
  });

  it('decodes PNG, WebP and BMP of the same photo to the same size', async () => {
    const ref = await decodeImage(photo, 'f');
    const raw = Buffer.from(ref.data);
    const asPng = await sharp(raw, { raw: { width: ref.width, height: ref.height, channels: 3 } })
      .png()
      .toBuffer();
    const asWebp = await sharp(raw, { raw: { width: ref.width, height: ref.height, channels: 3 } })
      .webp({ quality: 90 })
      .toBuffer();
    for (const [bytes, format] of [
      [asPng, 'png'],
      [asWebp, 'webp'],
      [encodeBmp(ref), 'bmp'],
    ] as const) {
      const img = await decodeImage(bytes, 'f');
      assert.equal(img.format, format);
      assert.deepEqual([img.width, img.height], [ref.width, ref.height]);
    }
    const back = await decodeImage(encodeBmp(ref), 'f');
    assert.deepEqual(Buffer.from(back.data), raw, 'BMP round trip is lossless');
  });

  it('applies EXIF orientation', async () => {
    const ref = await decodeImage(photo, 'f');
    const rotated = await sharp(photo).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const img = await decodeImage(rotated, 'f');
    assert.deepEqual([img.width, img.height], [ref.height, ref.width]);
  });

  it('turns grey, CMYK and alpha images into 3-channel RGB', async () => {
    const grey = await sharp(photo).greyscale().jpeg().toBuffer();
    const cmyk = await sharp(photo).toColourspace('cmyk').jpeg().toBuffer();
    const rgba = await sharp(photo).ensureAlpha().png().toBuffer();
    for (const b of [grey, cmyk, rgba]) {
      const img = await decodeImage(b, 'f');
      assert.equal(img.data.length, img.width * img.height * 3);
    }
  });

  it('decodes 8-bit palette and 32-bit top-down BMPs', () => {
    const w = 3,
      h = 2;
    const pal = Buffer.alloc(14 + 40 + 256 * 4 + 4 * h);
    pal.write('BM', 0, 'ascii');
    pal.writeUInt32LE(pal.length, 2);
    pal.writeUInt32LE(14 + 40 + 1024, 10);
    pal.writeUInt32LE(40, 14);
    pal.writeInt32LE(w, 18);
    pal.writeInt32LE(h, 22);
    pal.writeUInt16LE(1, 26);
    pal.writeUInt16LE(8, 28);
    pal.writeUInt32LE(256, 46);
    pal.writeUInt32LE(0x00ff0000, 54 + 4 * 7); // palette[7] = red (BGRA little endian: B=0,G=0,R=255)
    pal[14 + 40 + 1024] = 7; // bottom row, first pixel
    const img = decodeBmp(pal);
    assert.deepEqual([...img.data.subarray(1 * w * 3, 1 * w * 3 + 3)], [255, 0, 0]);

    const top = Buffer.alloc(54 + w * h * 4);
    top.write('BM', 0, 'ascii');
    top.writeUInt32LE(54, 10);
    top.writeUInt32LE(40, 14);
    top.writeInt32LE(w, 18);
    top.writeInt32LE(-h, 22);
    top.writeUInt16LE(32, 28);
    top.writeUInt32LE(0x00112233, 54); // first pixel of the top row: B=33 G=22 R=11
    assert.deepEqual([...decodeBmp(top).data.subarray(0, 3)], [0x11, 0x22, 0x33]);
  });

  it('refuses empty bytes, text, a truncated JPEG and a damaged BMP with NOT_AN_IMAGE', async () => {
    assert.equal(await reasonOf(decodeImage(Buffer.alloc(0), 'f')), 'NOT_AN_IMAGE');
    assert.equal(await reasonOf(decodeImage(Buffer.from('hello, I am a text file renamed .jpg\n'), 'f')), 'NOT_AN_IMAGE');
    assert.equal(await reasonOf(decodeImage(photo.subarray(0, Math.floor(photo.length / 2)), 'f')), 'NOT_AN_IMAGE');
    assert.equal(await reasonOf(decodeImage(photo.subarray(0, 200), 'f')), 'NOT_AN_IMAGE');
    const bmp = encodeBmp(await decodeImage(photo, 'f'));
    assert.equal(await reasonOf(decodeImage(bmp.subarray(0, 1000), 'f')), 'NOT_AN_IMAGE');
  });

  it('refuses a 20000×20000 PNG bomb with IMAGE_TOO_LARGE before decoding it', async () => {
    const bomb = pngBomb();
    assert.ok(bomb.length < 100_000, 'the bomb is small on the wire');
    const before = process.memoryUsage().rss;
    assert.equal(await reasonOf(decodeImage(bomb, 'f')), 'IMAGE_TOO_LARGE');
    assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'the bomb was not decoded');
  });

  it('refuses too many bytes with IMAGE_TOO_LARGE', async () => {
    assert.equal(await reasonOf(decodeImage(photo, 'f', { maxBytes: 1000, maxPixels: 16e6 })), 'IMAGE_TOO_LARGE');
  });

  it('names the field in its message', async () => {
    await assert.rejects(decodeImage(Buffer.from('x'), 'card_image_base64'), /card_image_base64/);
  });
});
