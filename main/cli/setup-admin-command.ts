// `sophonmatch setup-admin --username NAME [--data-dir DIR]`: the one-time creation of the first
// administrator. The password is asked for on a terminal (twice, not echoed), else read from
// SOPHONMATCH_ADMIN_PASSWORD or the first line of stdin; never a default. Refused once an
// administrator exists. Works while the server runs: it is one short write, which SQLite
// serialises with the server's own (the writer lock is for long-lived writers only).
import { loadServerConfig } from '../server/config.js';
import { openDatabase } from '../store/db.js';
import { prepareDataDir } from '../store/open-store.js';
import { AuthError, setupAdmin } from '../store/users.js';
import { EXIT, parseCommand } from './cli-args.js';
import { PromptAbandoned, readNewSecret } from './prompt.js';

export const SETUP_ADMIN_USAGE = `usage: sophonmatch setup-admin --username NAME [--data-dir DIR]
  Creates the first administrator (once; later users are added on the Users screen).
  The password (at least 10 characters) is asked for on a terminal, without echo, twice;
  otherwise it is SOPHONMATCH_ADMIN_PASSWORD or the first line of stdin.
  Works while the server is running. Exit: 0 created, 1 refused (an administrator exists,
  weak password), 2 usage.`;

export async function setupAdminCommand(argv: string[]): Promise<number> {
  const args = parseCommand(argv, SETUP_ADMIN_USAGE, { username: { type: 'string' }, 'data-dir': { type: 'string' } });
  if (!args) return EXIT.OK;
  if (!args.values.username) {
    console.error(SETUP_ADMIN_USAGE);
    return EXIT.USAGE;
  }
  const dataDir = loadServerConfig({ dataDir: args.values['data-dir'] }).dataDir;
  let password: string;
  try {
    password = process.env.SOPHONMATCH_ADMIN_PASSWORD || (await readNewSecret(`password for ${args.values.username}`));
  } catch (e) {
    if (e instanceof PromptAbandoned) {
      console.error(`setup-admin: ${e.message}`);
      return EXIT.FAILED;
    }
    throw e;
  }
  const db = openDatabase(prepareDataDir(dataDir));
  try {
    const u = setupAdmin(db, args.values.username, password);
    console.log(`administrator ${u.username} created`);
    return EXIT.OK;
  } catch (e) {
    if (e instanceof AuthError) {
      console.error(`setup-admin: ${e.message}`);
      return EXIT.FAILED;
    }
    throw e;
  } finally {
    db.close();
  }
}
