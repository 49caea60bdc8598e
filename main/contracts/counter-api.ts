// The counter flow's messages (card shown, frame checked, compare, override, receipt): one schema
// each, shared by the HTTP/SSE transport (web build) and the IPC transport (desktop app).
import { z } from 'zod';
import { BoxSchema } from './engine.js';

const base64 = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil((maxBytes * 4) / 3) + 64)
    .regex(/^(data:image\/[a-z]+;base64,)?[A-Za-z0-9+/]+={0,2}$/, 'base64 image bytes');
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;
export const MAX_FRAMES = 5;

export const READER_STATES = ['no-reader', 'idle', 'card-present', 'reading', 'error'] as const;
export const IMAGE_MIMES = ['image/jpeg', 'image/png', 'image/bmp'] as const;
export type ImageMime = (typeof IMAGE_MIMES)[number];

export const CardViewSchema = z.object({
  type: z.enum(['resident', 'foreigner', 'hmt']),
  name: z.string(),
  sex: z.string(),
  nation: z.string().nullable(),
  birth: z.string().nullable(),
  id_number_masked: z.string(),
  id_number_valid: z.boolean().nullable(),
  issuer: z.string(),
  valid_from: z.string().nullable(),
  valid_to: z.string().nullable(),
  expired: z.boolean(),
  /** Foreigner's permanent residence card: the English name and the nationality code (ISO 3166 alpha-3). */
  name_en: z.string().nullable().optional(),
  nationality: z.string().nullable().optional(),
  /** HK/Macao/Taiwan residence permit: the pass number and how many times the permit was issued. */
  pass_number: z.string().nullable().optional(),
  issue_count: z.string().nullable().optional(),
  /**
   * The chip photo as the decoder gave it (JPEG, PNG or BMP: what the engine reads, unchanged) for
   * display; null while it is being decoded or when it could not be (photo_problem says why).
   */
  photo_base64: z.string().nullable(),
  photo_mime: z.enum(IMAGE_MIMES).nullable(),
  photo_problem: z.string().nullable(),
  /** Why, as a code the screens translate: NO_DECODER, LIBRARY_NOT_LOADED, DECODE_FAILED, CRASHED, TIMED_OUT. */
  photo_problem_code: z.string().nullable(),
  read_at: z.number(),
});
export type CardView = z.infer<typeof CardViewSchema>;

/** Who did a review step, when, and why. */
export const ReviewStepSchema = z.object({ step: z.string(), by: z.string(), at: z.number(), comment: z.string().nullable() });

/** What the review state machine (main/review/review-machine.ts) says about an event, in its words. */
export const ReviewViewSchema = z.object({
  /** The engine's decision for the clerk: pass, fail, or review (the score is in the review band). */
  automatic: z.enum(['pass', 'fail', 'review']),
  /** The decision in force after every review step. */
  final: z.enum(['pass', 'fail']),
  /** A review-band check the clerk has not decided yet. */
  pending: z.boolean(),
  clerk: ReviewStepSchema.nullable(),
  supervisor: ReviewStepSchema.nullable(),
});
export type ReviewView = z.infer<typeof ReviewViewSchema>;

export const CounterResultSchema = z.object({
  event_id: z.string(),
  placement_id: z.string(),
  attempt: z.number().int().min(1),
  /** For the clerk: pass, fail, or review (neither: the clerk looks at both photos and decides). */
  decision: z.enum(['pass', 'fail', 'review']),
  /** 0–100 from the calibrated score; 60 is the configured threshold (the pass mark). */
  match: z.number().int().min(0).max(100),
  /** The exact calibrated score and threshold: supervisors and admins only (null for clerks). */
  score: z.number().nullable(),
  threshold: z.number().nullable(),
  live_base64: z.string(),
  card_base64: z.string(),
  card_mime: z.enum(IMAGE_MIMES),
  total_ms: z.number(),
  review: ReviewViewSchema,
});
export type CounterResult = z.infer<typeof CounterResultSchema>;

