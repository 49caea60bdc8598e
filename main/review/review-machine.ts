// The review state machine of one event, written down once and enforced by the store:
//
//   automatic decision (pass / fail; or "review band": neither, for the clerk)
//     └─ clerk step (at most one, only before any supervisor step):
//          override        — not for band events; flips the automatic decision; reason required
//          band pass/fail  — only for band events; the clerk's decision after looking at both photos
//     └─ supervisor step (at most one; final):
//          confirm         — agrees with the decision in force (automatic or the clerk's)
//          override        — flips the decision in force; reason required
//
// Every step records who, when and the comment. A supervisor names the decision they saw
// (`expected`): if the event changed since, the step is refused rather than applied to something
// they did not see.
import { SophonError } from '../common/errors.js';

export type ClerkStep = 'overridden' | 'passed' | 'failed';
export type SupervisorStep = 'unreviewed' | 'confirmed' | 'overridden';

export interface ReviewStatus {
  /** The engine's decision against the configured threshold. */
  automatic: boolean;
  /** The score fell between the low threshold and the configured one. */
  band: boolean;
  clerk: ClerkStep | null;
  supervisor: SupervisorStep;
}

export type ReviewAction =
  | { by: 'clerk'; kind: 'override'; comment: string }
  | { by: 'clerk'; kind: 'band-pass' | 'band-fail'; comment: string }
  | { by: 'supervisor'; kind: 'confirm' | 'override'; comment: string; expected?: boolean };

export const MIN_COMMENT = 3;

/** The decision in force: the supervisor's, else the clerk's, else the automatic one. */
export function finalOf(s: ReviewStatus): boolean {
  const beforeSupervisor = s.clerk === null ? s.automatic : s.clerk === 'overridden' ? !s.automatic : s.clerk === 'passed';
  return s.supervisor === 'overridden' ? !beforeSupervisor : beforeSupervisor;
}

/** A band event the clerk has not decided yet. */
export const isPending = (s: ReviewStatus): boolean => s.band && s.clerk === null && s.supervisor === 'unreviewed';

const refuse = (why: string): never => {
  throw new SophonError('REVIEW_NOT_ALLOWED', why);
};

/** The status after `a`, or a REVIEW_NOT_ALLOWED / COMMENT_REQUIRED error saying why not. */
export function transition(s: ReviewStatus, a: ReviewAction): ReviewStatus {
  const comment = a.comment.trim();
  const needsComment = a.kind === 'override';
  if (needsComment && comment.length < MIN_COMMENT) throw new SophonError('COMMENT_REQUIRED');
  if (s.supervisor !== 'unreviewed') refuse('a supervisor has already reviewed this event; its review is final');
  if (a.by === 'clerk') {
    if (s.clerk !== null) refuse(`the counter has already recorded its decision on this event (${s.clerk})`);
    if (a.kind === 'override') {
      if (s.band) refuse('a review-band check is decided with pass or fail, not overridden');
      return { ...s, clerk: 'overridden' };
    }
    if (!s.band) refuse('only a review-band check is decided by the clerk; override the automatic decision instead');
    return { ...s, clerk: a.kind === 'band-pass' ? 'passed' : 'failed' };
  }
  if (a.expected !== undefined && a.expected !== finalOf(s))
    refuse('the event changed since it was shown to you; open it again and review what it says now');
  return { ...s, supervisor: a.kind === 'confirm' ? 'confirmed' : 'overridden' };
}
