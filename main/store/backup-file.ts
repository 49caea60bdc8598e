// A backup that restores anywhere: one file holding the database (an SQLite online-backup copy), the
// store key and the terminal's settings.json (whose API token is sealed with that key), sealed with a passphrase the administrator chooses (scrypt → AES-256-GCM, node's
// crypto). Layout: "SMBACKUP" ‖ version(1) ‖ header length(4, BE) ‖ header JSON (authenticated as
// AAD: salt, scrypt parameters, iv, what is inside) ‖ ciphertext of [key length(4) ‖ key ‖
// settings length(4) ‖ settings.json ‖ db] ‖
// tag(16). Opened in a stream: nothing decrypted is used before the tag has been checked.
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { promisify } from 'node:util';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { SophonError } from '../common/errors.js';
import type { DataKey } from './crypto.js';
import { storeStats } from './maintenance.js';

const MAGIC = Buffer.from('SMBACKUP');
const VERSION = 1;
const TAG = 16;
const SCRYPT = { N: 1 << 15, r: 8, p: 1 };
const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
export const MIN_PASSPHRASE = 12;

export const BackupHeaderSchema = z
  .object({
    format: z.literal('sophonmatch-backup'),
    created: z.string(),
    app: z.string(),
    kdf: z.object({
      name: z.literal('scrypt'),
      N: z.number().int().positive(),
      r: z.number().int().positive(),
      p: z.number().int().positive(),
      salt: z.string(),
    }),
    cipher: z.literal('aes-256-gcm'),
    iv: z.string(),
    events: z.number().int().nonnegative(),
    chain_head: z.string().nullable(),
    schema: z.number().int(),
    db_bytes: z.number().int().nonnegative(),
    settings_bytes: z.number().int().nonnegative(),
  })
  .strict();
export type BackupHeader = z.infer<typeof BackupHeaderSchema>;

const deriveKey = (passphrase: string, h: BackupHeader['kdf']) =>
  scrypt(passphrase, Buffer.from(h.salt, 'base64'), 32, { N: h.N, r: h.r, p: h.p, maxmem: 128 * h.N * h.r * 2 });

export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE)
    throw new SophonError('BAD_FIELD', `a backup passphrase has at least ${MIN_PASSPHRASE} characters`);
}

/** Writes `target` (new, 0600): the database of `db` and `key`, sealed with `passphrase`. */
export async function writeBackup(
  db: Database.Database,
  key: DataKey,
  passphrase: string,
  target: string,
  app: string,
  settings: Buffer = Buffer.alloc(0),
): Promise<BackupHeader> {
  checkPassphrase(passphrase);
  const copy = `${target}.db-copy`;
  const partial = `${target}.partial`;
  try {
    try {
      const fd = openSync(target, 'wx', 0o600); // refuses an existing file; the name is ours from here
      closeSync(fd);
    } catch {
      throw new SophonError('BAD_FIELD', `${target} exists or cannot be created; choose a new file name in a folder that exists`);
    }
    await db.backup(copy);
    const stats = storeStats(db);
    const kdf = { name: 'scrypt' as const, ...SCRYPT, salt: randomBytes(16).toString('base64') };
    const iv = randomBytes(12);
    const header: BackupHeader = {
      format: 'sophonmatch-backup',
      created: new Date().toISOString(),
      app,
      kdf,
      cipher: 'aes-256-gcm',
      iv: iv.toString('base64'),
      events: stats.events,
      chain_head: stats.chain_head,
      schema: stats.schema,
      db_bytes: statSync(copy).size,
      settings_bytes: settings.length,
    };
    const headerBytes = Buffer.from(JSON.stringify(header));
    const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, kdf), iv);
    const prefix = Buffer.concat([MAGIC, Buffer.from([VERSION]), u32(headerBytes.length), headerBytes]);
    cipher.setAAD(prefix);
    const out = createWriteStream(partial, { mode: 0o600 });
    out.write(prefix);
    const keyBytes = key.exportBytes();
    out.write(cipher.update(Buffer.concat([u32(keyBytes.length), keyBytes, u32(settings.length), settings])));
    await pipeline(createReadStream(copy), cipher, out, { end: false });
    out.write(cipher.getAuthTag());
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const fd = openSync(partial, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(partial, target);
    return header;
  } catch (e) {
    rmSync(partial, { force: true });
    if (statSafe(target) === 0) rmSync(target, { force: true });
    throw e;
  } finally {
    rmSync(copy, { force: true });
  }
}

