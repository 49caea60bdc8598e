// The writer lock is held by the live process and released by the kernel when it dies: restarts
// right after a SIGKILL come up, stale or reused PIDs never block, a second live writer is refused.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SophonError } from '../../main/common/errors.js';
import { acquireWriterLock } from '../../main/store/lock.js';
import { openStore } from '../../main/store/open-store.js';
import { tempDir } from '../helpers/tmp.js';

const HOLDER = path.resolve('test/store/lock-holder.ts');

/** Starts a holder; resolves with its first line ('ready PID' or 'refused: …') and the process. */
function startHolder(dir: string): { child: ChildProcess; line: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = new Promise<string>((resolve) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    child.on('exit', (code) => resolve(buf.split('\n')[0] || `exited ${code}`));
  });
  return { child, line };
}

describe('writer lock', () => {
  it('SIGKILL then restart at once, 20 times: every restart comes up', async () => {
    const dir = tempDir('sophon-lock');
    let holder = startHolder(dir);
    assert.match(await holder.line, /^ready \d+$/);
    for (let i = 0; i < 20; i++) {
      holder.child.kill('SIGKILL'); // not waited for: the next one starts while this one is torn down
      const next = startHolder(dir);
      assert.match(await next.line, /^ready \d+$/, `restart ${i + 1} came up`);
      holder = next;
    }
    // The last one is live: a second live writer is refused with the clear message, naming its PID.
    const second = startHolder(dir);
    assert.match(
      await second.line,
      new RegExp(`^refused: the store in .* is already open in another SophonMatch process \\(pid ${holder.child.pid}\\); stop it first$`),
    );
    holder.child.kill('SIGKILL');
  });

  it('a lock file naming the PID of another live process does not block a start', () => {
    const dir = tempDir('sophon-lock');
    // The old PID-file lock and the informational PID file, both naming a live process (this one's parent).
    writeFileSync(path.join(dir, 'sophonmatch.lock'), String(process.ppid));
    writeFileSync(path.join(dir, 'sophonmatch.pid'), String(process.ppid));
    const store = openStore(dir);
    assert.ok(store.isOpen());
    store.close();
  });

  it('in one process too, a second writer is refused until the first releases', () => {
    const dir = tempDir('sophon-lock');
    const release = acquireWriterLock(dir);
    assert.throws(
      () => acquireWriterLock(dir, 100),
      (e) =>
        e instanceof SophonError &&
        e.reason === 'STORE_UNAVAILABLE' &&
        /already open in another SophonMatch process \(pid \d+\); stop it first/.test(e.message),
    );
    release();
    acquireWriterLock(dir, 100)();
  });
});
