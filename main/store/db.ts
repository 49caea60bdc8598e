// Opens the SQLite store: WAL, synchronous=FULL, foreign keys, migrations in one transaction.
// A file that is not a SophonMatch store (or is damaged) is refused and never overwritten.
import Database from 'better-sqlite3';
import { SophonError } from '../common/errors.js';
import { MIGRATIONS } from './migrations/index.js';

export const APPLICATION_ID = 0x536f7068; // "Soph"

export interface OpenOptions {
  readonly?: boolean;
}

export function openDatabase(file: string, opts: OpenOptions = {}): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: 5000, readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      db.close();
      const first =
        String(check)
          .split('\n')
          .find((l) => l.trim() && !l.startsWith('***')) ?? String(check);
      throw new SophonError(
        'STORE_UNAVAILABLE',
        `${file} is damaged (${first.trim()}); it was left untouched — restore a backup with: sophonmatch store restore FILE`,
      );
    }
    db.pragma('foreign_keys = ON');
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
    if (appId !== APPLICATION_ID && (appId !== 0 || version !== 0 || tables > 0)) {
      db.close();
      throw new SophonError('STORE_UNAVAILABLE', `${file} is not a SophonMatch store; it was left untouched`);
    }
  } catch (err) {
    if (err instanceof SophonError) throw err;
    throw new SophonError('STORE_UNAVAILABLE', `cannot open the store ${file}: ${(err as Error).message}`);
  }
  if (!opts.readonly) migrate(db);
  return db;
}

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  if (current > latest)
    throw new SophonError('STORE_UNAVAILABLE', `the store was written by a newer SophonMatch (schema ${current} > ${latest})`);
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (!pending.length) return;
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      m.run?.(db);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
}