const statSafe = (f: string) => {
  try {
    return statSync(f).size;
  } catch {
    return -1;
  }
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** The header of a backup file (no passphrase needed): what it holds, to say so before restoring. */
export function readBackupHeader(file: string): { header: BackupHeader; prefixLength: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new SophonError(
      'BAD_FIELD',
      `cannot read the backup ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  try {
    const size = statSync(file).size;
    const head = Buffer.alloc(13);
    readSync(fd, head, 0, 13, 0);
    if (!head.subarray(0, 8).equals(MAGIC))
      throw new SophonError(
        'BAD_FIELD',
        `${file} is not a SophonMatch backup (backups made before version 0.2 hold no key; restore them with --legacy-db)`,
      );
    if (head[8] !== VERSION) throw new SophonError('BAD_FIELD', `${file} is a backup of a format this version does not read (${head[8]})`);
    const len = head.readUInt32BE(9);
    if (len > 65536 || 13 + len + TAG > size) throw new SophonError('BAD_FIELD', `${file} is damaged (its header is cut short)`);
    const json = Buffer.alloc(len);
    readSync(fd, json, 0, len, 13);
    const parsed = BackupHeaderSchema.safeParse(JSON.parse(json.toString('utf8')));
    if (!parsed.success) throw new SophonError('BAD_FIELD', `${file} is damaged (its header does not read)`);
    return { header: parsed.data, prefixLength: 13 + len, size };
  } catch (e) {
    if (e instanceof SophonError) throw e;
    throw new SophonError('BAD_FIELD', `${file} is damaged (${(e as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a backup into `dbOut` (the database) and returns the store key it carries. A wrong
 * passphrase or a changed byte anywhere is refused (the GCM tag) and `dbOut` removed.
 */
export async function openBackup(
  file: string,
  passphrase: string,
  dbOut: string,
): Promise<{ header: BackupHeader; key: Buffer; settings: Buffer | null }> {
  const { header, prefixLength, size } = readBackupHeader(file);
  const prefix = Buffer.alloc(prefixLength);
  const fd = openSync(file, 'r');
  const tag = Buffer.alloc(TAG);
  readSync(fd, prefix, 0, prefixLength, 0);
  readSync(fd, tag, 0, TAG, size - TAG);
  closeSync(fd);
  const decipher = createDecipheriv('aes-256-gcm', await deriveKey(passphrase, header.kdf), Buffer.from(header.iv, 'base64'));
  decipher.setAAD(prefix);
  decipher.setAuthTag(tag);
  // The plaintext starts with the key and the settings (each after its length); the rest is the database.
  let pending = Buffer.alloc(0);
  let head: { key: Buffer; settings: Buffer } | null = null;
  const split = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (head) return done(null, chunk);
      pending = Buffer.concat([pending, chunk]);
      if (pending.length < 4) return done();
      const keyLen = pending.readUInt32BE(0);
      if (keyLen > 64) return done(new Error('bad key length'));
      if (pending.length < 8 + keyLen) return done();
      const setLen = pending.readUInt32BE(4 + keyLen);
      if (setLen > 1 << 20) return done(new Error('bad settings length'));
      const end = 8 + keyLen + setLen;
      if (pending.length < end) return done();
      head = { key: Buffer.from(pending.subarray(4, 4 + keyLen)), settings: Buffer.from(pending.subarray(8 + keyLen, end)) };
      const rest = pending.subarray(end);
      pending = Buffer.alloc(0);
      done(null, rest);
    },
  });
  try {
    await pipeline(
      createReadStream(file, { start: prefixLength, end: size - TAG - 1 }),
      decipher,
      split,
      createWriteStream(dbOut, { mode: 0o600 }),
    );
  } catch (e) {
    rmSync(dbOut, { force: true });
    if (/unable to authenticate|auth|bad (key|settings) length/i.test((e as Error).message))
      throw new SophonError('BAD_FIELD', 'the passphrase is wrong, or the backup file was changed or damaged; nothing was restored');
    throw e;
  }
  const got = head as { key: Buffer; settings: Buffer } | null;
  if (!got || got.key.length !== 32) {
    rmSync(dbOut, { force: true });
    throw new SophonError('BAD_FIELD', 'the backup holds no valid store key; nothing was restored');
  }
  const written = statSync(dbOut).size;
  if (written !== header.db_bytes) {
    rmSync(dbOut, { force: true });
    throw new SophonError(
      'BAD_FIELD',
      `the backup's database is ${written} bytes where its header says ${header.db_bytes}; nothing was restored`,
    );
  }
  return { header, key: got.key, settings: got.settings.length ? got.settings : null };
}
