import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { THRESHOLD_LEVELS } from '../../main/contracts/thresholds.js';
import { Calibration, fusedScore, MODEL_CONFIGS } from '../../main/engine/calibration.js';
import { bootstrap } from '../../main/eval/bootstrap.js';
import { auc, descending, farAt, frrAt, tarAtFar, thresholdAtFar } from '../../main/eval/metrics.js';
import type { ScoredPairs } from '../../main/eval/pair-scores.js';

describe('score calibration', () => {
  for (const name of MODEL_CONFIGS) {
    describe(`configuration ${name}`, () => {
      const cal = Calibration.load(undefined, name);
      const t = cal.config.score_at_far;

      it('maps its knots onto the contract thresholds and the ends onto themselves', () => {
        assert.ok(Math.abs(cal.score(t['1e-3']) - THRESHOLD_LEVELS.low) < 1e-9);
        assert.ok(Math.abs(cal.score(t['1e-4']) - THRESHOLD_LEVELS.middle) < 1e-9);
        assert.ok(Math.abs(cal.score(t['1e-5']) - THRESHOLD_LEVELS.high) < 1e-9);
        assert.equal(cal.score(1), 1);
        assert.equal(cal.score(-1), -1);
      });

      it('is monotone', () => {
        let prev = -Infinity;
        for (let x = -1; x <= 1; x += 0.001) {
          const s = cal.score(x);
          assert.ok(s >= prev);
          prev = s;
        }
      });

      it('states what it measured: every knot is the strictest measurement and holds the claimed rate on each group', () => {
        assert.ok(cal.config.measured.length >= 2, 'measured on more than one group or quality');
        for (const k of ['1e-3', '1e-4', '1e-5'] as const) {
          const strictest = Math.max(...cal.config.measured.map((m) => m.score_at_far[k]));
          assert.ok(t[k] >= strictest - 1e-5, `${k}: knot ${t[k]} below a measurement ${strictest}`);
          for (const m of cal.config.measured)
            assert.ok(m.far_at_knot[k] <= Number(k) + 1e-12, `${m.group} ${m.protocol} at ${k}: ${m.far_at_knot[k]}`);
        }
        assert.ok(
          cal.config.measured.some((m) => m.group.startsWith('subgroup:')),
          'a subgroup (East Asian people) was measured on its own',
        );
        assert.ok(Math.max(...cal.config.measured.map((m) => m.impostor_pairs)) > 1e6, 'the 1e-5 point rests on millions of pairs');
      });
    });
  }

  it('was computed for the installed model set', async () => {
    const { loadModelSet } = await import('../../main/engine/models/manifest.js');
    assert.equal(Calibration.load().file.model, loadModelSet().id);
  });

  it('fuses the models as the mean of their centred cosines', () => {
    const cal = Calibration.load(undefined, 'fused');
    assert.deepEqual(cal.members, ['feature', 'mobilefacenet']);
    const unit = (n: number, i: number) => Float32Array.from({ length: n }, (_, k) => (k === i ? 1 : 0));
    const noMeans = { members: cal.config.members.map((m) => ({ ...m, mean: null })) };
    // Same direction in one model (cosine 1), orthogonal in the other (cosine 0): the mean is 0.5.
    const s = fusedScore(
      noMeans,
      { feature: unit(512, 0), mobilefacenet: unit(192, 0) },
      { feature: unit(512, 0), mobilefacenet: unit(192, 1) },
    );
    assert.ok(Math.abs(s - 0.5) < 1e-6, String(s));
  });
});

describe('verification metrics', () => {
  it('computes AUC, thresholds, TAR, FAR and FRR', () => {
    assert.equal(auc([0.9, 0.8], [0.1, 0.2]), 1);
    assert.equal(auc([0.1], [0.9]), 0);
    assert.equal(auc([0.5], [0.5]), 0.5);
    const imp = descending(Array.from({ length: 1000 }, (_, i) => i / 1000));
    assert.equal(thresholdAtFar(imp, 1e-2), 0.989);
    assert.equal(tarAtFar([0.995, 0.99, 0.5], imp, 1e-2), 2 / 3);
    assert.equal(farAt(imp, 0.99), 10 / 1000);
    assert.equal(frrAt([0.995, 0.99, 0.5], 0.99), 1 / 3);
  });

  it('bootstraps over identities: intervals hold the point estimate and widen when one person dominates', () => {
    // 40 people with 3 photos each; unordered pairs. Person 0's genuine pairs all fail.
    const n = 40,
      per = 3;
    let seed = 11;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const gen: number[] = [],
      genId: number[] = [],
      imp: { s: number; a: number; b: number }[] = [];
    for (let a = 0; a < n; a++)
      for (let k = 0; k < (per * (per - 1)) / 2; k++) (gen.push(a === 0 ? 0.1 : 0.6 + 0.3 * rand()), genId.push(a));
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) for (let k = 0; k < per * per; k++) imp.push({ s: 0.3 * rand(), a, b });
    imp.sort((x, y) => y.s - x.s);
    const pairs: ScoredPairs = {
      identities: Array.from({ length: n }, (_, i) => `p${i}`),
      photos: new Int32Array(n).fill(per),
      ordered: false,
      genuine: Float32Array.from(gen),
      genuineId: Int32Array.from(genId),
      impostor: Float32Array.from(imp, (x) => x.s),
      tail: { score: Float32Array.from(imp, (x) => x.s), a: Int32Array.from(imp, (x) => x.a), b: Int32Array.from(imp, (x) => x.b) },
    };
    const b = bootstrap(pairs, [1e-2], [0.25], 400);
    const tar = tarAtFar(pairs.genuine, pairs.impostor, 1e-2);
    assert.ok(b.tarAtFar[0]!.lo <= tar && tar <= b.tarAtFar[0]!.hi, JSON.stringify(b.tarAtFar[0]));
    assert.ok(
      b.tarAtFar[0]!.lo < 0.97 && b.tarAtFar[0]!.hi === 1,
      `one failing person of 40 makes TAR uncertain: ${JSON.stringify(b.tarAtFar[0])}`,
    );
    const far = farAt(pairs.impostor, 0.25);
    assert.ok(b.farAtThreshold[0]!.lo <= far && far <= b.farAtThreshold[0]!.hi);
    const frr = frrAt(pairs.genuine, 0.25);
    assert.ok(b.frrAtThreshold[0]!.lo === 0 && b.frrAtThreshold[0]!.hi >= frr);
  });
});
