// The face pipeline on real photos: detection picks the largest face, alignment and embedding make
// same-person pairs pass at the contract's middle threshold and different people fail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { SophonError } from '../../main/common/errors.js';
import { similarity, REFERENCE_5 } from '../../main/engine/align.js';
import { THRESHOLD_LEVELS } from '../../main/contracts/thresholds.js';
import { cardPhotoJpeg } from '../../main/engine/card-photo.js';
import { compareFaces } from '../../main/engine/compare.js';
import { FaceEngine } from '../../main/engine/face-engine.js';
import { decodeImage, DEFAULT_DECODE_LIMITS, PHOTO_SET_LIMITS } from '../../main/engine/image/decode.js';
import { faceBytes } from '../helpers/faces.js';

let engine: FaceEngine;
const limits = PHOTO_SET_LIMITS;
const live = (bytes: Uint8Array, role: 'card' | 'live' = 'live') =>
  engine.analyse({ role, field: 'f', bytes, embed: true, quality: 'full', liveness: false, limits });
const compare = (card: Uint8Array, face: Uint8Array, fiqa: 'no' | 'middle' = 'no') =>
  compareFaces(engine, engine.calibration, engine.modelId, { card, frames: [face], fiqa, limits });

before(async () => {
  engine = await FaceEngine.load({ intraOpThreads: 2 });
});
after(() => engine.close());

describe('detection', () => {
  it('finds the face in every dev photo it is given here, and its box is inside the image', async () => {
    for (const f of ['dev/p01/img1.jpg', 'dev/p05/img17.jpg', 'dev/p10/img43.jpg']) {
      const r = await live(faceBytes(f));
      assert.ok(r.found, f);
      assert.ok(r.box!.x1 >= 0 && r.box!.y1 >= 0 && r.box!.x2 <= r.width && r.box!.y2 <= r.height, f);
    }
  });

  it('picks the largest of several faces (couple, group selfie)', async () => {
    for (const f of ['extra/couple.jpg', 'extra/selfie-many-people.jpg']) {
      const r = await live(faceBytes(f));
      assert.ok(r.faces >= 2, `${f}: several faces detected`);
      const area = (r.box!.x2 - r.box!.x1) * (r.box!.y2 - r.box!.y1);
      assert.ok(area > 0);
      // The chosen subject is the largest: a crop of the photo around it compares as the same person.
      const img = await decodeImage(faceBytes(f), f, limits);
      const crop = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } })
        .extract({
          left: Math.round(r.box!.x1),
          top: Math.round(r.box!.y1),
          width: Math.round(r.box!.x2 - r.box!.x1),
          height: Math.round(r.box!.y2 - r.box!.y1),
        })
        .extend({ top: 60, bottom: 60, left: 60, right: 60, background: '#808080' })
        .jpeg()
        .toBuffer();
      const c = await live(crop);
      assert.ok(c.found);
      const cos = c.embedding!.reduce((s, v, i) => s + v * r.embedding![i]!, 0);
      assert.ok(cos > 0.5, `${f}: crop of the chosen face matches it (${cos})`);
    }
  });

  it('finds no face in a photo of a background and in a 1×1 image', async () => {
    const img = await sharp(faceBytes('dev/p02/img55.jpg')).extract({ left: 0, top: 0, width: 200, height: 200 }).jpeg().toBuffer();
    assert.equal((await live(img)).found, false);
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#c08060' } })
      .png()
      .toBuffer();
    assert.equal((await live(tiny)).found, false);
  });

  it('finds the face in a chip-like card photo even at JPEG quality 5', async () => {
    const src = faceBytes('dev/p03/img8.jpg');
    const r = await live(src);
    for (const q of [5, 10, 20, 50]) {
      const card = await cardPhotoJpeg(await decodeImage(src, 'f', limits), r.box!, q);
      const c = await live(card, 'card');
      assert.ok(c.found, `card at q${q}`);
      assert.equal(c.deblocked, q <= 15, `deblocking at q${q}`);
    }
  });
});

describe('alignment', () => {
  it('the similarity fit maps the reference onto itself and recovers a rotation and scale', () => {
    const id = similarity(REFERENCE_5, REFERENCE_5);
    [1, 0, 0, 0, 1, 0].forEach((v, i) => assert.ok(Math.abs(id[i]! - v) < 1e-9));
    const a = Math.PI / 7,
      s = 2.5;
    const moved = REFERENCE_5.map((p) => ({
      x: s * (Math.cos(a) * p.x - Math.sin(a) * p.y) + 10,
      y: s * (Math.sin(a) * p.x + Math.cos(a) * p.y) - 4,
    }));
    const back = similarity(moved, REFERENCE_5);
    const p = moved[2]!;
    const q = { x: back[0] * p.x + back[1] * p.y + back[2], y: back[3] * p.x + back[4] * p.y + back[5] };
    assert.ok(Math.hypot(q.x - REFERENCE_5[2]!.x, q.y - REFERENCE_5[2]!.y) < 1e-6);
  });
});

