// The desktop app's store key: 32 random bytes sealed by the OS keychain (Electron safeStorage:
// DPAPI on Windows, Keychain on macOS, libsecret on Linux) in <userData>/store.key.sealed.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { DataKey } from '../store/crypto.js';

export function keychainDataKey(userDataDir: string): DataKey {
  if (!safeStorage.isEncryptionAvailable()) throw new Error('the OS keychain is not available; the store key cannot be protected');
  const file = path.join(userDataDir, 'store.key.sealed');
  if (existsSync(file)) return DataKey.fromBytes(Buffer.from(safeStorage.decryptString(readFileSync(file)), 'hex'));
  const key = randomBytes(32);
  writeFileSync(file, safeStorage.encryptString(key.toString('hex')), { mode: 0o600, flag: 'wx' });
  return DataKey.fromBytes(key);
}
