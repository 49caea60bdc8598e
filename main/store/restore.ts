// Restoring a backup file into a data folder, new or in use: the backup is opened (passphrase, GCM
// tag), its chain verified and its key checked against its events before anything is replaced.
// Over a store that holds anything, it needs `force`; what it replaces is moved to a safety folder
// (<dir>/replaced-<time>/) and named in the answer. `dryRun` does every check and changes nothing.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SophonError } from '../common/errors.js';
import { resealSettings, SETTINGS_FILE } from '../settings/settings-file.js';
import { openBackup, readBackupHeader, type BackupHeader } from './backup-file.js';
import { DataKey } from './crypto.js';
import { openDatabase } from './db.js';
import { acquireWriterLock } from './lock.js';
import { storeStats, verifyStore, type StoreStats } from './maintenance.js';
import { DB_FILE } from './open-store.js';

export interface RestorePlan {
  backup: Pick<BackupHeader, 'created' | 'app' | 'events' | 'chain_head' | 'schema'>;
  /** What is in the data folder now (null: nothing). */
  current: { events: number; users: number; last: StoreStats['last']; damaged?: string } | null;
}

export interface RestoreResult extends RestorePlan {
  dryRun: boolean;
  /** Where the replaced database and key were moved (null: nothing was replaced). */
  safetyCopy: string | null;
  settings: 'none' | 'restored' | 'resealed' | 'token-dropped';
}

export class RestoreRefused extends SophonError {
  constructor(
    message: string,
    readonly plan: RestorePlan,
  ) {
    super('BAD_FIELD', message);
  }
}

function currentContents(dbFile: string): RestorePlan['current'] {
  if (!existsSync(dbFile)) return null;
  let db;
  try {
    db = openDatabase(dbFile, { readonly: true });
  } catch (e) {
    return { events: 0, users: 0, last: null, damaged: (e as Error).message }; // what a restore is for
  }
  try {
    const s = storeStats(db);
    const users = (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
    return s.events || users ? { events: s.events, users, last: s.last } : null;
  } finally {
    db.close();
  }
}

/** The key must open what it sealed: one sealed value of the backup's events is opened with it. */
function checkKeyOpensEvents(dbFile: string, key: DataKey): void {
  const db = openDatabase(dbFile, { readonly: true });
  try {
    const row = db
      .prepare(
        'SELECT id, card_photo_enc, identity_enc FROM events WHERE card_photo_enc IS NOT NULL OR identity_enc IS NOT NULL ORDER BY seq DESC LIMIT 1',
      )
      .get() as { id: string; card_photo_enc: Buffer | null; identity_enc: Buffer | null } | undefined;
    if (!row) return;
    try {
      if (row.card_photo_enc) key.open(row.card_photo_enc, `${row.id}:card`);
      else key.open(row.identity_enc!, `${row.id}:identity`);
    } catch {
      throw new SophonError(
        'BAD_FIELD',
        'the key in the backup does not open its events; the backup is not usable and nothing was restored',
      );
    }
  } finally {
    db.close();
  }
}

export interface RestoreOptions {
  force?: boolean;
  dryRun?: boolean;
  /** Asked after every check passed, before anything is replaced (a terminal's y/N); false: nothing is done. */
  confirm?: (plan: RestorePlan) => Promise<boolean>;
}

export async function restoreBackup(
  file: string,
  passphrase: string,
  dataDir: string,
  opts: RestoreOptions = {},
): Promise<RestoreResult | null> {
  const { header } = readBackupHeader(file); // a wrong file is refused before the folder is touched
  if (existsSync(path.join(dataDir, 'store.key.sealed')))
    throw new SophonError(
      'BAD_FIELD',
      `${dataDir} is the desktop app's data folder (its store key is sealed by the OS keychain); a backup restores into a headless server's folder`,
    );
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const release = acquireWriterLock(dataDir, 500); // a running server: refused with its message
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const staging = path.join(dataDir, `.restoring-${stamp}`);
  try {
    const dbFile = path.join(dataDir, DB_FILE);
    const plan: RestorePlan = {
      backup: { created: header.created, app: header.app, events: header.events, chain_head: header.chain_head, schema: header.schema },
      current: currentContents(dbFile),
    };
    mkdirSync(staging, { mode: 0o700 });
    const stagedDb = path.join(staging, DB_FILE);
    const { key: keyBytes, settings: backupSettings } = await openBackup(file, passphrase, stagedDb);
    const key = DataKey.fromBytes(keyBytes);
    const check = openDatabase(stagedDb, { readonly: true });
    let report;
    try {
      report = verifyStore(check);
    } finally {
      check.close();
    }
    if (!report.ok)
      throw new SophonError(
        'BAD_FIELD',
        `the backup does not verify: event ${report.firstBad?.seq}: ${report.firstBad?.problem}; nothing was restored`,
      );
    checkKeyOpensEvents(stagedDb, key);
    const envKey = process.env.SOPHONMATCH_STORE_KEY;
    if (envKey && !DataKey.forDataDir(dataDir, envKey).exportBytes().equals(keyBytes))
      throw new SophonError(
        'BAD_FIELD',
        "SOPHONMATCH_STORE_KEY is set to another key than the backup carries; unset it (the key file is written) or set it to the backup's key",
      );
    if (plan.current && !opts.force)
      throw new RestoreRefused(
        plan.current.damaged
          ? `the data folder ${dataDir} holds a database that does not open (${plan.current.damaged}); restoring replaces it: add --force (it is kept in a safety copy)`
          : `the data folder ${dataDir} holds ${plan.current.events} events and ${plan.current.users} users; restoring replaces them: add --force (they are kept in a safety copy)`,
        plan,
      );
    if (opts.dryRun) return { ...plan, dryRun: true, safetyCopy: null, settings: 'none' };
    if (opts.confirm && !(await opts.confirm(plan))) return null;

    const oldKey = DataKey.existingForDataDir(dataDir);
    let safetyCopy: string | null = null;
    const keyFile = path.join(dataDir, 'store.key');
    // The backup's settings replace the folder's (kept in the safety copy); without any, the folder's stay.
    const existing = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, 'store.key', ...(backupSettings ? [SETTINGS_FILE] : [])].filter((f) =>
      existsSync(path.join(dataDir, f)),
    );
    if (existing.length) {
      safetyCopy = path.join(dataDir, `replaced-${stamp}`);
      mkdirSync(safetyCopy, { mode: 0o700 });
      for (const f of existing) renameSync(path.join(dataDir, f), path.join(safetyCopy, f));
    }
    if (!envKey) writeFileSync(keyFile, keyBytes.toString('hex') + '\n', { mode: 0o600 });
    renameSync(stagedDb, dbFile);
    if (backupSettings) writeFileSync(path.join(dataDir, SETTINGS_FILE), backupSettings, { mode: 0o600 });
    const settings = backupSettings ? 'restored' : resealSettings(dataDir, oldKey, key);
    return { ...plan, dryRun: false, safetyCopy, settings };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    release();
  }
}
