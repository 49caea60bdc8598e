// The audit log for administrators: filtered by actor, action and period, newest first in keyset
// pages (by id), with the total; and every matching entry one at a time for the CSV export. Every
// filter value is a bound parameter.
import type Database from 'better-sqlite3';
import { AuditEntrySchema, type AuditEntry } from '../contracts/supervisor-api.js';

export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: number;
  to?: number;
}

function where(f: AuditFilter, before?: number): { sql: string; params: unknown[] } {
  const c: string[] = [];
  const p: unknown[] = [];
  if (f.actor) (c.push('actor = ?'), p.push(f.actor));
  if (f.action) (c.push('action = ?'), p.push(f.action));
  if (f.from !== undefined) (c.push('at >= ?'), p.push(f.from));
  if (f.to !== undefined) (c.push('at < ?'), p.push(f.to));
  if (before !== undefined) (c.push('id < ?'), p.push(before));
  return { sql: c.length ? `WHERE ${c.join(' AND ')}` : '', params: p };
}

export function auditPage(
  db: Database.Database,
  f: AuditFilter,
  limit: number,
  before?: number,
): { entries: AuditEntry[]; total: number; next: number | null } {
  const all = where(f);
  const total = (db.prepare(`SELECT count(*) AS n FROM audit ${all.sql}`).get(...all.params) as { n: number }).n;
  const w = where(f, before);
  const rows = AuditEntrySchema.array().parse(
    db.prepare(`SELECT id, at, actor, action, target, detail FROM audit ${w.sql} ORDER BY id DESC LIMIT ?`).all(...w.params, limit + 1),
  );
  const entries = rows.slice(0, limit);
  return { entries, total, next: rows.length > limit ? entries[entries.length - 1]!.id : null };
}

export function* iterateAudit(db: Database.Database, f: AuditFilter): Generator<AuditEntry> {
  const w = where(f);
  for (const r of db.prepare(`SELECT id, at, actor, action, target, detail FROM audit ${w.sql} ORDER BY id DESC`).iterate(...w.params))
    yield AuditEntrySchema.parse(r);
}
