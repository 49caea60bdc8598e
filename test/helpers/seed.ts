// A data folder prepared before the server starts: an admin and a supervisor to log in with.
import { createUser, setupAdmin } from '../../main/store/users.js';
import { openStore } from '../../main/store/open-store.js';
import { tempDir } from './tmp.js';

export const ADMIN = { username: 'admin', password: 'counter-admin-pass-2026' };
export const SUPERVISOR = { username: 'super', password: 'supervisor-pass-2026' };

export function seededDataDir(prefix: string): string {
  const dir = tempDir(prefix);
  const store = openStore(dir);
  setupAdmin(store.db, ADMIN.username, ADMIN.password);
  createUser(store.db, SUPERVISOR.username, 'supervisor', SUPERVISOR.password, ADMIN.username);
  store.close();
  return dir;
}
