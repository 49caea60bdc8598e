// What an administrator does with users: list (role, state, last sign-in), change a role, disable
// and re-enable, reset a password (the user must change it at the next sign-in), unlock; and what
// every user does: change their own password. The last active administrator can be neither
// disabled nor demoted. Every change is audited (never a password); a disabled user's or a reset
// user's sessions end at once. The first administrator from the screens: `firstAdmin`.
import type Database from 'better-sqlite3';
import { audit } from './maintenance.js';
import { AuthError, checkPassword, createUser, hashPassword, MIN_PASSWORD, type Role, type User } from './users.js';

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  /** Locked after repeated failed sign-ins until this time (Unix seconds); null: not locked. */
  locked_until: number | null;
  must_change_password: boolean;
  last_login_at: number | null;
  created_at: number;
}

type Raw = {
  id: number;
  username: string;
  role: Role;
  disabled: number;
  locked_until: number | null;
  must_change_password: number;
  last_login_at: number | null;
  created_at: number;
};
const toRow = (r: Raw, now: number): UserRow => ({
  id: r.id,
  username: r.username,
  role: r.role,
  disabled: r.disabled === 1,
  locked_until: r.locked_until && r.locked_until > now ? r.locked_until : null,
  must_change_password: r.must_change_password === 1,
  last_login_at: r.last_login_at,
  created_at: r.created_at,
});
const COLUMNS = 'id, username, role, disabled, locked_until, must_change_password, last_login_at, created_at';

export function listUsers(db: Database.Database, now = Date.now() / 1000): UserRow[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY username COLLATE NOCASE`).all() as Raw[]).map((r) => toRow(r, now));
}

export function getUser(db: Database.Database, id: number, now = Date.now() / 1000): UserRow {
  const r = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as Raw | undefined;
  if (!r) throw new AuthError('NO_SUCH_USER', `no user with id ${id}`);
  return toRow(r, now);
}

const activeAdmins = (db: Database.Database) =>
  (db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
const endSessions = (db: Database.Database, id: number) => db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);

/** Role and/or enabled state; refused when it would leave no active administrator. */
export function changeUser(db: Database.Database, actor: User, id: number, change: { role?: Role; disabled?: boolean }): UserRow {
  return db
    .transaction(() => {
      const before = getUser(db, id);
      const role = change.role ?? before.role;
      const disabled = change.disabled ?? before.disabled;
      const losesAdmin = before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled);
      if (losesAdmin && activeAdmins(db) <= 1)
        throw new AuthError('LAST_ADMIN', `${before.username} is the last active administrator: make another user an administrator first`);
      db.prepare('UPDATE users SET role = ?, disabled = ? WHERE id = ?').run(role, disabled ? 1 : 0, id);
      if (disabled && !before.disabled) endSessions(db, id);
      if (role !== before.role) audit(db, actor.username, 'user.change', before.username, { role: { from: before.role, to: role } });
      if (disabled !== before.disabled) audit(db, actor.username, disabled ? 'user.disable' : 'user.enable', before.username, null);
      return getUser(db, id);
    })
    .immediate();
}

/** A new password set by an administrator: the user must change it at the next sign-in; sessions end. */
export function resetPassword(db: Database.Database, actor: User, id: number, password: string): UserRow {
  if (password.length < MIN_PASSWORD) throw new AuthError('WEAK_PASSWORD', `a password has at least ${MIN_PASSWORD} characters`);
  const u = getUser(db, id);
  db.transaction(() => {
    db.prepare('UPDATE users SET password_hash = ?, must_change_password = 1, failed_logins = 0, locked_until = NULL WHERE id = ?').run(
      hashPassword(password),
      id,
    );
    endSessions(db, id);
    audit(db, actor.username, 'user.reset-password', u.username, null);
  }).immediate();
  return getUser(db, id);
}

export function unlockUser(db: Database.Database, actor: User, id: number): UserRow {
  const u = getUser(db, id);
  db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
  audit(db, actor.username, 'user.unlock', u.username, null);
  return getUser(db, id);
}

/** The user's own password: the current one checked; the new one differs and is not forced any more. */
export function changeOwnPassword(db: Database.Database, user: User, current: string, next: string): void {
  const row = db.prepare('SELECT password_hash FROM users WHERE id = ? AND disabled = 0').get(user.id) as
    { password_hash: string } | undefined;
  if (!row || !checkPassword(current, row.password_hash)) {
    audit(db, user.username, 'password.change-failed', user.username, null);
    throw new AuthError('WRONG_PASSWORD', 'the current password is wrong');
  }
  if (next.length < MIN_PASSWORD) throw new AuthError('WEAK_PASSWORD', `a password has at least ${MIN_PASSWORD} characters`);
  if (next === current) throw new AuthError('SAME_PASSWORD', 'the new password must differ from the current one');
  db.prepare('UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?').run(hashPassword(next), user.id);
  audit(db, user.username, 'password.change', user.username, null);
}

export const hasUsers = (db: Database.Database): boolean => Boolean(db.prepare('SELECT 1 FROM users LIMIT 1').get());

/** The first administrator from the screens: only while there is no user at all, once. */
export function firstAdmin(db: Database.Database, username: string, password: string): User {
  return db
    .transaction(() => {
      if (hasUsers(db)) throw new AuthError('SETUP_DONE', 'users exist already; sign in');
      return createUser(db, username, 'admin', password, 'setup');
    })
    .immediate();
}
