// `npm run eval` as an evaluator runs it: on real photos (dev), through the CLI, with a subgroup
// and a DET plot; the report carries every key the issue asks for, with intervals that hold their
// point estimates, and the figures at the shipped thresholds agree with a direct count.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { face } from '../helpers/faces.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(ROOT, 'node_modules/.bin/tsx');

describe('npm run eval on dev', () => {
  const dir = tempDir('eval');
  const subgroup = path.join(dir, 'people.txt');
  writeFileSync(subgroup, '# four of the dev people\np01\np02\np03\np10\n');
  const plot = path.join(dir, 'det.svg');

  it("reports TAR with intervals, the shipped thresholds' FAR/FRR, a subgroup and a DET curve", () => {
    const r = spawnSync(
      tsx,
      [
        'main/cli/eval.ts',
        '--faces',
        face('dev'),
        '--protocol',
        'card-q20',
        '--json',
        '--subgroup',
        subgroup,
        '--plot',
        plot,
        '--replicates',
        '200',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /embedded 61\/61 photos/, 'a progress line on stderr');
    const rep = JSON.parse(r.stdout);
    for (const k of [
      'protocol',
      'images',
      'identities',
      'no_face_live',
      'no_face_card',
      'genuine',
      'impostor',
      'auc',
      'tar_at_far',
      'thresholds',
      'model',
    ])
      assert.ok(k in rep, `existing key ${k} kept`);
    assert.equal(rep.images, 61);
    assert.equal(rep.identities, 13);
    assert.equal(rep.no_face_live, 0);
    assert.equal(rep.no_face_card, 0);
    assert.deepEqual(Object.keys(rep.tar_at_far), ['1e-2', '1e-3', '1e-4', '1e-5']);
    for (const [f, [lo, hi]] of Object.entries(rep.tar_at_far_ci as Record<string, [number, number]>).filter(([, v]) => v)) {
      assert.ok(lo <= rep.tar_at_far[f] + 1e-9 && rep.tar_at_far[f] <= hi + 1e-9, `${f}: ${lo} ≤ ${rep.tar_at_far[f]} ≤ ${hi}`);
    }
    assert.ok(rep.tar_at_far['1e-2'] > 0.8, 'the engine recognises dev people from card photos');
    for (const l of ['low', 'middle', 'high']) {
      assert.ok(rep.far_at_threshold[l] >= 0 && rep.far_at_threshold[l] < 0.01, `${l}: FAR ${rep.far_at_threshold[l]}`);
      assert.ok(rep.frr_at_threshold[l] >= 0 && rep.frr_at_threshold[l] <= 1);
    }
    assert.ok(
      rep.frr_at_threshold.low <= rep.frr_at_threshold.middle && rep.frr_at_threshold.middle <= rep.frr_at_threshold.high,
      'stricter thresholds reject more',
    );
    assert.equal(rep.subgroup.identities, 4);
    assert.equal(
      rep.subgroup.images,
      ['p01', 'p02', 'p03', 'p10'].reduce(
        (s, p) =>
          s +
          execFileSync('ls', [face(`dev/${p}`)], { encoding: 'utf8' })
            .trim()
            .split('\n').length,
        0,
      ),
    );
    // card-vs-live ordered pairs among the subgroup: n(n-1) in all, genuine Σ nᵢ(nᵢ-1).
    const n = rep.subgroup.images;
    assert.equal(rep.subgroup.genuine + rep.subgroup.impostor, n * (n - 1));
    for (const k of ['tar_at_far', 'tar_at_far_ci', 'far_at_threshold', 'frr_at_threshold', 'far_at_threshold_ci', 'frr_at_threshold_ci'])
      assert.ok(k in rep.subgroup, `subgroup.${k}`);
    const svg = readFileSync(plot, 'utf8');
    assert.match(svg, /^<svg/);
    assert.match(svg, /FNMR/);
    assert.ok((svg.match(/<path/g) ?? []).length >= 2, 'curves drawn');
  });

  it('answers --help and refuses a bad protocol with exit codes 0 and 1', () => {
    const help = spawnSync(tsx, ['main/cli/eval.ts', '--help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--subgroup FILE/);
    const bad = spawnSync(tsx, ['main/cli/eval.ts', '--faces', face('dev'), '--protocol', 'card-x'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /unknown protocol/);
  });
});
