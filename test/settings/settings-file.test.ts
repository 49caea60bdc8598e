// The terminal's settings file: defaults, whole-form validation with a message per field, atomic
// saves, and which changes need a restart.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { DataKey } from '../../main/store/crypto.js';
import { SETTINGS_FILE, SettingsError, SettingsFile } from '../../main/settings/settings-file.js';
import { tempDir } from '../helpers/tmp.js';

describe('settings file', () => {
  it('starts from defaults and saves a valid change atomically; API changes need a restart', () => {
    const dir = tempDir('sophon-settings');
    const s = new SettingsFile(dir);
    assert.equal(s.get().threshold, 'middle');
    assert.equal(s.get().readerBaud, 115200);
    assert.equal(s.get().readerPollMs, 80);
    const r = s.update({ threshold: 'high', apiPort: 6000, readerBaud: 9600, readerPollMs: 120 });
    assert.deepEqual(r.restartRequired, ['apiPort']);
    assert.equal(JSON.parse(readFileSync(path.join(dir, SETTINGS_FILE), 'utf8')).threshold, 'high');
    assert.equal(new SettingsFile(dir).get().apiPort, 6000, 'read back after a restart');
    assert.equal(new SettingsFile(dir).get().readerBaud, 9600);
    assert.equal(new SettingsFile(dir).get().readerPollMs, 120);
  });

  it('refuses bad values with a message per field and keeps the old settings', () => {
    const dir = tempDir('sophon-settings');
    const s = new SettingsFile(dir);
    const bad = {
      readerPort: 'COM1; rm -rf /',
      readerBaud: 12345,
      readerPollMs: 5,
      photoDays: 0,
      apiToken: 'short',
      threshold: 'extreme',
      unknown: 1,
    };
    assert.throws(
      () => s.update(bad),
      (e: unknown) => {
        assert.ok(e instanceof SettingsError);
        assert.equal(e.reason, 'BAD_FIELD');
        assert.equal(e.http, 400);
        return true;
      },
    );
    for (const [field, msg] of [
      ['readerPort', /device path/],
      ['readerBaud', /one of 9600, 19200/],
      ['readerPollMs', /at least 20 ms/],
      ['photoDays', /at least 1 day/],
      ['apiToken', /at least 16 characters/],
      ['threshold', /low, middle, high/],
    ] as const) {
      try {
        s.update({ [field]: (bad as Record<string, unknown>)[field] });
        assert.fail(`${field} accepted`);
      } catch (e) {
        assert.ok(e instanceof SettingsError);
        assert.match(e.fields[field]!, msg);
      }
    }
    assert.equal(s.get().threshold, 'middle');
  });

  it('a hand-edited file with a bad value is refused at start with the field named', () => {
    const dir = tempDir('sophon-settings');
    writeFileSync(path.join(dir, SETTINGS_FILE), JSON.stringify({ quality: 'best' }));
    assert.throws(() => new SettingsFile(dir), /quality: one of no, low, middle, high/);
    writeFileSync(path.join(dir, SETTINGS_FILE), '{not json');
    assert.throws(() => new SettingsFile(dir), /not valid JSON/);
  });

  it('the API token is sealed with the store key on disk and opened with it', () => {
    const dir = tempDir('sophon-settings');
    const key = DataKey.fromBytes(randomBytes(32));
    new SettingsFile(dir, key).update({ apiToken: 'bank-integration-token-2026' });
    const disk = readFileSync(path.join(dir, SETTINGS_FILE), 'utf8');
    assert.doesNotMatch(disk, /bank-integration-token/);
    assert.match(disk, /"apiToken": "sealed:/);
    assert.equal(new SettingsFile(dir, key).get().apiToken, 'bank-integration-token-2026');
    assert.throws(() => new SettingsFile(dir, DataKey.fromBytes(randomBytes(32))));
  });
});
