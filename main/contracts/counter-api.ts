// The counter flow's messages (card shown, frame checked, compare, override, receipt): one schema
// each, shared by the HTTP/SSE transport (web build) and the IPC transport (desktop app).
import { z } from 'zod';
import { BoxSchema } from './engine.js';

const base64 = (maxBytes: number) => z.string().max(Math.ceil((maxBytes * 4) / 3) + 64).regex(/^(data:image\/[a-z]+;base64,)?[A-Za-z0-9+/]+={0,2}$/, 'base64 image bytes');
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;
export const MAX_FRAMES = 5;

export const READER_STATES = ['no-reader', 'idle', 'card-present', 'reading', 'error'] as const;

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
  /** The chip photo as JPEG for display; null when it could not be decoded (photo_problem says why). */
  photo_jpeg_base64: z.string().nullable(),
  photo_problem: z.string().nullable(),
  read_at: z.number(),
});
export type CardView = z.infer<typeof CardViewSchema>;

export const CounterStateSchema = z.object({
  reader: z.object({ state: z.enum(READER_STATES), message: z.string(), port: z.string().nullable() }),
  card: CardViewSchema.nullable(),
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

export const CounterCompareRequestSchema = z.object({ frames: z.array(base64(MAX_FRAME_BYTES)).min(1).max(MAX_FRAMES) }).strict();
export const CounterResultSchema = z.object({
  event_id: z.string(),
  decision: z.enum(['pass', 'fail']),
  score: z.number(),
  threshold: z.number(),
  live_jpeg_base64: z.string(),
  card_jpeg_base64: z.string(),
  total_ms: z.number(),
});
export type CounterResult = z.infer<typeof CounterResultSchema>;

export const OverrideRequestSchema = z.object({ event_id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/), reason: z.string().trim().min(3).max(500) }).strict();

export const ReceiptSchema = z.object({
  event_id: z.string(),
  time: z.number(),
  terminal: z.string().nullable(),
  operator: z.string().nullable(),
  name_masked: z.string(),
  id_number_masked: z.string(),
  decision: z.enum(['pass', 'fail']),
  review_state: z.string(),
  score: z.number(),
  threshold: z.number(),
  card_jpeg_base64: z.string().nullable(),
  live_jpeg_base64: z.string().nullable(),
  /** The event's hash in the store's chain: what an auditor checks the receipt against. */
  hash: z.string(),
});
export type Receipt = z.infer<typeof ReceiptSchema>;
