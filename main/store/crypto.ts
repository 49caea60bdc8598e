// Personal data at rest: AES-256-GCM sealing and a keyed hash for exact search by ID number.
// The headless server takes its 32-byte key from SOPHONMATCH_STORE_KEY (hex/base64) or from
// <data-dir>/store.key (created 0600 on first start), the desktop app's from its data folder's store.key too.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const VERSION = 1;
/** Name prefixes searchable through the blind index (surname and a little more). */
export const NAME_PREFIXES = 4;

export class DataKey {
  private constructor(private readonly key: Buffer) {}

  static fromBytes(key: Buffer): DataKey {
    if (key.length !== 32) throw new Error('the store key must be 32 bytes (AES-256)');
    return new DataKey(key);
  }

  /** From the environment, else from (or newly into) <dir>/store.key. */
  static forDataDir(dir: string, env: string | undefined = process.env.SOPHONMATCH_STORE_KEY): DataKey {
    if (env) return DataKey.fromBytes(/^[0-9a-f]{64}$/i.test(env) ? Buffer.from(env, 'hex') : Buffer.from(env, 'base64'));
    const file = path.join(dir, 'store.key');
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    return DataKey.fromBytes(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
  }

  /** The key of a data folder that has one (environment or key file); null: none (never creates one). */
  static existingForDataDir(dir: string, env: string | undefined = process.env.SOPHONMATCH_STORE_KEY): DataKey | null {
    return env || existsSync(path.join(dir, 'store.key')) ? DataKey.forDataDir(dir, env) : null;
  }

  /** The key file's content (backups seal it with the administrator's passphrase). */
  exportBytes(): Buffer {
    return Buffer.from(this.key);
  }

  /** version(1) ‖ iv(12) ‖ tag(16) ‖ ciphertext. `aad` binds the ciphertext to its row and column. */
  seal(plain: Uint8Array, aad: string): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(aad));
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, c.getAuthTag(), body]);
  }

  open(sealed: Uint8Array, aad: string): Buffer {
    const b = Buffer.from(sealed);
    if (b[0] !== VERSION || b.length < 29) throw new Error('sealed value has an unknown format');
    const d = createDecipheriv('aes-256-gcm', this.key, b.subarray(1, 13));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(b.subarray(13, 29));
    return Buffer.concat([d.update(b.subarray(29)), d.final()]);
  }

  /** Keyed hash (HMAC-SHA256, hex) of a normalised ID number: equal numbers, equal hashes; not reversible. */
  searchHash(value: string): string {
    return createHmac('sha256', this.key).update('idcard:').update(value.trim().toUpperCase()).digest('hex');
  }

  /** Keyed hashes of a name's first 1..NAME_PREFIXES characters (a blind index for prefix search). */
  namePrefixHashes(name: string): string[] {
    const chars = [...name.trim().toLowerCase()];
    return chars.slice(0, NAME_PREFIXES).map((_, i) => this.namePrefixHash(chars.slice(0, i + 1).join('')));
  }

  namePrefixHash(prefix: string): string {
    return createHmac('sha256', this.key).update('name:').update(prefix.trim().toLowerCase()).digest('hex');
  }
}
