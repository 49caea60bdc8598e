// The model set: which ONNX files the engine uses, where they come from and how to check them.
// One source of truth: models/manifest.json. Its hash is the model set id recorded in every result.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';

export const MODEL_ROLES = ['detect', 'landmark', 'feature', 'pose', 'eye', 'liveness'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];

const ModelFileSchema = z.object({
  path: z.string().min(1),
  file: z.string().regex(/^[\w.-]+\.onnx$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  what: z.string(),
  input: z.object({
    /** Plane order of a colour model's input tensor; absent for grey inputs. */
    channels: z.enum(['RGB', 'BGR']).optional(),
  }).catchall(z.unknown()),
  output: z.record(z.string(), z.unknown()),
});

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
