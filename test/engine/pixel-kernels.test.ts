// The C pixel kernels (native/image-kernels), the only implementation of halving, resampling,
// warps and blur, and the TypeScript planar tensors: their outputs on real photos are pinned bit for
// bit (sha256 prefixes recorded when the TypeScript reference, the scalar C and the AVX C still
// existed and agreed; every embedding of the face set depends on them), generated inputs keep the
// operations' invariants, and bad arguments are refused with an error instead of a crash.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeImage } from '../../main/engine/image/decode.js';
import { kernels as k, KERNELS_REASON } from '../../main/engine/image/pixel-kernels.js';
import { toPlanar, triangleTaps } from '../../main/engine/image/raster.js';
import { gaussianKernel } from '../../main/engine/image/filters.js';
import { faceBytes } from '../helpers/faces.js';

const PINNED: Record<string, Record<string, string>> = {
  'dev/p01/img11.jpg': {
    halve: '290e64e5fdf038a5',
    'resize 320x240': 'cfd25d846aff7e27',
    'resize 97x131': 'd791fa8c710d69d4',
    'resize 1201x807': '43a5bda87496bdae',
    'warp n1 s0.4': '074887c2684f58fc',
    'crop n1 s0.4': '9590f38e89f4cdad',
    'warp n1 s1': '8bf9bba26d72abfc',
    'crop n1 s1': '21efbb4721b9c024',
    'warp n1 s2.7': 'd8dd77d6053dff91',
    'crop n1 s2.7': 'aace5410908e7b0b',
    'warp n2 s0.4': '4c6f51ba9e35ed60',
    'crop n2 s0.4': '3a1a75ee10a3a6ef',
    'warp n2 s1': 'f6937bde9ce39835',
    'crop n2 s1': 'd5c7d15db070fbfb',
    'warp n2 s2.7': '30fa0e9ccb78f68f',
    'crop n2 s2.7': 'dfbf53fa6d7f0e66',
    'warp n3 s0.4': '38a1d34ebb0d52a8',
    'crop n3 s0.4': '978098c01e50049c',
    'warp n3 s1': '5b83e98cce09c0b9',
    'crop n3 s1': '89892cae9de0bd1c',
    'warp n3 s2.7': '4b1ea74435eb48cc',
    'crop n3 s2.7': '05f19f7f3c9612d1',
    'warp n4 s0.4': 'c643f0cd49ec9a9e',
    'crop n4 s0.4': '1721ba79bb390f86',
    'warp n4 s1': 'd94ddc2914b0ec8a',
    'crop n4 s1': '8d1efda905ad832f',
    'warp n4 s2.7': '3cee394e9212701e',
    'crop n4 s2.7': '7145eeb2d36255f0',
    'degenerate [1e+300, 0, 0, 0, 1e+300, 0] n1': 'e2f2bb16b9ac64ac',
    'degenerate [1e+300, 0, 0, 0, 1e+300, 0] n2': 'fafe81c21065c5c9',
    'degenerate [1, 0, 4611686018427388000, 0, 1, -9223372036854776000] n1': 'fafe81c21065c5c9',
    'degenerate [1, 0, 4611686018427388000, 0, 1, -9223372036854776000] n2': 'fafe81c21065c5c9',
    'degenerate [1, 0.2, 100000000000000000, -0.2, 1, 3] n1': 'fafe81c21065c5c9',
    'degenerate [1, 0.2, 100000000000000000, -0.2, 1, 3] n2': 'fafe81c21065c5c9',
    'blur 0.5': '83161052e96adc18',
    'blur 0.8': 'b8893276a0de9b96',
    'blur 2': '618e96ae6193866f',
    planar: '7d0006f4c2c16203',
  },
  'dev/p10/img46.jpg': {
    halve: 'e10bae3db39c02ef',
    'resize 320x240': '98341469f3f7fef1',
    'resize 97x131': '49eb44dd9591b37a',
    'resize 801x507': 'bf2542cfb7c28a0a',
    'warp n1 s0.4': '3fb8a628899987f5',
    'crop n1 s0.4': '6166c47ace6349b3',
    'warp n1 s1': '44c8722200e94731',
    'crop n1 s1': '6f8cec921512e31c',
    'warp n1 s2.7': '68abdd011ee47c85',
    'crop n1 s2.7': '7fa9bbac14c58ba8',
    'warp n2 s0.4': 'f625a331d480a182',
    'crop n2 s0.4': '37bc090e88e47ed2',
    'warp n2 s1': 'b41ffea9b740231d',
    'crop n2 s1': 'd8c50a1e062ddfc6',
    'warp n2 s2.7': '6e2a8f1de5dc5dfd',
    'crop n2 s2.7': '04d9327d7975a659',
    'warp n3 s0.4': 'ea10351c922d0e9e',
    'crop n3 s0.4': '3927f4a8ccabf6cf',
    'warp n3 s1': '68634d8483682d91',
    'crop n3 s1': 'a46f89e4000ce619',
    'warp n3 s2.7': '993a1ab0ef9fb70a',
    'crop n3 s2.7': '8a482e4330ae739b',
    'warp n4 s0.4': '5b8766a5f91e862b',
    'crop n4 s0.4': 'b9785232973a6724',
    'warp n4 s1': '68ccacb14abe4e36',
    'crop n4 s1': '57f36e829a340503',
    'warp n4 s2.7': '9315574016bc22f1',
    'crop n4 s2.7': 'e05ba0c76ba7fd8a',
    'degenerate [1e+300, 0, 0, 0, 1e+300, 0] n1': '5fddec0d5aef05ed',
    'degenerate [1e+300, 0, 0, 0, 1e+300, 0] n2': 'fafe81c21065c5c9',
    'degenerate [1, 0, 4611686018427388000, 0, 1, -9223372036854776000] n1': 'fafe81c21065c5c9',
    'degenerate [1, 0, 4611686018427388000, 0, 1, -9223372036854776000] n2': 'fafe81c21065c5c9',
    'degenerate [1, 0.2, 100000000000000000, -0.2, 1, 3] n1': 'fafe81c21065c5c9',
    'degenerate [1, 0.2, 100000000000000000, -0.2, 1, 3] n2': 'fafe81c21065c5c9',
    'blur 0.5': '575d5802a2b98d55',
    'blur 0.8': '39d7ed235b25a93b',
    'blur 2': '75371f5653c91aaa',
    planar: 'ed84da0f899d3644',
  },
};

