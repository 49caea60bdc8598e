// One writer per data folder: a lock file holding the writer's PID. A second process is refused
// with a clear message; a lock left by a process that no longer exists is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { SophonError } from '../common/errors.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function acquireWriterLock(dir: string): () => void {
  const file = path.join(dir, 'sophonmatch.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new SophonError('STORE_UNAVAILABLE', `cannot lock the data folder ${dir}: ${(e as Error).message}`);
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new SophonError('STORE_UNAVAILABLE', `the store in ${dir} is already open in another SophonMatch process (pid ${pid}); stop it first`);
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new SophonError('STORE_UNAVAILABLE', `cannot lock the data folder ${dir}`);
}
