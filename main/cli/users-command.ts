// `sophonmatch users list|reset-password|unlock|enable|disable --username NAME`: user administration
// from the machine itself, for when nobody can sign in (the only administrator forgot the password,
// or is locked out or disabled). Short writes beside a running server, audited as 'cli'.
// reset-password sets a password the user must change at the next sign-in (asked twice without
// echo on a terminal; else SOPHONMATCH_ADMIN_PASSWORD or the first line of stdin).
import { loadServerConfig } from '../server/config.js';
import { openDatabase } from '../store/db.js';
import { prepareDataDir } from '../store/open-store.js';
import { changeUser, listUsers, resetPassword, unlockUser } from '../store/user-admin.js';
import { AuthError, type User } from '../store/users.js';
import { EXIT, parseCommand, UsageError } from './cli-args.js';
import { PromptAbandoned, readNewSecret } from './prompt.js';

export const USERS_USAGE = `usage: sophonmatch users <action> [--username NAME] [--data-dir DIR] [--json]
  list                              every user: role, state, last sign-in
  reset-password --username NAME    a new password the user must change at the next sign-in
  unlock --username NAME            end a lockout after failed sign-ins
  enable|disable --username NAME    re-enable or disable (the last active administrator stays)
  For the machine's own administrator when nobody can sign in; works while the server runs;
  every change is audited (actor "cli"). Exit: 0 done, 1 refused or failed, 2 usage.`;

const CLI_ACTOR: User = { id: 0, username: 'cli', role: 'admin' };
const when = (t: number | null) => (t ? new Date(t * 1000).toISOString() : 'never');

export async function usersCommand(argv: string[]): Promise<number> {
  const args = parseCommand(
    argv,
    USERS_USAGE,
    { username: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  if (!args) return EXIT.OK;
  const v = args.values as { username?: string; 'data-dir'?: string; json: boolean };
  const [action, ...extra] = args.positionals;
  if (!action || extra.length || !['list', 'reset-password', 'unlock', 'enable', 'disable'].includes(action))
    throw new UsageError(USERS_USAGE);
  if (action !== 'list' && !v.username) throw new UsageError(`${action} needs --username NAME\n${USERS_USAGE}`);
  const db = openDatabase(prepareDataDir(loadServerConfig({ dataDir: v['data-dir'] }).dataDir));
  try {
    const users = listUsers(db);
    if (action === 'list') {
      if (v.json) console.log(JSON.stringify({ users }));
      else
        for (const u of users) {
          const state = `${u.disabled ? 'disabled' : 'active'}${u.locked_until ? ` locked until ${when(u.locked_until)}` : ''}${u.must_change_password ? ' (must change password)' : ''}`;
          console.log(`${u.username}\t${u.role}\t${state}\tlast sign-in ${when(u.last_login_at)}`);
        }
      return EXIT.OK;
    }
    const target = users.find((u) => u.username.toLowerCase() === v.username!.toLowerCase());
    if (!target) throw new AuthError('NO_SUCH_USER', `no user ${v.username}`);
    if (action === 'reset-password') {
      const pw = process.env.SOPHONMATCH_ADMIN_PASSWORD || (await readNewSecret(`new password for ${target.username}`));
      resetPassword(db, CLI_ACTOR, target.id, pw);
      console.log(`password of ${target.username} reset: they must change it at the next sign-in`);
    } else if (action === 'unlock') {
      unlockUser(db, CLI_ACTOR, target.id);
      console.log(`${target.username} unlocked`);
    } else {
      changeUser(db, CLI_ACTOR, target.id, { disabled: action === 'disable' });
      console.log(`${target.username} ${action}d`);
    }
    return EXIT.OK;
  } catch (e) {
    if (e instanceof AuthError || e instanceof PromptAbandoned) {
      console.error(`sophonmatch users ${action}: ${e.message}`);
      return EXIT.FAILED;
    }
    throw e;
  } finally {
    db.close();
  }
}
