// The terminal's settings in its data folder (settings.json): read with defaults for what is
// missing, every change validated as a whole and written atomically (temp file + rename).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SophonError } from '../common/errors.js';
import { DEFAULT_SETTINGS, RESTART_FIELDS, SettingsPatchSchema, SettingsSchema, type Settings } from '../contracts/settings.js';
import type { DataKey } from '../store/crypto.js';

export const SETTINGS_FILE = 'settings.json';

export class SettingsError extends SophonError {
  constructor(readonly fields: Record<string, string>) {
    super(
      'BAD_FIELD',
      `settings not saved: ${Object.entries(fields)
        .map(([k, m]) => `${k}: ${m}`)
        .join('; ')}`,
      { fields },
    );
  }
}

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.map(String).join('.') || 'settings'] ??= i.message;
  return out;
}

/** The API token is a secret: sealed with the store's key in the file, plain only in memory. */
const SEALED = 'sealed:';
const TOKEN_AAD = 'settings:apiToken';
/** The settings that are secrets: sealed in the file (AAD: the field's name), never shown on screen. */
export const SECRET_FIELDS = ['apiToken', 'backupPassphrase'] as const;
const aadOf = (field: (typeof SECRET_FIELDS)[number]) => (field === 'apiToken' ? TOKEN_AAD : `settings:${field}`);

export class SettingsFile {
  private current: Settings;

  constructor(
    private readonly dir: string,
    private readonly key?: DataKey,
  ) {
    this.current = this.read();
  }

  private openSecret(v: unknown, field: (typeof SECRET_FIELDS)[number]): unknown {
    if (typeof v !== 'string' || !v.startsWith(SEALED)) return v;
    if (!this.key)
      throw new SophonError('STORE_UNAVAILABLE', `the ${field} in settings.json is sealed and no store key was given to open it`);
    return this.key.open(Buffer.from(v.slice(SEALED.length), 'base64'), aadOf(field)).toString('utf8');
  }

  private read(): Settings {
    const file = path.join(this.dir, SETTINGS_FILE);
    const defaults = { ...DEFAULT_SETTINGS, terminalId: os.hostname().slice(0, 128) || DEFAULT_SETTINGS.terminalId };
    if (!existsSync(file)) return defaults;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new SophonError('STORE_UNAVAILABLE', `${file} is not valid JSON (${(e as Error).message}); fix or delete it`);
    }
    const secrets = Object.fromEntries(SECRET_FIELDS.map((f) => [f, this.openSecret((raw as Record<string, unknown>)[f] ?? null, f)]));
    const r = SettingsSchema.safeParse({ ...defaults, ...(raw as object), ...secrets });
    if (!r.success) throw new SettingsError(fieldErrors(r.error.issues));
    return r.data;
  }

  get(): Settings {
    return { ...this.current };
  }

  /** Validates the change against the whole; saves and returns the new settings and what needs a restart. */
  update(patch: unknown): { settings: Settings; restartRequired: string[] } {
    const p = SettingsPatchSchema.safeParse(patch);
    if (!p.success) throw new SettingsError(fieldErrors(p.error.issues));
    const next = SettingsSchema.safeParse({ ...this.current, ...p.data });
    if (!next.success) throw new SettingsError(fieldErrors(next.error.issues));
    const restartRequired = RESTART_FIELDS.filter((k) => JSON.stringify(next.data[k]) !== JSON.stringify(this.current[k]));
    const file = path.join(this.dir, SETTINGS_FILE);
    if (next.data.backupDaily && !next.data.backupPassphrase)
      throw new SettingsError({ backupPassphrase: 'scheduled backups need a passphrase' });
    const sealed = (f: (typeof SECRET_FIELDS)[number]) => {
      const v = next.data[f];
      return v && this.key ? SEALED + this.key.seal(Buffer.from(v), aadOf(f)).toString('base64') : v;
    };
    const onDisk = { ...next.data, ...Object.fromEntries(SECRET_FIELDS.map((f) => [f, sealed(f)])) };
    writeFileSync(file + '.tmp', JSON.stringify(onDisk, null, 2), { mode: 0o600 });
    renameSync(file + '.tmp', file);
    this.current = next.data;
    return { settings: this.get(), restartRequired };
  }
}

/**
 * After a restore brings another store key: the settings' sealed API token is opened with the old
 * key and sealed again with the new one (the rest of the file is kept as it is). Without the old
 * key the token cannot be kept: it is dropped (set it again on the Settings screen) and said so.
 */
export function resealSettings(dir: string, oldKey: DataKey | null, newKey: DataKey): 'none' | 'resealed' | 'token-dropped' {
  const file = path.join(dir, SETTINGS_FILE);
  if (!existsSync(file)) return 'none';
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return 'none';
  }
  let dropped = false;
  let any = false;
  const next: Record<string, unknown> = { ...raw };
  for (const f of SECRET_FIELDS) {
    const v = raw[f];
    if (typeof v !== 'string' || !v.startsWith(SEALED)) continue;
    any = true;
    let plain: Buffer | null;
    try {
      plain = oldKey ? oldKey.open(Buffer.from(v.slice(SEALED.length), 'base64'), aadOf(f)) : null;
    } catch {
      plain = null;
    }
    next[f] = plain ? SEALED + newKey.seal(plain, aadOf(f)).toString('base64') : null;
    if (!plain) {
      dropped = true;
      if (f === 'backupPassphrase') next.backupDaily = false;
    }
  }
  if (!any) return 'none';
  writeFileSync(file + '.tmp', JSON.stringify(next, null, 2), { mode: 0o600 });
  renameSync(file + '.tmp', file);
  return dropped ? 'token-dropped' : 'resealed';
}