const sha = (a: Uint8Array | Float32Array) =>
  createHash('sha256')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex')
    .slice(0, 16);

/** Every operation on one photo, in the cases the pinned hashes were recorded for. */
function outputs(src: Uint8Array, sw: number, sh: number): Record<string, string> {
  const out: Record<string, string> = {};
  let o = new Uint8Array((sw >> 1) * (sh >> 1) * 3);
  k.halve(src, sw, sh, o);
  out.halve = sha(o);
  for (const [w, h] of [
    [320, 240],
    [97, 131],
    [sw * 2 + 1, sh + 7],
  ] as const) {
    const tx = triangleTaps(sw, w),
      ty = triangleTaps(sh, h);
    o = new Uint8Array(w * h * 3);
    k.resizeTriangle(src, sw, sh, w, h, tx.start, tx.index, tx.weight, ty.start, ty.index, ty.weight, o);
    out[`resize ${w}x${h}`] = sha(o);
  }
  const c = Math.cos(0.3),
    s = Math.sin(0.3);
  for (const n of [1, 2, 3, 4])
    for (const scale of [0.4, 1, 2.7]) {
      // Rotated and shifted so that part of the output falls outside the photo (the fill path).
      o = new Uint8Array(112 * 112 * 3);
      k.warpAffine(src, sw, sh, Float64Array.from([scale * c, -scale * s, sw * 0.6, scale * s, scale * c, -20]), 112, 112, 200, n, o);
      out[`warp n${n} s${scale}`] = sha(o);
      // Axis-aligned (the crops' fast path), partly outside the photo.
      o = new Uint8Array(64 * 64 * 3);
      k.warpAffine(src, sw, sh, Float64Array.from([scale, 0, -15.5, 0, scale * 1.1, sh - 100]), 64, 64, 127, n, o);
      out[`crop n${n} s${scale}`] = sha(o);
    }
  // Degenerate transforms (a similarity fitted to coincident points is NaN; huge or infinite
  // coordinates): NaN sums are stored as 0 (as a typed array stores NaN), the rest pinned.
  for (const m of [
    [NaN, 0, 0, 0, NaN, 0],
    [Infinity, 0, 0, 0, 1, 0],
    [1, 0.5, -Infinity, 0, 1, 0],
    [1e300, 0, 0, 0, 1e300, 0],
    [1, 0, 2 ** 62, 0, 1, -(2 ** 63)],
    [1, 0.2, 1e17, -0.2, 1, 3],
  ])
    for (const n of [1, 2]) {
      o = new Uint8Array(16 * 16 * 3);
      k.warpAffine(src, sw, sh, Float64Array.from(m), 16, 16, 200, n, o);
      if (m.some((v) => !Number.isFinite(v)))
        assert.ok(
          o.every((v) => v === 0),
          `degenerate [${m.join(', ')}] n${n}: all 0`,
        );
      else out[`degenerate [${m.join(', ')}] n${n}`] = sha(o);
    }
  for (const sigma of [0.5, 0.8, 2]) {
    o = new Uint8Array(src.length);
    k.gaussianBlur(src, sw, sh, gaussianKernel(sigma), o);
    out[`blur ${sigma}`] = sha(o);
  }
  out.planar = sha(toPlanar({ width: sw, height: sh, data: src }, [123.675, 116.28, 103.53], [58.395, 57.12, 57.375], 'RGB'));
  return out;
}

