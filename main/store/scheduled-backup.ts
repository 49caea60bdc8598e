// Scheduled backups (Settings: daily on/off, how many kept, where, the passphrase): at most one
// sealed backup file a day (sophonmatch-YYYYMMDD-HHMMSS.smbackup), the newest `keep` kept, older
// ones of that pattern deleted. The same files as `store backup`, restored with `store restore`.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { writeBackup } from './backup-file.js';
import type { DataKey } from './crypto.js';
import { audit } from './maintenance.js';

export const BACKUP_PATTERN = /^sophonmatch-\d{8}-\d{6}\.smbackup$/;
const DAY_MS = 24 * 3600 * 1000;

export interface ScheduledBackupPlan {
  dir: string;
  keep: number;
  passphrase: string;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** The folder's scheduled backups, newest first. */
export function scheduledBackups(dir: string): { file: string; mtimeMs: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => BACKUP_PATTERN.test(n))
    .map((n) => ({ file: path.join(dir, n), mtimeMs: statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs || b.file.localeCompare(a.file));
}

/**
 * Takes today's backup when the newest is a day old or more (or there is none), then keeps the
 * newest `keep`. Returns what it wrote and removed.
 */
export async function runScheduledBackup(
  db: Database.Database,
  key: DataKey,
  plan: ScheduledBackupPlan,
  app: string,
  settings?: Buffer,
  now = new Date(),
): Promise<{ written: string | null; removed: string[] }> {
  mkdirSync(plan.dir, { recursive: true, mode: 0o700 });
  const newest = scheduledBackups(plan.dir)[0];
  let written: string | null = null;
  if (!newest || now.getTime() - newest.mtimeMs >= DAY_MS - 60_000) {
    written = path.join(plan.dir, `sophonmatch-${stamp(now)}.smbackup`);
    const h = await writeBackup(db, key, plan.passphrase, written, app, settings);
    audit(db, 'schedule', 'store.backup', null, { file: path.basename(written), events: h.events });
  }
  const removed = scheduledBackups(plan.dir)
    .slice(plan.keep)
    .map((b) => b.file);
  for (const f of removed) rmSync(f, { force: true });
  return { written, removed };
}
