// The review state machine, every state against every step: what is allowed, what it leaves in
// force, and why the rest is refused. The store applies exactly this in its review transaction
// (test/counter/placement.test.ts and the Chromium test drive it end to end).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SophonError } from '../../main/common/errors.js';
import {
  finalOf,
  isPending,
  transition,
  type ClerkStep,
  type ReviewAction,
  type ReviewStatus,
  type SupervisorStep,
} from '../../main/review/review-machine.js';

const states: ReviewStatus[] = [];
for (const automatic of [true, false])
  for (const band of [false, true])
    for (const clerk of [null, 'overridden', 'passed', 'failed'] as (ClerkStep | null)[])
      for (const supervisor of ['unreviewed', 'confirmed', 'overridden'] as SupervisorStep[]) {
        if (band && automatic) continue; // a band score is below the configured threshold: automatic fail
        if (clerk === 'overridden' && band) continue; // not reachable
        if ((clerk === 'passed' || clerk === 'failed') && !band) continue; // not reachable
        states.push({ automatic, band, clerk, supervisor });
      }

const actions: ReviewAction[] = [
  { by: 'clerk', kind: 'override', comment: '本人到场，证件一致' },
  { by: 'clerk', kind: 'band-pass', comment: '' },
  { by: 'clerk', kind: 'band-fail', comment: '' },
  { by: 'supervisor', kind: 'confirm', comment: '' },
  { by: 'supervisor', kind: 'override', comment: '录像复查' },
];

/** What the machine must do, written independently of its code. */
function expected(s: ReviewStatus, a: ReviewAction): ReviewStatus | 'refused' {
  if (s.supervisor !== 'unreviewed') return 'refused';
  if (a.by === 'clerk') {
    if (s.clerk !== null) return 'refused';
    if (a.kind === 'override') return s.band ? 'refused' : { ...s, clerk: 'overridden' };
    return s.band ? { ...s, clerk: a.kind === 'band-pass' ? 'passed' : 'failed' } : 'refused';
  }
  return { ...s, supervisor: a.kind === 'confirm' ? 'confirmed' : 'overridden' };
}

const refusal = (e: unknown) => e instanceof SophonError && e.reason === 'REVIEW_NOT_ALLOWED';

describe('the review state machine', () => {
  it(`allows exactly the written-down steps (${states.length} states × ${actions.length} steps)`, () => {
    let allowed = 0;
    for (const s of states)
      for (const a of actions) {
        const want = expected(s, a);
        if (want === 'refused') assert.throws(() => transition(s, a), refusal, `${JSON.stringify(s)} ${a.by} ${a.kind}`);
        else {
          assert.deepEqual(transition(s, a), want, `${JSON.stringify(s)} ${a.by} ${a.kind}`);
          allowed++;
        }
      }
    assert.ok(allowed > 10 && allowed < states.length * actions.length);
  });

  it('the decision in force: automatic, flipped by a clerk override, the clerk’s band decision, flipped by a supervisor override', () => {
    const base = { band: false, clerk: null, supervisor: 'unreviewed' } as const;
    assert.equal(finalOf({ ...base, automatic: true }), true);
    assert.equal(finalOf({ ...base, automatic: false, clerk: 'overridden' }), true);
    assert.equal(finalOf({ ...base, automatic: false, band: true, clerk: 'passed' }), true);
    assert.equal(finalOf({ ...base, automatic: false, band: true, clerk: 'failed' }), false);
    assert.equal(finalOf({ ...base, automatic: false, band: true }), false, 'an undecided band check counts as the contract’s fail');
    assert.equal(finalOf({ ...base, automatic: false, clerk: 'overridden', supervisor: 'overridden' }), false);
    assert.equal(finalOf({ ...base, automatic: true, supervisor: 'confirmed' }), true);
    assert.equal(isPending({ ...base, automatic: false, band: true }), true);
    assert.equal(isPending({ ...base, automatic: false, band: true, clerk: 'passed' }), false);
  });

  it('an override needs a reason; a supervisor shown another decision than the one in force is refused', () => {
    const s: ReviewStatus = { automatic: false, band: false, clerk: null, supervisor: 'unreviewed' };
    for (const comment of ['', '  ', 'ab'])
      for (const by of ['clerk', 'supervisor'] as const)
        assert.throws(
          () => transition(s, { by, kind: 'override', comment } as ReviewAction),
          (e) => e instanceof SophonError && e.reason === 'COMMENT_REQUIRED',
        );
    const overridden = transition(s, { by: 'clerk', kind: 'override', comment: '本人到场' });
    assert.throws(
      () => transition(overridden, { by: 'supervisor', kind: 'confirm', comment: '', expected: false }),
      refusal,
      'shown the automatic fail, but the clerk made it a pass',
    );
    assert.deepEqual(transition(overridden, { by: 'supervisor', kind: 'confirm', comment: '', expected: true }).supervisor, 'confirmed');
  });
});