it('the engine loads the C kernels that npm install builds', () => {
  assert.ok(existsSync(KERNELS_REASON), KERNELS_REASON);
});

describe('pixel kernels', () => {
  for (const photo of Object.keys(PINNED)) {
    it(`give the pinned bits on a real photo (${photo}): halve, resize down and up, warps with every supersampling, blur, planar`, async () => {
      const img = await decodeImage(faceBytes(photo), photo);
      const got = outputs(img.data, img.width, img.height);
      assert.deepEqual(Object.keys(got).sort(), Object.keys(PINNED[photo]!).sort(), 'every case is pinned');
      for (const [what, want] of Object.entries(PINNED[photo]!)) assert.equal(got[what], want, `${photo}: ${what}`);
    });
  }

  it('keep their invariants on generated images, sizes and transforms', () => {
    const image = fc
      .record({ w: fc.integer({ min: 2, max: 40 }), h: fc.integer({ min: 2, max: 40 }), seed: fc.integer() })
      .map(({ w, h, seed }) => {
        const data = new Uint8Array(w * h * 3);
        let x = seed | 0;
        for (let i = 0; i < data.length; i++) data[i] = (x = (Math.imul(x, 1103515245) + 12345) | 0) >>> 24;
        return { w, h, data };
      });
    fc.assert(
      fc.property(
        image,
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (im, v, n, w, h) => {
          const flat = new Uint8Array(im.data.length).fill(v);
          const tx = triangleTaps(im.w, w),
            ty = triangleTaps(im.h, h);
          // A flat image stays flat through every operation.
          const r = new Uint8Array(w * h * 3);
          k.resizeTriangle(flat, im.w, im.h, w, h, tx.start, tx.index, tx.weight, ty.start, ty.index, ty.weight, r);
          assert.ok(
            r.every((x) => x === v),
            'resize of a flat image',
          );
          const hv = new Uint8Array((im.w >> 1) * (im.h >> 1) * 3);
          k.halve(flat, im.w, im.h, hv);
          assert.ok(
            hv.every((x) => x === v),
            'halve of a flat image',
          );
          const g = new Uint8Array(flat.length);
          k.gaussianBlur(flat, im.w, im.h, gaussianKernel(0.3 + n / 2), g);
          assert.ok(
            g.every((x) => Math.abs(x - v) <= 1),
            'blur of a flat image',
          );
          // The identity warp reproduces the image; a warp that only looks outside it gives the fill.
          const id = new Uint8Array(im.data.length);
          k.warpAffine(im.data, im.w, im.h, Float64Array.from([1, 0, 0, 0, 1, 0]), im.w, im.h, 17, 1, id);
          assert.deepEqual(id, im.data, 'identity warp');
          const away = new Uint8Array(w * h * 3);
          k.warpAffine(im.data, im.w, im.h, Float64Array.from([1, 0.1, 1000, 0, 1, -1000]), w, h, v, n, away);
          assert.ok(
            away.every((x) => x === v),
            'warp outside the image',
          );
          // Resampling to the same size with the triangle filter is the identity.
          const same = new Uint8Array(im.data.length),
            sx = triangleTaps(im.w, im.w),
            sy = triangleTaps(im.h, im.h);
          k.resizeTriangle(im.data, im.w, im.h, im.w, im.h, sx.start, sx.index, sx.weight, sy.start, sy.index, sy.weight, same);
          assert.deepEqual(same, im.data, 'resize to the same size');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuse bad arguments with an error, never reading or writing out of bounds', () => {
    const src = new Uint8Array(10 * 10 * 3),
      small = new Uint8Array(3);
    assert.throws(() => k.halve(src, 10, 10, small), /IMAGE_KERNEL_ARGS|halve/);
    assert.throws(() => k.halve(src, 100, 100, new Uint8Array(50 * 50 * 3)), /buffer sizes/);
    assert.throws(() => k.warpAffine(src, 10, 10, new Float64Array(5), 4, 4, 0, 1, new Uint8Array(48)), /warpAffine/);
    assert.throws(() => k.warpAffine(src, 10, 10, new Float64Array(6), 4, 4, 0, 0, new Uint8Array(48)), /warpAffine/);
    const bad = { start: Int32Array.from([0, 1]), index: Int32Array.from([99]), weight: Float32Array.from([1]) };
    assert.throws(
      () =>
        k.resizeTriangle(
          src,
          10,
          10,
          1,
          1,
          bad.start,
          bad.index,
          bad.weight,
          bad.start,
          Int32Array.from([0]),
          bad.weight,
          new Uint8Array(3),
        ),
      /out of range/,
    );
    assert.throws(() => k.gaussianBlur(src, 10, 10, new Float32Array(2), new Uint8Array(300)), /gaussianBlur/);
    // @ts-expect-error wrong type on purpose
    assert.throws(() => k.gaussianBlur('not a buffer', 10, 10, new Float32Array(3), new Uint8Array(300)), /gaussianBlur/);
  });
});
