// The SophonMatch compare contract (../shared/spec/sophonmatch-api.md) as schemas: they validate
// requests at the edge, give the TypeScript types, and generate the OpenAPI document.
import { z } from 'zod';
import { zonedToUnix } from '../common/zoned-time.js';
import { DEFAULT_TIME_ZONE } from './settings.js';
import { THRESHOLD_LEVELS } from './thresholds.js';

/** Booleans may arrive as JSON booleans or as the strings "true" / "false". */
const flexibleBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

/** Base64 image text; a data: URL prefix and line breaks are tolerated (checked and decoded later). */
const imageBase64 = z
  .string()
  .meta({ description: 'base64 image (JPEG, PNG, BMP or WebP); a data:image/...;base64, prefix and line breaks are tolerated' });

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/** compare_time must fall in 2000-01-01T00:00Z .. 2100-01-01T00:00Z (Unix seconds). */
export const COMPARE_TIME_MIN = 946684800;
export const COMPARE_TIME_MAX = 4102444800;

/**
 * Unix seconds; a numeric string, or (extension) an ISO-8601 string. A string without a zone
 * ("2026-12-01 08:00") is a wall-clock time of the terminal's zone (`timeZone`, Asia/Shanghai by
 * default), as a Chinese caller means it; a zone (Z, +08:00) is honoured. Values outside 2000–2100
 * are refused (a millisecond value, 1e13, would otherwise be stored as the year 318,000).
 */
export function compareTimeIn(timeZone: string) {
  const inRange = (n: number) => Number.isFinite(n) && n >= COMPARE_TIME_MIN && n < COMPARE_TIME_MAX;
  return z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      let n = NaN;
      if (typeof v === 'number') n = v;
      else if (NUMERIC.test(v)) n = Number(v);
      else {
        const m = ISO_8601.exec(v.trim());
        if (m) {
          const [, y, mo, d, h = '0', mi = '0', sec = '0', zone] = m;
          const valid =
            Number(mo) >= 1 &&
            Number(mo) <= 12 &&
            Number(d) >= 1 &&
            Number(d) <= new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate() &&
            Number(h) <= 23 &&
            Number(mi) <= 59 &&
            Number(sec) < 60;
          if (valid)
            n = zone
              ? Date.parse(
                  `${y}-${mo}-${d}T${h.padStart(2, '0')}:${mi}:${sec.includes('.') ? sec : sec.padStart(2, '0')}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`,
                ) / 1000
              : zonedToUnix(timeZone, Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec));
        }
      }
      if (inRange(n)) return n;
      ctx.addIssue({
        code: 'custom',
        message:
          "must be Unix seconds (number or numeric string) or an ISO-8601 date-time, between 2000 and 2100; a time without a zone is read in the terminal's time zone",
      });
      return z.NEVER;
    })
    .meta({
      description: `Unix seconds (fractional allowed); a numeric string, or (extension) an ISO-8601 string — without a zone it is read in the terminal's time zone (setting timeZone, default ${DEFAULT_TIME_ZONE}). Between 2000-01-01 and 2100-01-01.`,
    });
}
export const compareTimeSchema = compareTimeIn(DEFAULT_TIME_ZONE);

/** A named level, or (extension) a number / numeric string in [0, 1]. */
export const thresholdSchema = z
  .union([z.enum(['high', 'middle', 'low']), z.number(), z.string()])
  .transform((v, ctx) => {
    if (typeof v === 'string' && v in THRESHOLD_LEVELS) return v as keyof typeof THRESHOLD_LEVELS;
    const n = typeof v === 'number' ? v : NUMERIC.test(v) ? Number(v) : NaN;
    if (Number.isFinite(n) && n >= 0 && n <= 1) return n;
    ctx.addIssue({ code: 'custom', message: 'must be high, middle, low, or a number in [0, 1]' });
    return z.NEVER;
  })
  .meta({ description: 'high = 0.275, middle = 0.225, low = 0.175; (extension) a number in [0, 1]' });

/** The contract's keys, then (extension) the fields only some card types have: a foreigner's English name, an HMT permit's pass number and issue count. */
export const IDENTITY_KEYS = [
  'user_idcard',
  'user_name',
  'user_sex',
  'user_nation',
  'user_address',
  'user_issu',
  'user_validtime',
  'card_type',
  'name_en',
  'pass_number',
  'issue_count',
] as const;
const identityValue = z.string().max(256);
export const identityInfoSchema = z
  .object(
    Object.fromEntries(IDENTITY_KEYS.map((k) => [k, identityValue.optional()])) as Record<
      (typeof IDENTITY_KEYS)[number],
      z.ZodOptional<typeof identityValue>
    >,
  )
  .strip()
  .meta({ description: "the person's card data, recorded in the event; unknown keys are ignored" });
export type IdentityInfo = z.infer<typeof identityInfoSchema>;

const requestSchema = (compareTime: ReturnType<typeof compareTimeIn>) =>
  z.object({
    card_image_base64: imageBase64,
    face_image_base64: imageBase64,
    compare_time: compareTime.optional(),
    fiqa_level: z.enum(['no', 'low', 'middle', 'high']).default('no'),
    need_save: flexibleBoolean.default(false),
    threshold: thresholdSchema.default('middle'),
    with_debug_info: flexibleBoolean.default(false),
    identity_info: identityInfoSchema.default({}),
  });
export const CompareRequestSchema = requestSchema(compareTimeSchema);
export type CompareRequest = z.infer<typeof CompareRequestSchema>;

const byZone = new Map<string, typeof CompareRequestSchema>([[DEFAULT_TIME_ZONE, CompareRequestSchema]]);
/** The request schema of a terminal in `timeZone` (zoneless compare_time strings are read in it). */
export function compareRequestSchema(timeZone: string): typeof CompareRequestSchema {
  let s = byZone.get(timeZone);
  if (!s) byZone.set(timeZone, (s = requestSchema(compareTimeIn(timeZone))));
  return s;
}

export const DebugInfoSchema = z.object({
  queue_ms: z.number(),
  decode_ms: z.number(),
  detect_ms: z.number(),
  landmark_ms: z.number(),
  quality_ms: z.number(),
  embed_ms: z.number(),
  store_ms: z.number(),
  total_ms: z.number(),
  card_faces: z.number().int(),
  face_faces: z.number().int(),
  model: z.string(),
});

/** The success answer; its key order is the answers' (the serializer writes the schema's order). */
export const CompareAnswerSchema = z.object({
  retcode: z.enum(['0', '1']).meta({ description: '"1": same person (score ≥ threshold); "0": not' }),
  score: z.number().meta({ description: 'calibrated similarity score' }),
  identity_id: z.string(),
  name: z.string(),
  threshold: z.number().meta({ description: 'extension: the threshold applied' }),
  event_id: z.string().optional().meta({ description: 'extension: present when need_save was true and the event is committed' }),
  review: z.literal(true).optional().meta({
    description:
      'extension: present (true) when the score is below the threshold applied but at or above the `low` one (false-match rate 1e-3): retcode stays "0", and a person should check the two faces',
  }),
  debug_info: DebugInfoSchema.optional(),
});
export type CompareAnswer = z.infer<typeof CompareAnswerSchema>;

export const ErrorAnswerSchema = z.object({
  error: z.object({
    code: z.number().int(),
    message: z.string(),
    status: z.string(),
    reason: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
