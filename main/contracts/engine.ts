// Messages between the engine client and its workers (worker_threads or Electron utilityProcess).
// One schema each; the types are inferred from them and every message is parsed on arrival.
import { z } from 'zod';
import { REASONS, type Reason } from '../common/errors.js';

const bytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes (Uint8Array)');
const embeddingSchema = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array');

const reasonCodes = Object.keys(REASONS) as [Reason, ...Reason[]];

export const QualityMeasuresSchema = z.object({
  inter_eye_px: z.number(),
  sharpness: z.number(),
  exposure: z.number(),
  yaw_deg: z.number().nullable(),
  pitch_deg: z.number().nullable(),
  roll_deg: z.number().nullable(),
  eyes_open: z.number().nullable(),
});

export const BoxSchema = z.object({ x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() });

export const AnalyseRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  kind: z.literal('analyse'),
  role: z.enum(['card', 'live']),
  /** Request field the bytes came from; named in error messages. */
  field: z.string().max(64),
  bytes: bytesSchema,
  embed: z.boolean(),
  quality: z.enum(['none', 'cheap', 'full']),
  liveness: z.boolean(),
  limits: z.object({ maxBytes: z.number().int().positive(), maxPixels: z.number().int().positive() }),
});
export type AnalyseRequest = z.infer<typeof AnalyseRequestSchema>;

/** A test hook: makes the worker crash or hang, so that the pool's recovery can be proven. */
export const FaultRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  kind: z.literal('fault'),
  fault: z.enum(['crash', 'hang']),
});

/** Release the models and end the worker (graceful shutdown). */
export const ShutdownRequestSchema = z.object({ id: z.number().int().nonnegative(), kind: z.literal('shutdown') });

export const WorkerRequestSchema = z.discriminatedUnion('kind', [AnalyseRequestSchema, FaultRequestSchema, ShutdownRequestSchema]);
export type WorkerRequest = z.infer<typeof WorkerRequestSchema>;

export const StageTimingsSchema = z.object({
  decode_ms: z.number(),
  detect_ms: z.number(),
  landmark_ms: z.number(),
  align_ms: z.number(),
  quality_ms: z.number(),
  embed_ms: z.number(),
  model_ms: z.number(),
  total_ms: z.number(),
});
export type StageTimings = z.infer<typeof StageTimingsSchema>;

export const AnalyseResultSchema = z.object({
  width: z.number().int(),
  height: z.number().int(),
  format: z.string(),
  jpeg_quality: z.number().nullable(),
  deblocked: z.boolean(),
  faces: z.number().int().nonnegative(),
  found: z.boolean(),
  via: z.enum(['detector', 'portrait-prior']).nullable(),
  box: BoxSchema.nullable(),
  detector_score: z.number().nullable(),
  /** The feature model's raw unit-length embedding (centring and fusion happen in compare); null when not asked or no face. */
  embedding: embeddingSchema.nullable(),
  /** Every embedding model's raw unit-length embedding of the same aligned face, keyed by model (feature, mobilefacenet). */
  embeddings: z.record(z.string(), embeddingSchema).nullable().optional(),
  quality: QualityMeasuresSchema.nullable(),
  liveness: z.number().nullable(),
  timings: StageTimingsSchema,
});
export type AnalyseResult = z.infer<typeof AnalyseResultSchema>;

export const WorkerErrorSchema = z.object({
  reason: z.enum(reasonCodes),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const WorkerResponseSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ready'),
    model: z.string(),
    load_ms: z.number(),
    /** Which pixel loops the worker runs: the C kernels, or the TypeScript reference (with why). */
    pixel_kernels: z.object({ impl: z.enum(['native', 'js']), reason: z.string() }),
  }),
  z.object({ kind: z.literal('load-failed'), message: z.string() }),
  z.object({ kind: z.literal('result'), id: z.number().int(), result: AnalyseResultSchema }),
  z.object({ kind: z.literal('error'), id: z.number().int(), error: WorkerErrorSchema }),
]);
export type WorkerResponse = z.infer<typeof WorkerResponseSchema>;
export type WorkerReady = Extract<WorkerResponse, { kind: 'ready' }>;
