// `sophonmatch setup-admin --username NAME [--data-dir DIR]`: the one-time creation of the first
// administrator. The password comes from SOPHONMATCH_ADMIN_PASSWORD or the first line of stdin,
// never from a default. Refused once an administrator exists.
import { parseArgs } from 'node:util';
import { loadServerConfig } from '../server/config.js';
import { openStore } from '../store/open-store.js';
import { AuthError, setupAdmin } from '../store/users.js';

async function firstLine(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes('\n')) break;
  }
  return data.split(/\r?\n/)[0] ?? '';
}

export async function setupAdminCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { username: { type: 'string' }, 'data-dir': { type: 'string' } } });
  if (!values.username) {
    console.error('usage: sophonmatch setup-admin --username NAME [--data-dir DIR]   (password: SOPHONMATCH_ADMIN_PASSWORD or stdin)');
    return 2;
  }
  const password = process.env.SOPHONMATCH_ADMIN_PASSWORD ?? (await firstLine());
  const store = openStore(loadServerConfig({ dataDir: values['data-dir'] }).dataDir);
  try {
    const u = setupAdmin(store.db, values.username, password);
    console.log(`administrator ${u.username} created`);
    return 0;
  } catch (e) {
    if (e instanceof AuthError) {
      console.error(`setup-admin: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    store.close();
  }
}
