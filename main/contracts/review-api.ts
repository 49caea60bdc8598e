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
    id_number: z.string().regex(/^[0-9A-Za-z]{6,36}$/).optional(),
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
export const ReviewSchema = z.object({ state: z.enum(['confirmed', 'overridden']), comment: z.string().max(1000).default(''), expected: z.enum(['pass', 'fail']).optional() }).strict();
export const EventIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);
export const NewUserSchema = z.object({ username: z.string().min(2).max(64), role: z.enum(['clerk', 'supervisor', 'admin']), password: z.string().min(10).max(256) }).strict();

/** One event as the review API lists it (identity decrypted, then masked for the viewer). */
export interface EventSummary {
  seq: number;
  id: string;
  server_time: number;
  compare_time: number;
  source: string;
  terminal_id: string;
  operator: string | null;
  card_type: string | null;
  score: number;
  threshold: number;
  decision: boolean;
  review_state: string;
  model_id: string;
  identity: Record<string, string> | null;
  photos_purged: boolean;
  /** Counter events: the card placement and its attempt (1 = the automatic check); null for API events. */
  placement_id: string | null;
  attempt: number | null;
  /** The score fell in the review band: the clerk decides (clerk_review 'passed' / 'failed'). */
  review_band: boolean;
  clerk_review: string | null;
  /** The decision in force after every review step. */
  final_decision: boolean;
}
