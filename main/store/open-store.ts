// The store of a data folder: <dir>/sophonmatch.db with its key.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DataKey } from './crypto.js';
import { openDatabase } from './db.js';
import { SqliteEventStore } from './events.js';
import { acquireWriterLock } from './lock.js';

export const DB_FILE = 'sophonmatch.db';

/**
 * Opens the data folder's store for writing; a second writer on the same folder is refused. The key
 * comes from the environment or the folder's key file (headless), or is given (the desktop app's
 * keychain-sealed key).
 */
export function openStore(dataDir: string, key?: DataKey): SqliteEventStore {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const release = acquireWriterLock(dataDir);
  try {
    const db = openDatabase(path.join(dataDir, DB_FILE));
    return new SqliteEventStore(db, key ?? DataKey.forDataDir(dataDir), release);
  } catch (err) {
    release();
    throw err;
  }
}
