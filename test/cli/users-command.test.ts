// `sophonmatch users` when nobody can sign in: the only administrator locked out and forgetful gets
// a reset password (to change at the next sign-in) and an unlock from the machine itself, while a
// writer holds the folder; the last active administrator cannot be disabled; audited as 'cli'.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../main/store/open-store.js';
import { login, MAX_FAILURES, setupAdmin } from '../../main/store/users.js';
import { tempDir } from '../helpers/tmp.js';

const CLI = path.resolve('main/cli/sophonmatch.ts');
const cli = (args: string[], input = '') =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, 'users', ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, SOPHONMATCH_ADMIN_PASSWORD: '' },
  });

describe('sophonmatch users', () => {
  it('reset-password and unlock for a locked-out administrator, beside a running writer', () => {
    const dir = tempDir('sophon-users-cli');
    const live = openStore(dir);
    try {
      setupAdmin(live.db, 'admin', 'forgotten-password-1');
      for (let i = 0; i < MAX_FAILURES; i++) assert.throws(() => login(live.db, 'admin', 'wrong guess ' + i));
      const list = cli(['list', '--data-dir', dir]);
      assert.equal(list.status, 0, list.stderr);
      assert.match(list.stdout, /^admin\tadmin\tactive locked until \S+\tlast sign-in never$/m);
      const reset = cli(['reset-password', '--username', 'admin', '--data-dir', dir], 'brand-new-password-1\n');
      assert.equal(reset.status, 0, reset.stderr);
      assert.match(reset.stdout, /password of admin reset: they must change it at the next sign-in/);
      const s = login(live.db, 'admin', 'brand-new-password-1'); // the reset also ends the lockout
      assert.equal(s.user.mustChangePassword, true);
      for (let i = 0; i < MAX_FAILURES; i++) assert.throws(() => login(live.db, 'admin', 'wrong again ' + i));
      assert.equal(cli(['unlock', '--username', 'admin', '--data-dir', dir]).status, 0);
      assert.equal(login(live.db, 'admin', 'brand-new-password-1').user.username, 'admin');
      const last = cli(['disable', '--username', 'admin', '--data-dir', dir]);
      assert.equal(last.status, 1);
      assert.match(last.stderr, /last active administrator/);
      assert.equal(cli(['unlock', '--username', 'nobody', '--data-dir', dir]).status, 1);
      assert.equal(cli(['unlock', '--data-dir', dir]).status, 2, 'a username is needed');
      const actors = live.db.prepare("SELECT action FROM audit WHERE actor = 'cli' ORDER BY id").all() as { action: string }[];
      assert.deepEqual(
        actors.map((a) => a.action),
        ['user.reset-password', 'user.unlock'],
      );
    } finally {
      live.close();
    }
  });
});
