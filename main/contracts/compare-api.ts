// The SophonMatch compare contract (../shared/spec/sophonmatch-api.md) as schemas: they validate
// requests at the edge, give the TypeScript types, and generate the OpenAPI document.
import { z } from 'zod';
import { THRESHOLD_LEVELS } from '../engine/calibration.js';

/** Booleans may arrive as JSON booleans or as the strings "true" / "false". */
const flexibleBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

/** Base64 image text; a data: URL prefix and line breaks are tolerated (checked and decoded later). */
const imageBase64 = z.string().meta({ description: 'base64 image (JPEG, PNG, BMP or WebP); a data:image/...;base64, prefix and line breaks are tolerated' });

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** Unix seconds; a numeric string, or (extension) an ISO-8601 string. */
export const compareTimeSchema = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    if (typeof v === 'number') {
      if (Number.isFinite(v) && v >= 0) return v;
    } else if (NUMERIC.test(v)) {
      const n = Number(v);
      if (Number.isFinite(n) && n >= 0) return n;
    } else if (ISO_8601.test(v.trim())) {
      const t = Date.parse(v.trim());
      if (Number.isFinite(t)) return t / 1000;
    }
    ctx.addIssue({ code: 'custom', message: 'must be Unix seconds (number or numeric string) or an ISO-8601 date-time' });
    return z.NEVER;
  })
  .meta({ description: 'Unix seconds (fractional allowed); a numeric string, or (extension) an ISO-8601 string' });

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

export const IDENTITY_KEYS = ['user_idcard', 'user_name', 'user_sex', 'user_nation', 'user_address', 'user_issu', 'user_validtime', 'card_type'] as const;
const identityValue = z.string().max(256);
export const identityInfoSchema = z
  .object(Object.fromEntries(IDENTITY_KEYS.map((k) => [k, identityValue.optional()])) as Record<(typeof IDENTITY_KEYS)[number], z.ZodOptional<typeof identityValue>>)
  .strip()
  .meta({ description: "the person's card data, recorded in the event; unknown keys are ignored" });
export type IdentityInfo = z.infer<typeof identityInfoSchema>;

export const CompareRequestSchema = z.object({
  card_image_base64: imageBase64,
  face_image_base64: imageBase64,
  compare_time: compareTimeSchema.optional(),
  fiqa_level: z.enum(['no', 'low', 'middle', 'high']).default('no'),
  need_save: flexibleBoolean.default(false),
  threshold: thresholdSchema.default('middle'),
  with_debug_info: flexibleBoolean.default(false),
  identity_info: identityInfoSchema.default({}),
});
export type CompareRequest = z.infer<typeof CompareRequestSchema>;

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

export const CompareAnswerSchema = z.object({
  retcode: z.enum(['0', '1']).meta({ description: '"1": same person (score ≥ threshold); "0": not' }),
  score: z.number().meta({ description: 'calibrated similarity score' }),
  identity_id: z.string(),
  name: z.string(),
  event_id: z.string().optional().meta({ description: 'extension: present when need_save was true and the event is committed' }),
  threshold: z.number().meta({ description: 'extension: the threshold applied' }),
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
