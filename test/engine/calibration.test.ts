import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Calibration, THRESHOLD_LEVELS } from '../../main/engine/calibration.js';
import { auc, descending, tarAtFar, thresholdAtFar } from '../../main/eval/metrics.js';
import { fitTail } from '../../main/eval/calibrate.js';

describe('score calibration', () => {
  const cal = Calibration.load();
  const t = cal.file.cosine_at_far;

  it('maps t3, t4, t5 onto the contract thresholds and the ends onto themselves', () => {
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

  it('was computed for the installed model set', async () => {
    const { loadModelSet } = await import('../../main/engine/models/manifest.js');
    assert.equal(cal.file.model, loadModelSet().id);
  });
});

describe('verification metrics', () => {
  it('computes AUC, thresholds and TAR at a false-match rate', () => {
    assert.equal(auc([0.9, 0.8], [0.1, 0.2]), 1);
    assert.equal(auc([0.1], [0.9]), 0);
    assert.equal(auc([0.5], [0.5]), 0.5);
    const imp = descending(Array.from({ length: 1000 }, (_, i) => i / 1000));
    assert.equal(thresholdAtFar(imp, 1e-2), 0.989);
    assert.equal(tarAtFar([0.995, 0.99, 0.5], imp, 1e-2), 2 / 3);
  });

  it('fits an exponential tail that extrapolates beyond the measured pairs', () => {
    // Impostor scores drawn from an exponential: the fitted quantiles should match the true ones.
    let seed = 7;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const xs = descending(Array.from({ length: 20000 }, () => -Math.log(1 - rand()) * 0.05));
    const tail = fitTail(xs);
    const truth = (far: number) => -Math.log(far) * 0.05;
    for (const far of [1e-3, 1e-4, 1e-5]) assert.ok(Math.abs(tail.at(far) - truth(far)) < 0.03, `${far}: ${tail.at(far)} vs ${truth(far)}`);
  });
});
