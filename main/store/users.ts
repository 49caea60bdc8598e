// Local users with roles, scrypt password hashes, expiring sessions and lockout after repeated
// failures. The first admin is created by a one-time setup step; there is no default password.
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SophonError } from '../common/errors.js';
import { audit } from './maintenance.js';

export const ROLES = ['clerk', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleAtLeast = (have: Role, need: Role) => ROLES.indexOf(have) >= ROLES.indexOf(need);

/**
 * The signed-in user, if they may run an operation needing `need`: signed in, their reset password
 * changed unless `allowPasswordChange`, their role at least `need`; else the refusal. `words`: the
 * transport's own sentence for the first two (the table's, which name the HTTP routes, by default).
 */
export function admitted(
  user: User | null,
  need: Role,
  allowPasswordChange: boolean,
  words: { LOGIN_REQUIRED?: string; PASSWORD_CHANGE_REQUIRED?: string } = {},
): User {
  if (!user) throw new SophonError('LOGIN_REQUIRED', words.LOGIN_REQUIRED);
  if (user.mustChangePassword && !allowPasswordChange) throw new SophonError('PASSWORD_CHANGE_REQUIRED', words.PASSWORD_CHANGE_REQUIRED);
  if (!roleAtLeast(user.role, need)) throw new SophonError('ROLE_REQUIRED', `this needs the ${need} role`);
  return user;
}

export const MIN_PASSWORD = 10;
export const MAX_FAILURES = 5;
export const LOCKOUT_SECONDS = 15 * 60;
export const SESSION_SECONDS = 8 * 3600;
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** A sign-in or user-administration refusal: a SophonError of the common table (its HTTP status and status name). */
export class AuthError extends SophonError {
  constructor(
    readonly code:
      | 'BAD_CREDENTIALS'
      | 'LOCKED_OUT'
      | 'WRONG_PASSWORD'
      | 'WEAK_PASSWORD'
      | 'USER_EXISTS'
      | 'ADMIN_EXISTS'
      | 'BAD_USERNAME'
      | 'LAST_ADMIN'
      | 'NO_SUCH_USER'
      | 'SAME_PASSWORD'
      | 'SETUP_DONE',
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, details);
    this.name = 'AuthError';
  }
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function checkPassword(password: string, stored: string): boolean {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = scryptSync(password, Buffer.from(salt, 'base64'), want.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(got, want);
}

/** A hash of nothing, so that unknown usernames cost the same time as wrong passwords. */
const DUMMY = hashPassword(randomBytes(12).toString('hex'));

export interface User {
  id: number;
  username: string;
  role: Role;
  /** A password reset by an administrator: only the own-password change is allowed until it is changed. */
  mustChangePassword?: boolean;
}

const checkStrength = (password: string) => {
  if (password.length < MIN_PASSWORD) throw new AuthError('WEAK_PASSWORD', `a password has at least ${MIN_PASSWORD} characters`);
};

export function createUser(db: Database.Database, username: string, role: Role, password: string, actor: string): User {
  if (!/^[\p{L}\p{N}._-]{2,64}$/u.test(username))
    throw new AuthError('BAD_USERNAME', 'a username is 2–64 letters, digits, dots, dashes or underscores');
  checkStrength(password);
  try {
    const r = db
      .prepare('INSERT INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(username, role, hashPassword(password), Date.now() / 1000);
    audit(db, actor, 'user.create', username, { role });
    return { id: Number(r.lastInsertRowid), username, role };
  } catch (e) {
    if (/UNIQUE/.test((e as Error).message)) throw new AuthError('USER_EXISTS', `the user ${username} exists already`);
    throw e;
  }
}

export const hasAdmin = (db: Database.Database): boolean =>
  Boolean(db.prepare("SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0 LIMIT 1").get());

/** The one-time setup: creates the first admin, refused once one exists. */
export function setupAdmin(db: Database.Database, username: string, password: string): User {
  return db
    .transaction(() => {
      if (hasAdmin(db)) throw new AuthError('ADMIN_EXISTS', 'an administrator exists already; log in as them to add users');
      return createUser(db, username, 'admin', password, 'setup');
    })
    .immediate();
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export function login(
  db: Database.Database,
  username: string,
  password: string,
  now = Date.now() / 1000,
): { token: string; user: User; expiresAt: number } {
  const row = db.prepare('SELECT * FROM users WHERE username = ? AND disabled = 0').get(username) as
    | {
        id: number;
        username: string;
        role: Role;
        password_hash: string;
        failed_logins: number;
        locked_until: number | null;
        must_change_password: number;
      }
    | undefined;
  if (!row) {
    checkPassword(password, DUMMY);
    audit(db, username.slice(0, 64), 'login.failed', null, { reason: 'unknown user' });
    throw new AuthError('BAD_CREDENTIALS', 'wrong username or password');
  }
  if (row.locked_until && row.locked_until > now) {
    audit(db, row.username, 'login.locked', null, null);
    throw new AuthError('LOCKED_OUT', `too many failed logins; try again after ${new Date(row.locked_until * 1000).toISOString()}`, {
      locked_until: row.locked_until,
    });
  }
  if (!checkPassword(password, row.password_hash)) {
    const failures = row.failed_logins + 1;
    const lock = failures >= MAX_FAILURES ? now + LOCKOUT_SECONDS : null;
    db.prepare('UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?').run(lock ? 0 : failures, lock, row.id);
    audit(db, row.username, 'login.failed', null, { failures, locked: Boolean(lock) });
    if (lock) throw new AuthError('LOCKED_OUT', 'too many failed logins; the account is locked for 15 minutes', { locked_until: lock });
    throw new AuthError('BAD_CREDENTIALS', 'wrong username or password');
  }
  db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?').run(now, row.id);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + SESSION_SECONDS;
  db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    tokenHash(token),
    row.id,
    now,
    expiresAt,
  );
  db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(now);
  audit(db, row.username, 'login', null, null);
  return {
    token,
    user: { id: row.id, username: row.username, role: row.role, mustChangePassword: row.must_change_password === 1 },
    expiresAt,
  };
}

export function sessionUser(db: Database.Database, token: string, now = Date.now() / 1000): User | null {
  const row = db
    .prepare(
      'SELECT u.id, u.username, u.role, u.must_change_password FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0',
    )
    .get(tokenHash(token), now) as (User & { must_change_password: number }) | undefined;
  return row ? { id: row.id, username: row.username, role: row.role, mustChangePassword: row.must_change_password === 1 } : null;
}

/** When the session of `token` ends (Unix seconds); null for no such session. */
export function sessionExpiry(db: Database.Database, token: string): number | null {
  const row = db.prepare('SELECT expires_at FROM sessions WHERE token_hash = ?').get(tokenHash(token)) as
    { expires_at: number } | undefined;
  return row?.expires_at ?? null;
}

export function logout(db: Database.Database, token: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
}
