// One long-lived writer per data folder (the server, the desktop app, `store restore`). The lock is
// an exclusive SQLite lock on a small lock database (<dir>/sophonmatch.writer-lock), held by an
// open write transaction of the live process: SQLite takes it with fcntl() on POSIX and LockFileEx()
// on Windows, so the kernel releases it when the process ends, however it ends (SIGKILL, crash,
// power cut). A second live process is refused with a clear message naming the holder's PID, which
// is informational only (<dir>/sophonmatch.pid): a stale or reused PID never blocks a start.
// Short administrative writes (setup-admin) need no writer lock: SQLite serialises them with the
// live writer's transactions (WAL, busy timeout).
import { accessSync, constants, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SophonError } from '../common/errors.js';

export const LOCK_FILE = 'sophonmatch.writer-lock';
export const PID_FILE = 'sophonmatch.pid';
/** The PID-file lock of earlier versions: ignored, and removed once the new lock is held. */
const LEGACY_LOCK = 'sophonmatch.lock';

/**
 * How long a start waits for the lock: a process killed a moment ago may still be tearing down
 * (its files, and so its locks, are released at the end of that).
 */
export const LOCK_WAIT_MS = 3000;

/** Why a folder cannot be written (a read-only file system, permissions), in the system's words. */
function notWritable(dir: string): string | null {
  try {
    accessSync(dir, constants.W_OK);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

const cannotLock = (dir: string, e: unknown) =>
  new SophonError('STORE_UNAVAILABLE', `cannot lock the data folder ${dir}: ${notWritable(dir) ?? (e as Error).message}`);

const isBusy = (e: unknown) =>
  /SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(`${(e as { code?: string }).code ?? ''} ${(e as Error).message}`);

export function holderPid(dir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dir, PID_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function acquireWriterLock(dir: string, waitMs = LOCK_WAIT_MS): () => void {
  const file = path.join(dir, LOCK_FILE);
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: waitMs });
  } catch (e) {
    throw cannotLock(dir, e);
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    // A write inside the transaction: the lock is the exclusive one from here until release.
    db.exec('CREATE TABLE IF NOT EXISTS writer (pid INTEGER)');
    db.exec('DELETE FROM writer');
    db.prepare('INSERT INTO writer (pid) VALUES (?)').run(process.pid);
  } catch (e) {
    db.close();
    if (isBusy(e)) {
      const pid = holderPid(dir);
      throw new SophonError(
        'STORE_UNAVAILABLE',
        `the store in ${dir} is already open in another SophonMatch process${pid ? ` (pid ${pid})` : ''}; stop it first`,
      );
    }
    throw cannotLock(dir, e);
  }
  try {
    writeFileSync(path.join(dir, PID_FILE), `${process.pid}\n`, { mode: 0o600 });
    rmSync(path.join(dir, LEGACY_LOCK), { force: true });
  } catch {
    // informational files only: the lock is held either way
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (holderPid(dir) === process.pid) rmSync(path.join(dir, PID_FILE), { force: true });
    try {
      db.exec('ROLLBACK');
    } catch {
      // nothing to roll back
    }
    db.close();
  };
}