describe('compare', () => {
  it('same-person photos pass at middle; different people do not', async () => {
    const same = [
      ['dev/p01/img10.jpg', 'dev/p01/img11.jpg'],
      ['dev/p10/img42.jpg', 'dev/p10/img44.jpg'],
      ['dev/p13/img38.jpg', 'dev/p13/img39.jpg'],
    ];
    const diff = [
      ['dev/p01/img10.jpg', 'dev/p02/img3.jpg'],
      ['dev/p10/img42.jpg', 'dev/p13/img39.jpg'],
      ['dev/p05/img16.jpg', 'dev/p11/img29.jpg'],
    ];
    for (const [a, b] of same) {
      const o = await compare(faceBytes(a!), faceBytes(b!));
      assert.ok(o.score >= THRESHOLD_LEVELS.middle && o.same, `${a} vs ${b}: ${o.score}`);
    }
    for (const [a, b] of diff) {
      const o = await compare(faceBytes(a!), faceBytes(b!));
      assert.ok(o.score < THRESHOLD_LEVELS.middle && !o.same, `${a} vs ${b}: ${o.score}`);
    }
  });

  it('a card photo (q30) of a person scores higher against that person than against others', async () => {
    const src = faceBytes('dev/p10/img42.jpg');
    const r = await live(src);
    const card = await cardPhotoJpeg(await decodeImage(src, 'f', limits), r.box!, 30);
    const mine = await compare(card, faceBytes('dev/p10/img45.jpg'));
    const other = await compare(card, faceBytes('dev/p12/img36.jpg'));
    assert.ok(mine.cosine > other.cosine + 0.2, `${mine.cosine} vs ${other.cosine}`);
    assert.equal(other.same, false);
  });

  it('reports no face in either image with its own reason', async () => {
    const background = await sharp(faceBytes('dev/p02/img55.jpg')).extract({ left: 0, top: 0, width: 200, height: 200 }).jpeg().toBuffer();
    const person = faceBytes('dev/p01/img10.jpg');
    await assert.rejects(compare(background, person), (e: unknown) => e instanceof SophonError && e.reason === 'NO_FACE_IN_CARD_IMAGE');
    await assert.rejects(compare(person, background), (e: unknown) => e instanceof SophonError && e.reason === 'NO_FACE_IN_FACE_IMAGE');
  });

  it('refuses a blurred live photo at the middle quality gate, naming the measure, its value and bound', async () => {
    const blurred = await sharp(faceBytes('dev/p01/img10.jpg')).blur(8).jpeg().toBuffer();
    await assert.rejects(compare(faceBytes('dev/p01/img11.jpg'), blurred, 'middle'), (e: unknown) => {
      assert.ok(e instanceof SophonError);
      assert.equal(e.reason, 'FACE_QUALITY_TOO_LOW');
      const failed = (e.details as { failed: { measure: string; value: number; bound: { min?: number } }[] }).failed;
      const sharpness = failed.find((f) => f.measure === 'sharpness');
      assert.ok(sharpness && sharpness.value < sharpness.bound.min!, JSON.stringify(failed));
      return true;
    });
    // The sharp original passes the same gate.
    const ok = await compare(faceBytes('dev/p01/img11.jpg'), faceBytes('dev/p01/img10.jpg'), 'middle');
    assert.ok(ok.face.quality && ok.face.quality.yaw_deg !== null);
  });

  it('picks the best-quality frame of a burst', async () => {
    const good = faceBytes('dev/p01/img10.jpg');
    const blurred = await sharp(good).blur(6).jpeg().toBuffer();
    const o = await compareFaces(engine, engine.calibration, engine.modelId, {
      card: faceBytes('dev/p01/img11.jpg'),
      frames: [blurred, good, blurred],
      limits: DEFAULT_DECODE_LIMITS,
    });
    assert.equal(o.face.frame_index, 1);
    assert.equal(o.face.frames, 3);
  });

  it('records the model set id with every result', async () => {
    const o = await compare(faceBytes('dev/p01/img10.jpg'), faceBytes('dev/p01/img11.jpg'));
    assert.match(o.model, /^faceplugin-fr-0\.0\.1@[0-9a-f]{16}$/);
  });
});
