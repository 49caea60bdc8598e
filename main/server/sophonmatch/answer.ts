// The contract's success answer from an engine outcome (shared by the endpoint and the CLI).
import type { CompareAnswer, IdentityInfo } from '../../contracts/compare-api.js';
import type { CompareOutcome } from '../../engine/compare.js';

export interface AnswerExtras {
  eventId?: string;
  debug?: { queueMs: number; storeMs: number; totalMs: number };
}

export function compareAnswer(o: CompareOutcome, identity: IdentityInfo, extras: AnswerExtras = {}): CompareAnswer {
  const same = o.same;
  const answer: CompareAnswer = {
    retcode: same ? '1' : '0',
    score: o.score,
    identity_id: same ? (identity.user_idcard ?? '') : '',
    name: same ? (identity.user_name ?? '') : 'stranger',
    threshold: o.threshold,
  };
  if (extras.eventId) answer.event_id = extras.eventId;
  if (o.review) answer.review = true;
  if (extras.debug) {
    const t = o.timings;
    answer.debug_info = {
      queue_ms: round(extras.debug.queueMs),
      decode_ms: t.decode_ms,
      detect_ms: t.detect_ms,
      landmark_ms: round(t.landmark_ms + t.align_ms),
      quality_ms: t.quality_ms,
      embed_ms: t.embed_ms,
      store_ms: round(extras.debug.storeMs),
      total_ms: round(extras.debug.totalMs),
      card_faces: o.card.faces,
      face_faces: o.face.faces,
      model: o.model,
    };
  }
  return answer;
}

const round = (x: number) => Math.round(x * 100) / 100;
