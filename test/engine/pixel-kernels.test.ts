// The C pixel kernels (native/image-kernels) against their TypeScript reference: bit-identical
// outputs on real photos and on generated inputs, and bad arguments refused with an error instead
// of a crash. `npm install` builds the kernels; without them the engine is slower, not different.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeImage } from '../../main/engine/image/decode.js';
import { jsKernels, KERNELS_IMPL, KERNELS_REASON, loadNativeKernels, type PixelKernels } from '../../main/engine/image/pixel-kernels.js';
import { resize, triangleTaps } from '../../main/engine/image/raster.js';
import { gaussianKernel } from '../../main/engine/image/filters.js';
import { faceBytes } from '../helpers/faces.js';
import { alsoWithoutSimd } from '../helpers/scalar-rerun.js';

const native = loadNativeKernels().kernels;

/** Runs one kernel call on both implementations with fresh output buffers; returns both outputs. */
function both<T extends Uint8Array | Float32Array>(make: () => T, call: (k: PixelKernels, out: T) => void): [T, T] {
  const a = make(), b = make();
  call(jsKernels, a);
  call(native!, b);
  return [a, b];
}

const sameBytes = (a: Uint8Array | Float32Array, b: Uint8Array | Float32Array, what: string) => {
  assert.equal(a.length, b.length, what);
  const ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  const i = ua.findIndex((v, k) => v !== ub[k]);
  assert.equal(i, -1, `${what}: first difference at byte ${i}`);
};

// Outside the suite below, which is skipped without the C kernels: here their absence fails.
it('the engine runs the C kernels after npm install', () => {
  assert.equal(KERNELS_IMPL, process.env.SOPHONMATCH_IMAGE_KERNELS === 'js' ? 'js' : 'native', KERNELS_REASON);
});

