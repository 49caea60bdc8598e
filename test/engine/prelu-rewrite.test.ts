// The feature, liveness and MobileFaceNet models are installed with their PRelu nodes rewritten into
// operations ONNX Runtime keeps in its blocked layout (main/engine/models/prelu-rewrite.ts, run once
// by `npm run models`). The rewrite must not change one bit of any output: checked here on real
// face photos, the installed files against the models as their packages ship them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import onnxProto from 'onnx-proto';
import ort from 'onnxruntime-node';
import { decodeImage } from '../../main/engine/image/decode.js';
import { cropResize, toPlanar } from '../../main/engine/image/raster.js';
import { packageSpecOf, packTarball, readTarEntries, sha256 } from '../../main/engine/models/install.js';
import { loadModelSet, type ModelRole } from '../../main/engine/models/manifest.js';
import { rewritePRelu } from '../../main/engine/models/prelu-rewrite.js';
import { tfliteToOnnx } from '../../main/engine/models/tflite-to-onnx.js';
import { face } from '../helpers/faces.js';
import { tempDir } from '../helpers/tmp.js';

const set = loadModelSet();
const installed = (role: ModelRole) => readFileSync(set.pathOf(role));
/** One photo of each person in the development set, and two of the extra photos. */
const PHOTOS = [
  ...readdirSync(face('dev'))
    .sort()
    .map((person) => path.join('dev', person, readdirSync(face(path.join('dev', person))).sort()[0]!)),
  'extra/couple.jpg',
  'extra/selfie-many-people.jpg',
];

/** The model before the rewrite: the file its package ships (checked), with the steps of `prepare` before `prelu-rewrite`. */
function unrewritten(role: ModelRole): Uint8Array {
  const f = set.manifest.files[role];
  const spec = packageSpecOf(set, role);
  const name = `package/${f.path}`;
  const shipped = readTarEntries(gunzipSync(readFileSync(packTarball(spec, tempDir('sophon-prelu-pkg')))), new Set([name])).get(name)!;
  assert.equal(sha256(shipped), f.shipped_sha256, `${role}: the package's file`);
  assert.equal(f.prepare?.at(-1), 'prelu-rewrite');
  if (f.prepare![0] !== 'tflite-to-onnx') return shipped;
  return tfliteToOnnx(shipped, {
    inputName: f.input.name,
    outputName: Object.keys(f.output)[0]!,
    producer: 'sophonmatch models install',
    docString: `${role}: converted from ${spec} ${f.path} (sha256 ${f.shipped_sha256})`,
  }).bytes;
}

const opTypes = (model: Uint8Array): string[] => onnxProto.onnx.ModelProto.decode(model).graph!.node!.map((n) => n.opType!);

const OPTS: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' };

/** Real photos as the model's input: a centre crop resized to its size, made into its tensor as the manifest says. */
async function photoInputs(role: ModelRole): Promise<Float32Array[]> {
  const { shape, mean, std, channels } = set.manifest.files[role].input;
  const out: Float32Array[] = [];
  for (const p of PHOTOS) {
    const img = await decodeImage(readFileSync(face(p)), p);
    const side = Math.min(img.width, img.height);
    const crop = cropResize(img, (img.width - side) / 2, (img.height - side) / 2, side, side, shape[3], shape[2], 0);
    out.push(toPlanar(crop, mean as [number, number, number], std as [number, number, number], channels!));
  }
  return out;
}

describe('PRelu rewrite', () => {
  for (const role of ['feature', 'liveness', 'mobilefacenet'] as const) {
    it(`${role}: the installed file is the rewrite of the shipped model, every PRelu replaced, outputs bit-identical on real photos`, async () => {
      const original = unrewritten(role);
      const { bytes, rewritten } = rewritePRelu(original);
      assert.equal(sha256(bytes), set.manifest.files[role].sha256, 'the rewrite gives exactly the file the manifest names');
      assert.equal(sha256(installed(role)), set.manifest.files[role].sha256);
      const before = opTypes(original),
        after = opTypes(bytes);
      assert.equal(rewritten, before.filter((o) => o === 'PRelu').length);
      assert.ok(rewritten > 0);
      assert.equal(after.filter((o) => o === 'PRelu').length, 0);
      assert.equal(after.length, before.length + 4 * rewritten);

      const a = await ort.InferenceSession.create(original, OPTS);
      const b = await ort.InferenceSession.create(installed(role), OPTS);
      try {
        const dims = set.manifest.files[role].input.shape;
        for (const [i, input] of (await photoInputs(role)).entries()) {
          const feeds = (s: ort.InferenceSession) => ({ [s.inputNames[0]!]: new ort.Tensor('float32', input, dims) });
          const ra = await a.run(feeds(a)),
            rb = await b.run(feeds(b));
          for (const name of a.outputNames) {
            const x = ra[name]!.data as Float32Array,
              y = rb[name]!.data as Float32Array;
            assert.equal(x.length, y.length);
            const k = x.findIndex((v, j) => !Object.is(v, y[j]) && !(v === 0 && y[j] === 0));
            assert.equal(k, -1, `${PHOTOS[i]}: output ${name}[${k}] ${x[k]} became ${y[k]}`);
          }
        }
      } finally {
        await a.release();
        await b.release();
      }
    });
  }

  it('leaves models without PRelu, and its own output, as they are', () => {
    for (const role of ['detect', 'landmark', 'pose', 'eye'] as const) {
      assert.equal(set.manifest.files[role].prepare, undefined, role);
      const original = installed(role);
      const r = rewritePRelu(original);
      assert.equal(r.rewritten, 0, role);
      assert.equal(r.bytes, original, role);
    }
    const once = installed('feature');
    const twice = rewritePRelu(once);
    assert.equal(twice.rewritten, 0);
    assert.equal(twice.bytes, once);
  });

  it('refuses a file that is not an ONNX model', () => {
    assert.throws(() => rewritePRelu(new TextEncoder().encode('not a model at all')));
    assert.throws(() => rewritePRelu(installed('liveness').subarray(0, 1000)));
  });
});
