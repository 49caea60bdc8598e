// The C kernels pick vector forms (AVX, AVX2) at run time where the CPU has them; their scalar twins
// must stay exact too. A test file calls this once: it runs itself again in a child process with
// SOPHONMATCH_NO_AVX set (every vector form off), which must pass there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadNativeKernels } from '../../main/engine/image/pixel-kernels.js';

export function alsoWithoutSimd(testFileUrl: string, expectSimd: RegExp): void {
  const native = loadNativeKernels().kernels;
  const skip = !native || process.env.SOPHONMATCH_NO_AVX
    ? 'runs in the parent only, with native kernels'
    : !expectSimd.test(native.simd?.() ?? 'none')
      ? `this CPU does not run those vector forms (${native.simd?.() ?? 'none'}): the run above was the scalar one`
      : false;
  it('the scalar C loops give the same results (the file again, with SOPHONMATCH_NO_AVX)', { skip }, () => {
    const { NODE_TEST_CONTEXT: _, ...env } = process.env; // a plain run with its own report, not a runner's child
    const r = spawnSync(process.execPath, [...process.execArgv.filter((a) => !a.startsWith('--test')), '--test', '--test-reporter=tap', fileURLToPath(testFileUrl)], {
      env: { ...env, SOPHONMATCH_NO_AVX: '1' },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`.slice(-3000));
    assert.match(r.stdout, /# pass [1-9]/);
    assert.match(r.stdout, /# fail 0/);
  });
}