describe('pixel kernels: C twin of the TypeScript reference', { skip: native ? false : `native kernels not built: ${KERNELS_REASON}` }, () => {
  it('is bit-identical on a real photo: halve, resize down and up, warps with every supersampling, blur, planar', async () => {
    const img = await decodeImage(faceBytes('dev/p01/img11.jpg'), 'f');
    const { width: sw, height: sh, data: src } = img;
    const [h1, h2] = both(() => new Uint8Array((sw >> 1) * (sh >> 1) * 3), (k, o) => k.halve(src, sw, sh, o));
    sameBytes(h1, h2, 'halve');
    for (const [w, h] of [[320, 240], [97, 131], [sw * 2 + 1, sh + 7]] as const) {
      const tx = triangleTaps(sw, w), ty = triangleTaps(sh, h);
      const [a, b] = both(() => new Uint8Array(w * h * 3), (k, o) => k.resizeTriangle(src, sw, sh, w, h, tx.start, tx.index, tx.weight, ty.start, ty.index, ty.weight, o));
      sameBytes(a, b, `resize ${w}×${h}`);
    }
    const c = Math.cos(0.3), s = Math.sin(0.3);
    for (const n of [1, 2, 3, 4]) {
      for (const scale of [0.4, 1, 2.7]) {
        // Rotated and shifted so that part of the output falls outside the photo (the fill path).
        const inv = Float64Array.from([scale * c, -scale * s, sw * 0.6, scale * s, scale * c, -20]);
        const [a, b] = both(() => new Uint8Array(112 * 112 * 3), (k, o) => k.warpAffine(src, sw, sh, inv, 112, 112, 200, n, o));
        sameBytes(a, b, `warp n=${n} scale=${scale}`);
        // Axis-aligned (the crops' fast path), partly outside the photo.
        const crop = Float64Array.from([scale, 0, -15.5, 0, scale * 1.1, sh - 100]);
        const [c1, c2] = both(() => new Uint8Array(64 * 64 * 3), (k, o) => k.warpAffine(src, sw, sh, crop, 64, 64, 127, n, o));
        sameBytes(c1, c2, `crop n=${n} scale=${scale}`);
      }
    }
    // Degenerate transforms (a similarity fitted to coincident points is NaN; huge or infinite
    // coordinates): the same pixels as the reference, and no read outside the photo.
    for (const m of [[NaN, 0, 0, 0, NaN, 0], [Infinity, 0, 0, 0, 1, 0], [1, 0.5, -Infinity, 0, 1, 0], [1e300, 0, 0, 0, 1e300, 0], [1, 0, 2 ** 62, 0, 1, -(2 ** 63)], [1, 0.2, 1e17, -0.2, 1, 3]]) {
      const inv = Float64Array.from(m);
      for (const n of [1, 2]) {
        const [a, b] = both(() => new Uint8Array(16 * 16 * 3), (k, o) => k.warpAffine(src, sw, sh, inv, 16, 16, 200, n, o));
        sameBytes(a, b, `warp [${m.join(', ')}] n=${n}`);
      }
    }
    for (const sigma of [0.5, 0.8, 2]) {
      const [a, b] = both(() => new Uint8Array(src.length), (k, o) => k.gaussianBlur(src, sw, sh, gaussianKernel(sigma), o));
      sameBytes(a, b, `blur σ=${sigma}`);
    }
    const [p1, p2] = both(() => new Float32Array(sw * sh * 3), (k, o) => k.toPlanar(src, sw * sh, 123.675, 116.28, 103.53, 1 / 58.395, 1 / 57.12, 1 / 57.375, o));
    sameBytes(p1, p2, 'toPlanar');
  });

  it('is bit-identical on generated images, sizes and transforms', () => {
    const image = fc.record({ w: fc.integer({ min: 2, max: 40 }), h: fc.integer({ min: 2, max: 40 }), seed: fc.integer() }).map(({ w, h, seed }) => {
      const data = new Uint8Array(w * h * 3);
      let x = seed | 0;
      for (let i = 0; i < data.length; i++) data[i] = (x = (Math.imul(x, 1103515245) + 12345) | 0) >>> 24;
      return { w, h, data };
    });
    // Mostly ordinary coefficients, now and then a degenerate one (NaN, ±∞, huge).
    const coef = fc.oneof(
      { arbitrary: fc.double({ min: -50, max: 50, noNaN: true }), weight: 20 },
      { arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e300, -1e300, 2 ** 60), weight: 1 },
    );
    // General affines, and axis-aligned ones (b = d = 0: the crops' fast path in C).
    const affine = fc.oneof(
      fc.array(coef, { minLength: 6, maxLength: 6 }),
      fc.tuple(coef, coef, coef, coef).map(([a, c, e, f]) => [a, 0, c, 0, e, f]),
    );
    fc.assert(
      fc.property(image, affine, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (im, m, n, w, h) => {
        const [a, b] = both(() => new Uint8Array(w * h * 3), (k, o) => k.warpAffine(im.data, im.w, im.h, Float64Array.from(m), w, h, 17, n, o));
        sameBytes(a, b, 'warp');
        const tx = triangleTaps(im.w, w), ty = triangleTaps(im.h, h);
        const [r1, r2] = both(() => new Uint8Array(w * h * 3), (k, o) => k.resizeTriangle(im.data, im.w, im.h, w, h, tx.start, tx.index, tx.weight, ty.start, ty.index, ty.weight, o));
        sameBytes(r1, r2, 'resize');
        const [h1, h2] = both(() => new Uint8Array((im.w >> 1) * (im.h >> 1) * 3), (k, o) => k.halve(im.data, im.w, im.h, o));
        sameBytes(h1, h2, 'halve');
        const [g1, g2] = both(() => new Uint8Array(im.data.length), (k, o) => k.gaussianBlur(im.data, im.w, im.h, gaussianKernel(0.3 + n / 2), o));
        sameBytes(g1, g2, 'blur');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses bad arguments with an error, never reading or writing out of bounds', () => {
    const src = new Uint8Array(10 * 10 * 3), small = new Uint8Array(3);
    assert.throws(() => native!.halve(src, 10, 10, small), /IMAGE_KERNEL_ARGS|halve/);
    assert.throws(() => native!.halve(src, 100, 100, new Uint8Array(50 * 50 * 3)), /buffer sizes/);
    assert.throws(() => native!.warpAffine(src, 10, 10, new Float64Array(5), 4, 4, 0, 1, new Uint8Array(48)), /warpAffine/);
    assert.throws(() => native!.warpAffine(src, 10, 10, new Float64Array(6), 4, 4, 0, 0, new Uint8Array(48)), /warpAffine/);
    const bad = { start: Int32Array.from([0, 1]), index: Int32Array.from([99]), weight: Float32Array.from([1]) };
    assert.throws(() => native!.resizeTriangle(src, 10, 10, 1, 1, bad.start, bad.index, bad.weight, bad.start, Int32Array.from([0]), bad.weight, new Uint8Array(3)), /out of range/);
    assert.throws(() => native!.gaussianBlur(src, 10, 10, new Float32Array(2), new Uint8Array(300)), /gaussianBlur/);
    assert.throws(() => native!.toPlanar(src, 100, 0, 0, 0, 1, 1, 1, new Float32Array(10)), /toPlanar/);
    // @ts-expect-error wrong type on purpose
    assert.throws(() => native!.toPlanar('not a buffer', 1, 0, 0, 0, 1, 1, 1, new Float32Array(3)), /toPlanar/);
  });

  it('the detector input of a camera frame is the same either way', async () => {
    const img = await decodeImage(faceBytes('dev/p01/img11.jpg'), 'f');
    const w = img.width >> 1, h = img.height >> 1;
    const viaRaster = resize(img, w, h);
    const ref = new Uint8Array(w * h * 3);
    jsKernels.halve(img.data, img.width, img.height, ref);
    sameBytes(viaRaster.data, ref, 'resize → halve');
  });
});

// Where the CPU has AVX the C kernels run their AVX loops; the scalar C loops must stay exact too.
alsoWithoutSimd(import.meta.url, /^avx/);
