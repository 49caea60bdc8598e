// `npm start`, `npm run serve` and `npx sophonmatch` start through scripts/launch.mjs: from the
// bundles npm install builds while they are fresh, from the TypeScript sources otherwise. Both
// paths give the same answers. (The server and resilience suites start the server the same way.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freshBundle } from '../../main/common/fresh-bundle.mjs';
import { face } from '../helpers/faces.js';

const root = path.resolve(import.meta.dirname, '../..');
const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('launcher', () => {
  it('npm install (and npm test) build fresh bundles of the command line and of npm start', () => {
    for (const name of ['sophonmatch', 'start']) {
      const bundle = path.join(root, 'dist/main/cli', `${name}.mjs`);
      assert.equal(freshBundle(bundle, root), bundle, `${bundle} missing or older than its sources: npm run build:bundles`);
    }
  });

  it('the bundled command line answers exactly as the sources do', () => {
    const args = ['compare', '--card', face('dev/p01/img10.jpg'), '--face', face('dev/p01/img11.jpg'), '--threshold', 'low'];
    const bundled = run(['scripts/launch.mjs', 'sophonmatch', ...args]);
    const sources = run(['--import', 'tsx', 'main/cli/sophonmatch.ts', ...args]);
    assert.equal(bundled.status, 0, bundled.stderr);
    assert.equal(sources.status, 0, sources.stderr);
    assert.deepEqual(JSON.parse(bundled.stdout), JSON.parse(sources.stdout));
    assert.equal(JSON.parse(bundled.stdout).retcode, '1', 'the same person at the low threshold');
  });

  it('says how to use it when the entry is unknown', () => {
    const r = run(['scripts/launch.mjs', 'nonsense']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage: node scripts\/launch.mjs start\|sophonmatch/);
  });
});
