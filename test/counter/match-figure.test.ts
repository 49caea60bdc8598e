// The clerk's 0–100 match figure: 60 at the configured threshold, a fail never 60 or more, a pass
// never less, monotone in the calibrated score, 0 at or below 0 and 100 at 1 — for each named level.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { THRESHOLD_LEVELS } from '../../main/contracts/thresholds.js';
import { matchFigure, PASS_MARK } from '../../main/counter/match-figure.js';

describe('match figure', () => {
  for (const [level, t] of Object.entries(THRESHOLD_LEVELS)) {
    it(`threshold ${level} (${t}): pass ⇔ ≥ 60, monotone, 0..100`, () => {
      let prev = -1;
      for (let i = -1000; i <= 1000; i++) {
        const score = i / 1000;
        const m = matchFigure(score, t);
        assert.ok(Number.isInteger(m) && m >= 0 && m <= 100, `${score} → ${m}`);
        assert.equal(m >= PASS_MARK, score >= t, `${score} vs ${t} → ${m}`);
        assert.ok(m >= prev, `not monotone at ${score}`);
        prev = m;
      }
      assert.equal(matchFigure(t, t), 60);
      assert.equal(matchFigure(0, t), 0);
      assert.equal(matchFigure(-0.3, t), 0, 'negative scores are 0, never shown as negative');
      assert.equal(matchFigure(1, t), 100);
      assert.equal(matchFigure(t - 1e-9, t), 59, 'just below the threshold is a fail');
    });
  }
});
