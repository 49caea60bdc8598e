// The feature and liveness models load with their PRelu nodes rewritten into operations ONNX Runtime
// keeps in its blocked layout (main/engine/models/prelu-rewrite.ts). The rewrite must not change one
// bit of any output: checked here on real face photos, against the models as the package ships them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import ort from 'onnxruntime-node';
import { decodeImage } from '../../main/engine/image/decode.js';
import { cropResize, toPlanar } from '../../main/engine/image/raster.js';
import { loadModelSet, type ModelRole } from '../../main/engine/models/manifest.js';
import { rewritePRelu } from '../../main/engine/models/prelu-rewrite.js';
import { fieldString, readFields, WireFormatError } from '../../main/engine/models/protobuf-wire.js';
import { face } from '../helpers/faces.js';

const set = loadModelSet();
const modelBytes = (role: ModelRole) => readFileSync(set.pathOf(role));
/** One photo of each person in the development set, and two of the extra photos. */
const PHOTOS = [
  ...readdirSync(face('dev')).sort().map((person) => path.join('dev', person, readdirSync(face(path.join('dev', person))).sort()[0]!)),
  'extra/couple.jpg',
  'extra/selfie-many-people.jpg',
];

/** Op types of a model's graph nodes, read with the same wire reader. */
function opTypes(model: Uint8Array): string[] {
  const graph = readFields(model).find((f) => f.field === 7)!;
  return readFields(graph.payload)
    .filter((f) => f.field === 1)
    .map((n) => fieldString(readFields(n.payload).find((f) => f.field === 4)!));
}

const OPTS: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' };

/** Real photos as the model's input: a centre crop resized to its size, normalised like the engine does. */
async function photoInputs(size: number, mean: number, std: number): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const p of PHOTOS) {
    const img = await decodeImage(readFileSync(face(p)), p);
    const side = Math.min(img.width, img.height);
    const crop = cropResize(img, (img.width - side) / 2, (img.height - side) / 2, side, side, size, size, 0);
    out.push(toPlanar(crop, [mean, mean, mean], [std, std, std], 'BGR'));
  }
  return out;
}

describe('PRelu rewrite', () => {
  for (const [role, size, mean, std] of [['feature', 112, 127, 128], ['liveness', 128, 0, 1]] as const) {
    it(`${role}: every PRelu replaced, outputs bit-identical on real photos`, async () => {
      const original = modelBytes(role);
      const { bytes, rewritten } = rewritePRelu(original);
      const before = opTypes(original), after = opTypes(bytes);
      assert.equal(rewritten, before.filter((o) => o === 'PRelu').length);
      assert.ok(rewritten > 0);
      assert.equal(after.filter((o) => o === 'PRelu').length, 0);
      assert.equal(after.length, before.length + 4 * rewritten);

      const a = await ort.InferenceSession.create(original, OPTS);
      const b = await ort.InferenceSession.create(bytes, OPTS);
      try {
        for (const [i, input] of (await photoInputs(size, mean, std)).entries()) {
          const feeds = (s: ort.InferenceSession) => ({ [s.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, size, size]) });
          const ra = await a.run(feeds(a)), rb = await b.run(feeds(b));
          for (const name of a.outputNames) {
            const x = ra[name]!.data as Float32Array, y = rb[name]!.data as Float32Array;
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
      const original = modelBytes(role);
      const r = rewritePRelu(original);
      assert.equal(r.rewritten, 0, role);
      assert.equal(r.bytes, original, role);
    }
    const once = rewritePRelu(modelBytes('feature')).bytes;
    const twice = rewritePRelu(once);
    assert.equal(twice.rewritten, 0);
    assert.equal(twice.bytes, once);
  });

  it('refuses damaged files with a wire-format error, never another failure', () => {
    const model = modelBytes('liveness');
    assert.throws(() => rewritePRelu(model.subarray(0, 1000)), WireFormatError);
    assert.throws(() => rewritePRelu(new TextEncoder().encode('not a model at all')), WireFormatError);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: model.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: model.length }), (at, value, keep) => {
        const damaged = Uint8Array.from(model.subarray(0, keep));
        if (at < damaged.length) damaged[at] = value;
        try {
          const r = rewritePRelu(damaged);
          assert.ok(r.bytes instanceof Uint8Array);
        } catch (e) {
          assert.ok(e instanceof WireFormatError, `unexpected ${String(e)}`);
        }
      }),
      { numRuns: 150 },
    );
  });
});
