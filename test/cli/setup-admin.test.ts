// `sophonmatch setup-admin` on a real terminal (a pty through util-linux `script`) while another
// process holds the data folder's writer lock, as a running server does: it prompts, does not echo
// the password, creates the administrator, and the running writer's store sees it at once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DB_FILE, openStore } from '../../main/store/open-store.js';
import { openDatabase } from '../../main/store/db.js';
import { login } from '../../main/store/users.js';
import { hasScript, onTerminal } from '../helpers/terminal.js';
import { tempDir } from '../helpers/tmp.js';

const CLI = path.resolve('main/cli/sophonmatch.ts');
const PASSWORD = 'Tr0ub4dor-and-3';

describe('setup-admin', { skip: hasScript ? false : 'util-linux script not installed' }, () => {
  it('prompts on a terminal without echo, twice, and works while the store is held by a running writer', async () => {
    const dir = tempDir('sophon-setup');
    const holder = openStore(dir); // what a running server holds
    try {
      const r = await onTerminal(['setup-admin', '--username', 'admin', '--data-dir', dir], [PASSWORD, PASSWORD]);
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /password for admin: /);
      assert.match(r.out, /password for admin \(again\): /);
      assert.ok(!r.out.includes(PASSWORD), `the password was echoed: ${JSON.stringify(r.out)}`);
      assert.match(r.out, /administrator admin created/);
      assert.equal(login(holder.db, 'admin', PASSWORD).user.role, 'admin', "the running writer's store has the new administrator");
    } finally {
      holder.close();
    }
  });

  it('two different entries on the terminal change nothing', async () => {
    const dir = tempDir('sophon-setup');
    const r = await onTerminal(['setup-admin', '--username', 'admin', '--data-dir', dir], [PASSWORD, PASSWORD + 'x']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /differ; nothing was changed/);
    const db = openDatabase(path.join(dir, DB_FILE));
    assert.equal((db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n, 0);
    db.close();
  });

  it('without a terminal: the first line of stdin; refused once an administrator exists', () => {
    const dir = tempDir('sophon-setup');
    const run = (input: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', CLI, 'setup-admin', '--username', 'boss', '--data-dir', dir], {
        input,
        encoding: 'utf8',
        env: { ...process.env, SOPHONMATCH_ADMIN_PASSWORD: undefined },
      });
    const ok = run(`${PASSWORD}\n`);
    assert.equal(ok.status, 0, ok.stderr);
    const again = run(`${PASSWORD}\n`);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /an administrator exists already/);
    const weak = spawnSync(
      process.execPath,
      ['--import', 'tsx', CLI, 'setup-admin', '--username', 'xy', '--data-dir', tempDir('sophon-setup')],
      { input: 'short\n', encoding: 'utf8' },
    );
    assert.equal(weak.status, 1);
    assert.match(weak.stderr, /at least 10 characters/);
  });
});
