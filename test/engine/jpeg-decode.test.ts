// The C kernels' common-case JPEG decoder (native/image-kernels/src/jpeg-baseline.c) against
// libvips (sharp), the reference: the same pixels byte for byte for every JPEG it takes — real
// photos, chip-like card photos, camera-like frames, greyscale, 4:4:4, 4:2:2, restart markers, with
// its AVX2 colour conversion and with its scalar one — and
// a clean decline for everything else (progressive, rotated by EXIF, ICC profile, damaged data), which
// libvips then decodes or refuses exactly as before.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';
import { decodeImage } from '../../main/engine/image/decode.js';
import { KERNELS_REASON, loadNativeKernels } from '../../main/engine/image/pixel-kernels.js';
import type { RgbImage } from '../../main/engine/image/raster.js';
import { face, faceBytes } from '../helpers/faces.js';
import { alsoWithoutSimd } from '../helpers/scalar-rerun.js';

const native = loadNativeKernels().kernels;
const LIMIT = 80e6;

async function viaLibvips(bytes: Uint8Array): Promise<RgbImage> {
  const { data, info } = await sharp(bytes, { failOn: 'truncated' }).rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

function samePixels(a: RgbImage, b: RgbImage, what: string) {
  assert.deepEqual([a.width, a.height], [b.width, b.height], `${what}: size`);
  const i = a.data.findIndex((v, k) => v !== b.data[k]);
  assert.equal(i, -1, `${what}: first different byte at ${i} (pixel ${Math.floor(i / 3) % a.width},${Math.floor(i / 3 / a.width)})`);
}

/** Decodes with the C decoder, which must take it, and checks it against libvips. */
async function takenAndExact(bytes: Uint8Array, what: string) {
  const fast = native!.decodeJpeg(bytes, LIMIT);
  assert.notEqual(typeof fast, 'string', `${what}: declined (${String(fast)})`);
  samePixels(fast as RgbImage, await viaLibvips(bytes), what);
}

const declined = (bytes: Uint8Array) => native!.decodeJpeg(bytes, LIMIT);

const hasCjpeg = (() => {
  try {
    execFileSync('cjpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** libjpeg-turbo's own encoder (cjpeg) for what sharp cannot write: restart markers, 4:2:2, 4:4:0. */
function cjpeg(rgb: RgbImage, args: string[]): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'cjpeg-'));
  try {
    const ppm = path.join(dir, 'in.ppm');
    writeFileSync(ppm, Buffer.concat([Buffer.from(`P6\n${rgb.width} ${rgb.height}\n255\n`), rgb.data]));
    return execFileSync('cjpeg', [...args, ppm], { maxBuffer: 1 << 26 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('JPEG decoder: same pixels as libvips, or declines', { skip: native ? false : `native kernels not built: ${KERNELS_REASON}` }, () => {
  it('every photo of the face set is decoded exactly or declined for a stated reason', async () => {
    const reasons = new Map<string, number>();
    let taken = 0;
    for (const person of readdirSync(face('dev'))) {
      for (const file of readdirSync(face(`dev/${person}`))) {
        const bytes = faceBytes(`dev/${person}/${file}`);
        if (bytes[0] !== 0xff || bytes[1] !== 0xd8) continue; // not a JPEG
        const fast = declined(bytes);
        if (typeof fast === 'string') {
          reasons.set(fast, (reasons.get(fast) ?? 0) + 1);
          continue;
        }
        samePixels(fast, await viaLibvips(bytes), file);
        taken++;
      }
    }
    assert.ok(taken >= 15, `only ${taken} photos taken; declined: ${JSON.stringify([...reasons])}`);
    for (const r of reasons.keys()) assert.match(r, /ICC profile|progressive|Adobe|EXIF orientation/);
  });

  it('chip-like card photos and camera-like frames at every quality, 4:2:0 and 4:4:4, greyscale', async () => {
    for (const rel of ['dev/p01/img10.jpg', 'dev/p03/img47.jpg', 'dev/p10/img43.jpg', 'extra/couple.jpg']) {
      const src = sharp(faceBytes(rel)).rotate();
      for (const q of [5, 10, 20, 30, 50, 85, 100]) {
        await takenAndExact(await src.clone().resize(102, 126, { fit: 'cover' }).jpeg({ quality: q }).toBuffer(), `${rel} card q${q}`);
      }
      await takenAndExact(await src.clone().resize(640, 480, { fit: 'contain' }).jpeg({ quality: 90 }).toBuffer(), `${rel} frame`);
      await takenAndExact(await src.clone().resize({ width: 333 }).jpeg({ quality: 75, chromaSubsampling: '4:4:4' }).toBuffer(), `${rel} 4:4:4 odd width`);
      await takenAndExact(await src.clone().resize({ height: 257 }).greyscale().jpeg({ quality: 60 }).toBuffer(), `${rel} greyscale`);
    }
  });

  it('restart markers, 4:2:2, 16-bit quantisation tables and optimised Huffman tables (libjpeg-turbo cjpeg)', { skip: hasCjpeg ? false : 'cjpeg not installed (Debian libjpeg-turbo-progs; .ci/run installs it)' }, async () => {
    const rgb = await viaLibvips(await sharp(faceBytes('dev/p05/img16.jpg')).rotate().resize({ width: 301 }).jpeg({ quality: 95 }).toBuffer());
    for (const args of [['-restart', '1'], ['-restart', '3B', '-quality', '30'], ['-sample', '2x1'], ['-sample', '2x1', '-restart', '2'], ['-quality', '3'], ['-optimize', '-quality', '97'], ['-grayscale', '-restart', '1']]) {
      await takenAndExact(cjpeg(rgb, args), `cjpeg ${args.join(' ')}`);
    }
    assert.equal(declined(cjpeg(rgb, ['-sample', '1x2'])), 'unusual chroma sampling');
    assert.equal(declined(cjpeg(rgb, ['-rgb'])), 'Adobe colour transform');
    assert.match(String(declined(cjpeg(rgb, ['-progressive']))), /progressive/);
  });

  it('declines what it does not take, and decodeImage still gives libvips pixels for it', async () => {
    const photo = faceBytes('dev/p01/img11.jpg');
    const cases: [string, Buffer, RegExp][] = [
      ['progressive', await sharp(photo).resize({ width: 200 }).jpeg({ progressive: true }).toBuffer(), /progressive/],
      ['EXIF orientation 6', await sharp(photo).resize({ width: 200 }).jpeg().withMetadata({ orientation: 6 }).toBuffer(), /EXIF orientation/],
      ['ICC profile', await sharp(photo).resize({ width: 200 }).jpeg().withIccProfile('p3').toBuffer(), /ICC profile/],
      ['tiny', await sharp(photo).resize(12, 12).jpeg().toBuffer(), /smaller than 16/],
    ];
    for (const [what, bytes, why] of cases) {
      assert.match(String(declined(bytes)), why, what);
      const img = await decodeImage(bytes, 'f');
      samePixels(img, await viaLibvips(bytes), `${what} through decodeImage`);
    }
    const upright = await sharp(photo).resize({ width: 200 }).toBuffer({ resolveWithObject: true });
    const rotated = await decodeImage(cases[1]![1], 'f');
    assert.deepEqual([rotated.width, rotated.height], [upright.info.height, upright.info.width], 'the EXIF rotation is still applied');
    const baseline = await sharp(photo).resize({ width: 200 }).jpeg().toBuffer();
    assert.equal(typeof native!.decodeJpeg(baseline, LIMIT), 'object');
    assert.match(String(native!.decodeJpeg(baseline, 1000)), /more pixels than the limit/);
  });

  it('damaged data: never a crash; whatever it takes, libvips decodes to the same pixels', async () => {
    const sources = [
      await sharp(faceBytes('dev/p02/img3.jpg')).rotate().resize(102, 126, { fit: 'cover' }).jpeg({ quality: 20 }).toBuffer(),
      await sharp(faceBytes('dev/p07/img20.jpg')).rotate().resize({ width: 320 }).jpeg({ quality: 85 }).toBuffer(),
    ];
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        async (which, edits, cut) => {
          const src = sources[which]!;
          const bytes = Buffer.from(cut === null ? src : src.subarray(0, Math.floor(cut * src.length)));
          for (const [at, v] of edits) if (bytes.length) bytes[Math.floor(at * (bytes.length - 1))] = v;
          const fast = native!.decodeJpeg(bytes, LIMIT);
          if (typeof fast === 'string') return;
          taken++;
          samePixels(fast, await viaLibvips(bytes), 'damaged but taken');
        },
      ),
      { numRuns: 400, seed: 20261125 },
    );
    assert.ok(taken > 0, 'some damaged files still decode (changes inside the entropy-coded data)');
  });

  it('declines an over-subscribed Huffman table before building it', async () => {
    const bytes = Buffer.from(await sharp(faceBytes('dev/p01/img10.jpg')).resize({ width: 120 }).jpeg({ quality: 50 }).toBuffer());
    const dht = bytes.indexOf(Buffer.from([0xff, 0xc4]));
    assert.ok(dht > 0);
    const counts = dht + 5; // 16 code-length counts follow the segment length and the class/id byte
    const total = bytes.subarray(counts, counts + 16).reduce((a, b) => a + b, 0);
    assert.ok(total >= 8);
    for (const l of [1, 2, 3]) {
      // The same symbols, all given codes of length l: more codes than that length has.
      const bad = Buffer.from(bytes);
      bad[dht + 4] = 0x13; // AC table 3, the last in the decoder's state: an overflow would leave the allocation
      bad.fill(0, counts, counts + 16);
      bad[counts + l - 1] = total;
      assert.equal(native!.decodeJpeg(bad, LIMIT), 'bad Huffman table', `${total} codes of length ${l}`);
    }
  });

  it('refuses bad arguments with an error', () => {
    // @ts-expect-error wrong type on purpose
    assert.throws(() => native!.decodeJpeg('not bytes', 100), /decodeJpeg/);
    // @ts-expect-error missing argument on purpose
    assert.throws(() => native!.decodeJpeg(new Uint8Array(4)), /decodeJpeg/);
    assert.equal(typeof native!.decodeJpeg(new Uint8Array(0), 100), 'string');
  });
});

// Where the CPU has AVX2 the decoder runs its IDCT eight columns at a time and converts YCbCr to RGB
// 16 pixels at a time; the scalar loops must stay exact too.
alsoWithoutSimd(import.meta.url, /avx2/);

const hasCc = spawnSync('cc', ['--version']).status === 0;
it('the AVX2 IDCT (32-bit lanes) equals the scalar one (64-bit): 2 million random blocks over the accepted range, and each pass at its bounds', { skip: !hasCc ? 'no C compiler' : process.env.SOPHONMATCH_NO_AVX || !/avx2/.test(native?.simd?.() ?? '') ? 'no AVX2 here' : false }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'idct-'));
  try {
    const src = path.resolve(import.meta.dirname, '../../native/image-kernels');
    const exe = path.join(dir, 'idct-differential');
    execFileSync('cc', ['-O2', '-ffp-contract=off', '-o', exe, path.join(src, 'test/idct-differential.c'), path.join(src, 'src/cpu-features.c')]);
    const r = spawnSync(exe, ['2000000'], { encoding: 'utf8' });
    const report = JSON.parse(r.stdout) as { blocks: number; taken: number; declined: number; wide_rows: number; differ: number; pass_values: number; pass_differ: number };
    assert.equal(r.status, 0, r.stdout);
    assert.equal(report.differ, 0, r.stdout);
    assert.ok(report.taken > 100_000 && report.declined > 100_000, `both outcomes exercised: ${r.stdout}`);
    assert.ok(report.wide_rows > 10_000, `column outputs in the upper half of the row pass's range exercised: ${r.stdout}`);
    assert.equal(report.pass_differ, 0, `each pass alone, at the bounds of its range: ${r.stdout}`);
    assert.ok(report.pass_values > 1_000_000, r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