export const PLACEMENT_PHASES = ['reading-photo', 'capture', 'comparing', 'result', 'error'] as const;
/**
 * One card placement: laid → fields and photo shown → live capture → exactly one automatic check →
 * result; R makes a new attempt of the same placement; taking the card off ends it (the result stays
 * `removed_at` + the hold, then everything is cleared).
 */
export const PlacementSchema = z.object({
  id: z.string(),
  attempt: z.number().int().min(1),
  phase: z.enum(PLACEMENT_PHASES),
  result: CounterResultSchema.nullable(),
  error: z.object({ reason: z.string(), message: z.string() }).nullable(),
  /** When the card was taken off (Unix seconds); null while it lies on the reader. */
  removed_at: z.number().nullable(),
  /** When the screen returns to idle (Unix seconds), once the card is off. */
  clear_at: z.number().nullable(),
});
export type Placement = z.infer<typeof PlacementSchema>;

export const CounterStateSchema = z.object({
  reader: z.object({ state: z.enum(READER_STATES), message: z.string(), port: z.string().nullable() }),
  /** The card of the current placement; null when there is none (nothing personal outlives it). */
  card: CardViewSchema.nullable(),
  placement: PlacementSchema.nullable(),
  /** A card still lies on the reader but its placement was ended (sign-out, idle): lay it again. */
  lay_again: z.boolean(),
  problem: z.object({ code: z.string(), message: z.string() }).nullable(),
  engine_ready: z.boolean(),
});
export type CounterState = z.infer<typeof CounterStateSchema>;

export const FrameCheckRequestSchema = z.object({ frame: base64(MAX_FRAME_BYTES) }).strict();
export const FRAME_HINTS = ['ok', 'no-face', 'move-closer', 'face-camera', 'too-dark', 'too-bright', 'hold-still', 'open-eyes'] as const;
export type FrameHint = (typeof FRAME_HINTS)[number];
export const FrameCheckAnswerSchema = z.object({
  found: z.boolean(),
  /** Face box relative to the frame (0..1). */
  box: BoxSchema.nullable(),
  hint: z.enum(FRAME_HINTS),
});
export type FrameCheckAnswer = z.infer<typeof FrameCheckAnswerSchema>;

const PlacementId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);
/** A compare names the placement and attempt it is for: repeats of one attempt make one check. */
export const CounterCompareRequestSchema = z
  .object({
    placement_id: PlacementId,
    attempt: z.number().int().min(1).max(1000),
    frames: z.array(base64(MAX_FRAME_BYTES)).min(1).max(MAX_FRAMES),
  })
  .strict();
/** R: a new attempt of the placement, from the attempt the screen showed (repeats are no-ops). */
export const CounterRetryRequestSchema = z.object({ placement_id: PlacementId, attempt: z.number().int().min(1).max(1000) }).strict();

/** The clerk's step on the result on screen: override it, or decide a review-band check. */
export const OverrideRequestSchema = z
  .object({ event_id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/), reason: z.string().trim().min(3).max(500) })
  .strict();
export const BandDecisionRequestSchema = z
  .object({
    event_id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
    decision: z.enum(['pass', 'fail']),
    comment: z.string().trim().max(500).default(''),
  })
  .strict();

export const ReceiptSchema = z.object({
  event_id: z.string(),
  time: z.number(),
  terminal: z.string().nullable(),
  operator: z.string().nullable(),
  name_masked: z.string(),
  id_number_masked: z.string(),
  /** The automatic decision, the review steps (who, when, why) and the decision in force. */
  review: ReviewViewSchema,
  match: z.number().int().min(0).max(100),
  /** Supervisors and admins only (null for clerks). */
  score: z.number().nullable(),
  threshold: z.number().nullable(),
  placement_id: z.string().nullable(),
  attempt: z.number().nullable(),
  card_base64: z.string().nullable(),
  card_mime: z.enum(IMAGE_MIMES).nullable(),
  live_base64: z.string().nullable(),
  /** The event's hash in the store's chain: what an auditor checks the receipt against. */
  hash: z.string(),
});
export type Receipt = z.infer<typeof ReceiptSchema>;
