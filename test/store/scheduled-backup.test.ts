// Scheduled backups from the settings: one sealed file a day at most, the newest N kept; the file
// restores like any backup; the passphrase is a secret of the settings (sealed on disk, never
// shown); daily backups without a passphrase are refused.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { publicSettings } from '../../main/contracts/settings.js';
import { SettingsFile } from '../../main/settings/settings-file.js';
import { openStore } from '../../main/store/open-store.js';
import { runScheduledBackup } from '../../main/store/scheduled-backup.js';
import { compareEvent } from '../helpers/compare-event.js';
import { runCli } from '../helpers/terminal.js';
import { tempDir } from '../helpers/tmp.js';

const PASS = 'scheduled backup passphrase';
const DAY = 24 * 3600 * 1000;

describe('scheduled backups', () => {
  it('one a day at most, the newest kept, and each restores', async () => {
    const dir = tempDir('sophon-sched');
    const store = openStore(dir);
    store.saveCompareEvent(compareEvent());
    const backups = path.join(tempDir('sophon-sched-out'), 'nested');
    const plan = { dir: backups, keep: 2, passphrase: PASS };
    const t0 = new Date();
    const first = await runScheduledBackup(store.db, store.key, plan, 'test', undefined, t0);
    assert.ok(first.written);
    assert.equal(
      (await runScheduledBackup(store.db, store.key, plan, 'test', undefined, new Date(t0.getTime() + 3600_000))).written,
      null,
      'not twice in a day',
    );
    for (let d = 1; d <= 3; d++) await runScheduledBackup(store.db, store.key, plan, 'test', undefined, new Date(t0.getTime() + d * DAY));
    // The files' times are the real clock's; each run's file is named by its (simulated) day.
    const left = readdirSync(backups).sort();
    assert.equal(left.length, 2, left.join(', '));
    const audits = store.db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'store.backup'").get() as { n: number };
    assert.ok(audits.n >= 2);
    store.close();
    const target = tempDir('sophon-sched-restore');
    const r = runCli(['store', 'restore', path.join(backups, left[1]!), '--data-dir', target], { SOPHONMATCH_BACKUP_PASSPHRASE: PASS });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /restored 1 events/);
  });

  it('the passphrase is a sealed secret of the settings; daily without one is refused', () => {
    const dir = tempDir('sophon-sched-settings');
    const store = openStore(dir);
    const settings = new SettingsFile(dir, store.key);
    assert.throws(() => settings.update({ backupDaily: true }), /backupPassphrase: scheduled backups need a passphrase/);
    assert.throws(() => settings.update({ backupPassphrase: 'short' }), /backupPassphrase: at least 12 characters/);
    assert.throws(() => settings.update({ backupDir: 'relative/dir' }), /backupDir: a full folder path/);
    assert.throws(() => settings.update({ backupKeep: 0 }), /backupKeep: at least 1 backup/);
    const r = settings.update({ backupDaily: true, backupPassphrase: PASS, backupKeep: 7, backupDir: '/var/backups/sophonmatch' });
    assert.equal(r.settings.backupPassphrase, PASS);
    assert.ok(!readFileSync(path.join(dir, 'settings.json'), 'utf8').includes(PASS), 'sealed on disk');
    assert.equal(new SettingsFile(dir, store.key).get().backupPassphrase, PASS, 'opens again');
    const shown = publicSettings(r.settings);
    assert.equal(shown.backupPassphrase, null);
    assert.equal(shown.backupPassphraseSet, true);
    store.close();
  });
});
