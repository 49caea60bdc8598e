// Scheduled backups in the running product: the composition started with daily backups on (as the
// Settings screen saves them) writes a sealed backup into the chosen folder by itself, and that file
// restores into a new folder with the passphrase.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { testComposition } from '../helpers/composition.js';
import { seededDataDir } from '../helpers/seed.js';
import { runCli } from '../helpers/terminal.js';
import { tempDir } from '../helpers/tmp.js';

const PASS = 'the branch backup passphrase';

describe('scheduled backups in the running product', () => {
  it('a backup appears in the folder by itself and restores', async () => {
    const dataDir = seededDataDir('sophon-sched-app');
    const backupDir = tempDir('sophon-sched-app-out');
    const app = testComposition(dataDir, {
      settingsOverrides: { readerPort: 'none', apiEnabled: false, backupDaily: true, backupKeep: 3, backupDir, backupPassphrase: PASS },
      backupCheck: { firstMs: 200, everyMs: 3_600_000 },
    });
    await app.start();
    try {
      const end = Date.now() + 30_000;
      while (!readdirSync(backupDir).some((f) => f.endsWith('.smbackup')) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await app.stop();
    }
    const files = readdirSync(backupDir).filter((f) => f.endsWith('.smbackup'));
    assert.equal(files.length, 1, 'one backup, written by the schedule');
    assert.match(files[0]!, /^sophonmatch-\d{8}-\d{6}\.smbackup$/);
    const target = tempDir('sophon-sched-app-restore');
    const r = runCli(['store', 'restore', path.join(backupDir, files[0]!), '--data-dir', target], { SOPHONMATCH_BACKUP_PASSPHRASE: PASS });
    assert.equal(r.status, 0, r.stderr);
    const users = runCli(['users', 'list', '--data-dir', target]);
    assert.match(users.stdout, /^admin\tadmin\tactive/m, 'the users came back');
  });
});
