// Store maintenance that runs beside a live writer: stats, chain verification, online backup,
// checked restore, retention purge (itself audited).
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { SophonError } from '../common/errors.js';
import { verifyChain, type VerifyReport } from './chain.js';
import { openDatabase } from './db.js';

export interface StoreStats {
  events: number;
  first: { id: string; time: string } | null;
  last: { id: string; time: string } | null;
  chain_head: string | null;
  schema: number;
}

const iso = (t: number) => new Date(t * 1000).toISOString();

export function storeStats(db: Database.Database): StoreStats {
  const n = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  const first = db.prepare('SELECT id, server_time FROM events ORDER BY seq ASC LIMIT 1').get() as
    { id: string; server_time: number } | undefined;
  const last = db.prepare('SELECT id, server_time, hash FROM events ORDER BY seq DESC LIMIT 1').get() as
    { id: string; server_time: number; hash: string } | undefined;
  return {
    events: n,
    first: first ? { id: first.id, time: iso(first.server_time) } : null,
    last: last ? { id: last.id, time: iso(last.server_time) } : null,
    chain_head: last?.hash ?? null,
    schema: db.pragma('user_version', { simple: true }) as number,
  };
}

export function verifyStore(db: Database.Database): VerifyReport {
  return verifyChain(db.prepare('SELECT * FROM events ORDER BY seq').iterate() as Iterable<Record<string, unknown>>);
}

/** A consistent copy while the store is in use (SQLite online backup). */
export async function backupStore(db: Database.Database, target: string): Promise<void> {
  if (existsSync(target)) throw new SophonError('STORE_UNAVAILABLE', `${target} exists; choose a new file name`);
  await db.backup(target);
}

/** Checks a backup (opens as a SophonMatch store, integrity, chain) before it replaces `dbFile`. */
export function restoreStore(backup: string, dbFile: string): VerifyReport {
  const b = openDatabase(backup, { readonly: true });
  let report: VerifyReport;
  try {
    report = verifyStore(b);
  } finally {
    b.close();
  }
  if (!report.ok)
    throw new SophonError('STORE_UNAVAILABLE', `the backup does not verify: event ${report.firstBad?.seq}: ${report.firstBad?.problem}`);
  const staging = `${dbFile}.restoring`;
  copyFileSync(backup, staging);
  for (const suffix of ['-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  renameSync(staging, dbFile);
  return report;
}

export interface RetentionPolicy {
  photoDays: number;
  personalDays: number;
}

export function audit(db: Database.Database, actor: string, action: string, target: string | null, detail: unknown): void {
  db.prepare('INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)').run(
    Date.now() / 1000,
    actor,
    action,
    target,
    detail === undefined ? null : JSON.stringify(detail),
  );
}

/** What a purge with `policy` would delete now (the dry run of `store purge`). */
export function countExpired(
  db: Database.Database,
  policy: RetentionPolicy,
  now = Date.now() / 1000,
): { photos: number; personal: number } {
  const photos = (
    db
      .prepare(
        'SELECT count(*) AS n FROM events WHERE photos_purged_at IS NULL AND server_time < ? AND (card_photo_enc IS NOT NULL OR live_photo_enc IS NOT NULL)',
      )
      .get(now - policy.photoDays * 86400) as { n: number }
  ).n;
  const personal = (
    db
      .prepare('SELECT count(*) AS n FROM events WHERE personal_purged_at IS NULL AND server_time < ? AND identity_enc IS NOT NULL')
      .get(now - policy.personalDays * 86400) as { n: number }
  ).n;
  return { photos, personal };
}

/** Deletes photos and personal fields past their retention; the digests stay, so the chain verifies. */
export function purgeExpired(
  db: Database.Database,
  policy: RetentionPolicy,
  now = Date.now() / 1000,
  actor = 'retention',
): { photos: number; personal: number } {
  return db
    .transaction(() => {
      const photos = db
        .prepare(
          'UPDATE events SET card_photo_enc = NULL, live_photo_enc = NULL, photos_purged_at = ? ' +
            'WHERE photos_purged_at IS NULL AND server_time < ? AND (card_photo_enc IS NOT NULL OR live_photo_enc IS NOT NULL)',
        )
        .run(now, now - policy.photoDays * 86400).changes;
      const personal = db
        .prepare(
          'UPDATE events SET identity_enc = NULL, personal_purged_at = ? WHERE personal_purged_at IS NULL AND server_time < ? AND identity_enc IS NOT NULL',
        )
        .run(now, now - policy.personalDays * 86400).changes;
      db.prepare('DELETE FROM name_prefixes WHERE event_id IN (SELECT id FROM events WHERE personal_purged_at IS NOT NULL)').run();
      audit(db, actor, 'purge', null, { photos, personal, policy });
      return { photos, personal };
    })
    .immediate();
}
