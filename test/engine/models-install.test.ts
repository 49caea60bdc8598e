// Model installation from a package tarball: checksums, missing files, atomic install, and the
// models prepared once at install (PRelu rewritten) as files of their own.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as nodeTar from 'tar';
import { gunzipSync, gzipSync } from 'node:zlib';
import { installModels, missingModels, packTarball, readTarEntries, sha256 } from '../../main/engine/models/install.js';
import { DEFAULT_MODELS_DIR, loadModelSet, MODEL_ROLES } from '../../main/engine/models/manifest.js';
import { ModelSessions } from '../../main/engine/sessions.js';
import { tempDir } from '../helpers/tmp.js';

/** A tar archive of `files` (name → bytes), written by node-tar as npm pack does. */
function tar(files: Record<string, Buffer>): Buffer {
  const dir = tempDir('sophon-tar');
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  const file = path.join(dir, 'archive.tar');
  nodeTar.c({ sync: true, cwd: dir, file, portable: true }, Object.keys(files));
  return readFileSync(file);
}

function scratchSet(): string {
  const dir = tempDir('sophon-models-test');
  copyFileSync(path.join(DEFAULT_MODELS_DIR, 'manifest.json'), path.join(dir, 'manifest.json'));
  return dir;
}

const real = loadModelSet();
// The set's own package (as npm gives it) holds every file without a `source`; MobileFaceNet
// (converted from another package) is fetched through npm by the install itself (its own tests:
// mobilefacenet.test.ts).
const ownPackage = gunzipSync(readFileSync(packTarball(`${real.manifest.package}@${real.manifest.version}`, tempDir('sophon-models-pkg'))));
const realFiles = Object.fromEntries(
  readTarEntries(
    ownPackage,
    new Set(MODEL_ROLES.filter((r) => !real.manifest.files[r].source).map((r) => `package/${real.manifest.files[r].path}`)),
  ),
);

describe('model install', () => {
  it('reads the files it wants from a tar archive', () => {
    const t = tar({ 'package/a.txt': Buffer.from('hello'), 'package/b.bin': Buffer.alloc(700, 7) });
    const got = readTarEntries(t, new Set(['package/b.bin']));
    assert.deepEqual([...got.keys()], ['package/b.bin']);
    assert.equal(got.get('package/b.bin')!.length, 700);
  });

  it('installs every model from the package tarball and verifies each checksum', () => {
    const dir = scratchSet();
    const tgz = path.join(dir, 'pkg.tgz');
    writeFileSync(tgz, gzipSync(tar(realFiles)));
    const set = loadModelSet(dir);
    assert.equal(missingModels(set).length, MODEL_ROLES.length);
    const r = installModels(set, { tarball: tgz });
    assert.equal(r.installed.length, MODEL_ROLES.length);
    assert.deepEqual(missingModels(set), []);
    assert.equal(installModels(set, { tarball: tgz }).alreadyPresent.length, MODEL_ROLES.length, 'a second run has nothing to do');
    assert.equal(set.id, real.id, 'the model set id is the manifest hash');
  });

  it('refuses a file whose checksum does not match, naming it, and writes nothing for it', () => {
    const dir = scratchSet();
    const tgz = path.join(dir, 'pkg.tgz');
    const bad = {
      ...realFiles,
      'package/model/fr_feature.onnx': Buffer.concat([realFiles['package/model/fr_feature.onnx']!, Buffer.from('x')]),
    };
    writeFileSync(tgz, gzipSync(tar(bad)));
    assert.throws(
      () => installModels(loadModelSet(dir), { tarball: tgz }),
      /fr_feature\.onnx in faceplugin-face-recognition-js@0\.0\.1: sha256 mismatch .* refusing to prepare it/,
    );
    assert.equal(existsSync(path.join(dir, 'fr_feature.onnx')), false);
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.part')));
  });

  it('installs a prepared model as a file of its own (its sha256 in the manifest), and refuses and replaces it tampered', async () => {
    const dir = scratchSet();
    for (const r of MODEL_ROLES) if (r !== 'feature') copyFileSync(real.pathOf(r), path.join(dir, real.manifest.files[r].file));
    const tgz = path.join(dir, 'pkg.tgz');
    writeFileSync(tgz, gzipSync(tar(realFiles)));
    const set = loadModelSet(dir);
    const f = set.manifest.files.feature;
    assert.deepEqual(f.prepare, ['prelu-rewrite']);
    assert.equal(sha256(realFiles[`package/${f.path}`]!), f.shipped_sha256, 'the shipped file is recorded too');
    assert.deepEqual(installModels(set, { tarball: tgz }).installed, ['fr_feature.onnx']);
    const installed = readFileSync(set.pathOf('feature'));
    assert.equal(sha256(installed), f.sha256);
    assert.notEqual(f.sha256, f.shipped_sha256);

    const bad = Buffer.from(installed);
    bad[bad.length - 100] = bad[bad.length - 100]! ^ 1; // one bit
    writeFileSync(set.pathOf('feature'), bad);
    assert.deepEqual(missingModels(set), ['fr_feature.onnx']);
    await assert.rejects(ModelSessions.load(set, { intraOpThreads: 1 }), /fr_feature\.onnx/);
    assert.deepEqual(installModels(set, { tarball: tgz }).installed, ['fr_feature.onnx']);
    assert.equal(sha256(readFileSync(set.pathOf('feature'))), f.sha256);
  });

  it('names a file missing from the package', () => {
    const dir = scratchSet();
    const tgz = path.join(dir, 'pkg.tgz');
    const { ['package/model/fr_eye.onnx']: _gone, ...rest } = realFiles;
    writeFileSync(tgz, gzipSync(tar(rest)));
    assert.throws(() => installModels(loadModelSet(dir), { tarball: tgz }), /fr_eye\.onnx .* is missing/);
  });

  it('says clearly when the tarball is not a tarball', () => {
    const dir = scratchSet();
    const tgz = path.join(dir, 'pkg.tgz');
    writeFileSync(tgz, 'not gzip');
    assert.throws(() => installModels(loadModelSet(dir), { tarball: tgz }), /not a readable \.tgz/);
  });
});
