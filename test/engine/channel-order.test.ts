// Each colour model reads the channel order it was trained on (models/manifest.json, input.channels):
// the planes are written in that order, every colour model declares one, and on real photos the
// declared order is the one the models answer best to (the feature and liveness models: BGR).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { cosine } from '../../main/engine/embed.js';
import { FaceEngine } from '../../main/engine/face-engine.js';
import { PHOTO_SET_LIMITS } from '../../main/engine/image/decode.js';
import { toPlanar } from '../../main/engine/image/raster.js';
import { DEFAULT_MODELS_DIR, loadModelSet, MODEL_ROLES } from '../../main/engine/models/manifest.js';
import { face, faceBytes } from '../helpers/faces.js';
import { tempDir } from '../helpers/tmp.js';

/** A models folder with the same weights and every colour model's declared order swapped. */
function swappedModelsDir(): string {
  const dir = tempDir('sophon-swapped-models');
  for (const f of readdirSync(DEFAULT_MODELS_DIR))
    if (f.endsWith('.onnx') || f === 'calibration.json') symlinkSync(path.join(DEFAULT_MODELS_DIR, f), path.join(dir, f));
  const manifest = JSON.parse(readFileSync(path.join(DEFAULT_MODELS_DIR, 'manifest.json'), 'utf8'));
  for (const role of MODEL_ROLES) {
    const input = manifest.files[role].input;
    if (input.channels) input.channels = input.channels === 'BGR' ? 'RGB' : 'BGR';
  }
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

// Four people, every photo of theirs in the dev set: real photos only.
const PEOPLE = ['p04', 'p05', 'p10', 'p11'].map((p) =>
  readdirSync(face(`dev/${p}`))
    .sort()
    .map((f) => `dev/${p}/${f}`),
);

interface Reading {
  /** Mean cosine of each person's photo pairs. */
  genuineMean: number[];
  liveness: number[];
}

async function read(engine: FaceEngine): Promise<Reading> {
  const genuineMean: number[] = [];
  const liveness: number[] = [];
  for (const person of PEOPLE) {
    const row: Float32Array[] = [];
    for (const f of person) {
      const r = await engine.analyse({
        role: 'live',
        field: f,
        bytes: faceBytes(f),
        embed: true,
        quality: 'none',
        liveness: true,
        limits: PHOTO_SET_LIMITS,
      });
      assert.ok(r.embedding && r.liveness !== null, `${f}: a face`);
      row.push(r.embedding);
      liveness.push(r.liveness);
    }
    const pairs = row.flatMap((a, i) => row.slice(i + 1).map((b) => cosine(a, b)));
    genuineMean.push(mean(pairs));
  }
  return { genuineMean, liveness };
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('model channel orders', () => {
  it('toPlanar writes the planes in the order asked, each normalised with its own channel', () => {
    const img = { width: 2, height: 1, data: Uint8Array.from([10, 20, 30, 40, 50, 60]) };
    const channelMean = [1, 2, 3] as const,
      channelStd = [1, 2, 4] as const;
    assert.deepEqual(Array.from(toPlanar(img, channelMean, channelStd, 'RGB')), [9, 39, 9, 24, 6.75, 14.25]);
    assert.deepEqual(Array.from(toPlanar(img, channelMean, channelStd, 'BGR')), [6.75, 14.25, 9, 24, 9, 39]);
  });

  it('every colour model in the manifest declares its channel order; grey models declare none', () => {
    const set = loadModelSet();
    for (const role of MODEL_ROLES) {
      const input = set.manifest.files[role].input;
      if (input.shape[1] === 3) assert.ok(input.channels === 'RGB' || input.channels === 'BGR', `${role}: channels`);
      else assert.equal(input.channels, undefined, `${role}: grey`);
    }
    assert.equal(set.manifest.files.feature.input.channels, 'BGR');
    assert.equal(set.manifest.files.liveness.input.channels, 'BGR');
  });

  describe('on real photos', () => {
    let declared: Reading, swapped: Reading;
    before(async () => {
      const a = await FaceEngine.load({ intraOpThreads: 2 });
      const b = await FaceEngine.load({ intraOpThreads: 2, modelsDir: swappedModelsDir() });
      try {
        declared = await read(a);
        swapped = await read(b);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("each person's photos are more alike with the declared order than with the swapped one", () => {
      PEOPLE.forEach((person, i) =>
        assert.ok(
          declared.genuineMean[i]! > swapped.genuineMean[i]!,
          `${person[0]}: declared ${declared.genuineMean[i]}, swapped ${swapped.genuineMean[i]}`,
        ),
      );
      assert.ok(
        mean(declared.genuineMean) > mean(swapped.genuineMean) + 0.02,
        `declared ${mean(declared.genuineMean)}, swapped ${mean(swapped.genuineMean)}`,
      );
    });

    it('the liveness model calls every real photo live with the declared order, and is less sure with the swapped one', () => {
      assert.ok(
        declared.liveness.every((p) => p > 0.5),
        `declared: ${declared.liveness.join(', ')}`,
      );
      assert.ok(
        mean(declared.liveness) > mean(swapped.liveness) + 0.1,
        `declared ${mean(declared.liveness)}, swapped ${mean(swapped.liveness)}`,
      );
    });
  });
});
