// The store of a data folder: <dir>/sophonmatch.db with its key. The folder is the user's alone
// (0700) and so are its files (0600: the database, its WAL and shared-memory files, the key); on
// Windows the folder's ACL does this (docs/OPERATIONS.md).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { DataKey } from './crypto.js';
import { openDatabase } from './db.js';
import { SqliteEventStore } from './events.js';
import { acquireWriterLock, LOCK_FILE } from './lock.js';

export const DB_FILE = 'sophonmatch.db';

const PRIVATE_FILES = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, 'store.key', 'settings.json', LOCK_FILE];

/** Creates the data folder (0700) and its database file (0600) where missing; tightens what exists. */
export function prepareDataDir(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const dbFile = path.join(dataDir, DB_FILE);
  try {
    if (!existsSync(dbFile)) closeSync(openSync(dbFile, 'a', 0o600)); // SQLite's WAL and SHM files take its mode
  } catch {
    // not writable: opening the database says so
  }
  tightenPermissions(dataDir);
  return dbFile;
}

export function tightenPermissions(dataDir: string): void {
  if (process.platform === 'win32') return;
  try {
    chmodSync(dataDir, 0o700);
    for (const f of PRIVATE_FILES) if (existsSync(path.join(dataDir, f))) chmodSync(path.join(dataDir, f), 0o600);
  } catch {
    // a folder owned by someone else (a read-only mount, another user): opening it says what is wrong
  }
}

/**
 * Opens the data folder's store for writing; a second writer on the same folder is refused. The key
 * comes from the environment or the folder's key file.
 */
export function openStore(dataDir: string): SqliteEventStore {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const release = acquireWriterLock(dataDir);
  try {
    const db = openDatabase(prepareDataDir(dataDir));
    tightenPermissions(dataDir);
    return new SqliteEventStore(db, DataKey.forDataDir(dataDir), release);
  } catch (err) {
    release();
    throw err;
  }
}
