// The review API's requests (/api/v1), one schema each: validation and types.
import { z } from 'zod';

const num = z.coerce.number().finite();
export const EventListQuerySchema = z
  .object({
    from: num.optional(),
    to: num.optional(),
    decision: z.enum(['pass', 'fail']).optional(),
    review_state: z.enum(['unreviewed', 'confirmed', 'overridden']).optional(),
    /** The clerk's step at the counter: 'overridden', a band check's 'passed' / 'failed', or 'any' step. */
    clerk_review: z.enum(['overridden', 'passed', 'failed', 'any']).optional(),
    source: z.enum(['counter', 'api']).optional(),
    operator: z.string().max(64).optional(),
    terminal: z.string().max(128).optional(),
    score_min: num.min(-1).max(1).optional(),
    score_max: num.min(-1).max(1).optional(),
    id_number: z
      .string()
      .regex(/^[0-9A-Za-z]{6,36}$/)
      .optional(),
    name_prefix: z.string().min(1).max(4).optional(),
    utc_offset_minutes: z.coerce.number().int().min(-720).max(840).default(480),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    before: z.coerce.number().int().positive().optional(),
    unmasked: z.enum(['0', '1']).optional(),
  })
  .strict();
export type EventListQuery = z.infer<typeof EventListQuerySchema>;

export const LoginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict();
/**
 * A supervisor's review: confirm the decision in force or override it (a reason of at least 3
 * characters). `expected` is the decision the supervisor was shown; when the event has changed
 * since, the review is refused (REVIEW_NOT_ALLOWED) instead of applied to something they did not see.
 */
export const ReviewSchema = z
  .object({
    state: z.enum(['confirmed', 'overridden']),
    comment: z.string().max(1000).default(''),
    expected: z.enum(['pass', 'fail']).optional(),
  })
  .strict();
export const EventIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const ROLE = z.enum(['clerk', 'supervisor', 'admin']);
export const LoginAnswerSchema = z.object({
  token: z.string(),
  username: z.string(),
  role: ROLE,
  /** Unix seconds when the session ends (HTTP; the desktop window's session has none). */
  expires_at: z.number().optional(),
  must_change_password: z.boolean(),
});
/** The signed-in user of a stored session token (a reloaded screen resumes it). */
export const SessionAnswerSchema = z.object({ username: z.string(), role: ROLE, expires_at: z.number().nullable() });

/** One event as the review API lists it (identity decrypted, then masked for the viewer). */
export const EventSummarySchema = z.object({
  seq: z.number(),
  id: z.string(),
  server_time: z.number(),
  compare_time: z.number(),
  source: z.string(),
  terminal_id: z.string(),
  operator: z.string().nullable(),
  card_type: z.string().nullable(),
  score: z.number(),
  threshold: z.number(),
  decision: z.boolean(),
  review_state: z.string(),
  model_id: z.string(),
  identity: z.record(z.string(), z.string()).nullable(),
  photos_purged: z.boolean(),
  /** Counter events: the card placement and its attempt (1 = the automatic check); null for API events. */
  placement_id: z.string().nullable(),
  attempt: z.number().nullable(),
  /** The score fell in the review band: the clerk decides (clerk_review 'passed' / 'failed'). */
  review_band: z.boolean(),
  clerk_review: z.string().nullable(),
  /** The decision in force after every review step. */
  final_decision: z.boolean(),
});
export type EventSummary = z.infer<typeof EventSummarySchema>;

export const EventPageSchema = z.object({ events: z.array(EventSummarySchema), total: z.number(), next: z.number().nullable() });
export type EventPage = z.infer<typeof EventPageSchema>;

export const EventDetailSchema = EventSummarySchema.extend({
  card_photo: z.string().nullable(),
  live_photo: z.string().nullable(),
  quality: z.unknown(),
  /** Milliseconds per stage, as the engine measured them (stored as given). */
  timings: z.record(z.string(), z.unknown()).nullable(),
  /** stage: whose step (clerk at the counter, or supervisor); decision_after: 1 pass / 0 fail in force after it. */
  reviews: z.array(
    z.object({
      at: z.number(),
      reviewer: z.string(),
      state: z.string(),
      comment: z.string().nullable(),
      stage: z.string().optional(),
      decision_after: z.number().nullable().optional(),
    }),
  ),
  /** The event's audit trail: who viewed, reviewed, exported or printed it. */
  audit: z.array(z.object({ id: z.number(), at: z.number(), actor: z.string(), action: z.string(), detail: z.string().nullable() })),
});
export type EventDetail = z.infer<typeof EventDetailSchema>;

export const ReviewAnswerSchema = z.object({
  ok: z.literal(true),
  id: z.string(),
  review_state: z.enum(['confirmed', 'overridden']),
  final_decision: z.enum(['pass', 'fail']),
});

export const DailyStatsSchema = z.object({
  days: z.array(z.object({ day: z.string(), checks: z.number(), passes: z.number(), pass_rate: z.number() })),
  histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })),
  operators: z.array(z.object({ operator: z.string().nullable(), checks: z.number(), passes: z.number() })),
});
export type DailyStats = z.infer<typeof DailyStatsSchema>;
