// The data folder is its owner's alone: 0700, and the database, its WAL and shared-memory files, the
// key and the settings 0600 — for a new folder under the usual umask, and for one an earlier
// version left 0755 / 0644.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SettingsFile } from '../../main/settings/settings-file.js';
import { DB_FILE, openStore } from '../../main/store/open-store.js';
import { tempDir } from '../helpers/tmp.js';

const mode = (f: string) => statSync(f).mode & 0o777;

describe(
  'data folder permissions',
  { skip: process.platform === 'win32' ? 'POSIX modes (Windows: the folder ACL, docs/OPERATIONS.md)' : false },
  () => {
    it('new and old folders end up 0700 with 0600 files', () => {
      const old = process.umask(0o022);
      try {
        const dir = path.join(tempDir('sophon-perm'), 'data');
        const store = openStore(dir);
        new SettingsFile(dir, store.key).update({ terminalId: 'counter-09' });
        store.saveCompareEvent({
          compareTime: 1,
          source: 'api',
          identity: { user_name: '张三' },
          score: 0.3,
          threshold: 0.2,
          decision: true,
          timings: {},
          modelId: 'm',
        });
        assert.equal(mode(dir), 0o700);
        for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, 'store.key', 'settings.json'])
          assert.equal(mode(path.join(dir, f)), 0o600, f);
        store.close();
        // As an earlier version left it.
        chmodSync(dir, 0o755);
        for (const f of [DB_FILE, 'store.key', 'settings.json']) chmodSync(path.join(dir, f), 0o644);
        const again = openStore(dir);
        assert.equal(mode(dir), 0o700);
        for (const f of [DB_FILE, 'store.key', 'settings.json', `${DB_FILE}-wal`])
          if (existsSync(path.join(dir, f))) assert.equal(mode(path.join(dir, f)), 0o600, f);
        again.close();
      } finally {
        process.umask(old);
      }
    });
  },
);
