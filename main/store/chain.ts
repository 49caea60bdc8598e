// Tamper evidence: every event carries SHA-256(previous hash ‖ its canonical content). Photos and
// personal fields enter through the digests of their ciphertexts, so retention can delete the
// ciphertexts and the chain still verifies.
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

/** The columns a hash covers, in a fixed order. Review state is not covered: reviews are separate records. */
export const CHAINED = [
  'seq',
  'id',
  'compare_time',
  'server_time',
  'source',
  'terminal_id',
  'operator',
  'card_type',
  'id_hash',
  'identity_digest',
  'card_photo_digest',
  'live_photo_digest',
  'score',
  'threshold',
  'decision',
  'quality_json',
  'timings_json',
  'model_id',
] as const;
export type ChainedFields = Record<(typeof CHAINED)[number], unknown>;

export const digestOf = (b: Uint8Array | null | undefined): string | null => (b ? createHash('sha256').update(b).digest('hex') : null);

/**
 * Counter events (store version 11 on) also chain their placement, attempt and review-band flag;
 * rows without a placement (API events, and every event written before) hash as they always did.
 */
export const CHAINED_PLACEMENT = ['placement_id', 'attempt', 'review_band'] as const;

export function chainHash(prev: string, row: ChainedFields): string {
  const r = row as Record<string, unknown>;
  const fields =
    r.placement_id == null
      ? CHAINED.map((k) => row[k] ?? null)
      : [...CHAINED.map((k) => row[k] ?? null), ...CHAINED_PLACEMENT.map((k) => r[k] ?? null)];
  const canonical = JSON.stringify(fields);
  return createHash('sha256').update(prev).update('\n').update(canonical).digest('hex');
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  head: string;
  /** The first event that does not verify, and why. */
  firstBad?: { seq: number | null; id: string | null; problem: string };
}

/** Walks rows in seq order and names the first altered, reordered or missing event. */
export function verifyChain(rows: Iterable<Record<string, unknown>>): VerifyReport {
  let prev = GENESIS;
  let expected = 1;
  let n = 0;
  for (const r of rows) {
    const seq = r.seq as number;
    const id = r.id as string;
    const bad = (problem: string): VerifyReport => ({ ok: false, events: n, head: prev, firstBad: { seq, id, problem } });
    if (seq !== expected)
      return {
        ok: false,
        events: n,
        head: prev,
        firstBad: { seq: expected, id: null, problem: `event #${expected} is missing (next present is #${seq}, ${id})` },
      };
    if (r.prev_hash !== prev) return bad('its link to the previous event does not match (an event before it was removed or replaced)');
    for (const [blob, digest] of [
      ['identity_enc', 'identity_digest'],
      ['card_photo_enc', 'card_photo_digest'],
      ['live_photo_enc', 'live_photo_digest'],
    ] as const) {
      const b = r[blob] as Buffer | null;
      if (b && digestOf(b) !== r[digest]) return bad(`its ${blob.replace('_enc', '')} data was altered`);
      if (!b && r[digest] && !(blob === 'identity_enc' ? r.personal_purged_at : r.photos_purged_at))
        return bad(`its ${blob.replace('_enc', '')} data was deleted outside retention`);
    }
    if (chainHash(prev, r as ChainedFields) !== r.hash) return bad('its content was altered');
    prev = r.hash as string;
    expected++;
    n++;
  }
  return { ok: true, events: n, head: prev };
}
