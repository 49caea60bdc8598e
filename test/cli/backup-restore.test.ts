// Backups that restore anywhere: a backup of one data folder restored into a new folder on a "new
// machine" (no key file) with the passphrase; `store verify` OK and the events listable with their
// photos through the real server. Over a non-empty store: --force, a safety copy, what it replaced.
// Wrong passphrase, changed bytes, dry runs, confirmation without a terminal, file modes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { NewCompareEvent } from '../../main/store/events.js';
import { DB_FILE, openStore } from '../../main/store/open-store.js';
import { setupAdmin } from '../../main/store/users.js';
import { SettingsFile } from '../../main/settings/settings-file.js';
import { compareEvent } from '../helpers/compare-event.js';
import { faceBytes } from '../helpers/faces.js';
import { startAdminServer } from '../helpers/review-server.js';
import { tempDir } from '../helpers/tmp.js';

const CLI = path.resolve('main/cli/sophonmatch.ts');
const PASS = 'branch-0042 backup passphrase';
const cli = (args: string[], env: Record<string, string | undefined> = {}, input = '') =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, SOPHONMATCH_STORE_KEY: undefined, SOPHONMATCH_BACKUP_PASSPHRASE: PASS, ...env },
    timeout: 120_000,
  });
const mode = (f: string) => statSync(f).mode & 0o777;

const event = (i: number): NewCompareEvent => compareEvent({ compareTime: 1764000000 + i });

/** A data folder with `n` events (real photos) and an administrator. */
function branch(n: number, admin = 'admin'): { dir: string; ids: string[] } {
  const dir = tempDir('sophon-branch');
  const store = openStore(dir);
  const ids = Array.from({ length: n }, (_, i) => store.saveCompareEvent(event(i)));
  setupAdmin(store.db, admin, 'admin-password-2026');
  store.close();
  return { dir, ids };
}

let server: { url: string; close(): Promise<void> } | null = null;
after(async () => server?.close());

describe('store backup and restore', () => {
  it('a backup restored into a new folder with no key file: verify OK, events listable with photos', async () => {
    const a = branch(5);
    const terminal = openStore(a.dir);
    new SettingsFile(a.dir, terminal.key).update({ terminalId: 'counter-07', photoDays: 30, apiToken: 'a-token-of-sixteen-plus' });
    terminal.close();
    const file = path.join(tempDir('sophon-backups'), 'branch.smbackup');
    const live = openStore(a.dir); // taken while the server runs (SQLite's online backup)
    const b = cli(['store', 'backup', file, '--data-dir', a.dir]);
    live.close();
    assert.equal(b.status, 0, b.stderr);
    assert.equal(mode(file), 0o600, 'the backup is the administrator’s only');
    const bytes = readFileSync(file);
    assert.ok(!bytes.includes(Buffer.from('SQLite format 3')), 'the database inside is sealed');
    assert.ok(!bytes.includes(readFileSync(path.join(a.dir, 'store.key'), 'utf8').trim().slice(0, 32)), 'the key inside is sealed');

    const fresh = path.join(tempDir('sophon-new-pc'), 'not', 'yet', 'there'); // a missing folder is created
    const r = cli(['store', 'restore', file, '--data-dir', fresh]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /restored 5 events/);
    assert.ok(existsSync(path.join(fresh, 'store.key')));
    assert.equal(mode(fresh), 0o700);
    for (const f of ['store.key', DB_FILE]) assert.equal(mode(path.join(fresh, f)), 0o600, f);
    const restored = openStore(fresh);
    const settings = new SettingsFile(fresh, restored.key).get();
    restored.close();
    assert.deepEqual(
      [settings.terminalId, settings.photoDays, settings.apiToken],
      ['counter-07', 30, 'a-token-of-sixteen-plus'],
      'the terminal’s settings came back, the sealed token opens',
    );
    const v = cli(['store', 'verify', '--data-dir', fresh]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /chain verified: 5 events/);

    server = await startAdminServer(fresh);
    const login = await (
      await fetch(server.url + '/api/v1/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'admin-password-2026' }),
      })
    ).json();
    const h = { 'x-session-token': login.token };
    const list = await fetch(server.url + '/api/v1/events?limit=50', { headers: h });
    assert.equal(list.status, 200, await list.clone().text());
    const page = (await list.json()) as { events: { id: string }[] };
    assert.deepEqual(page.events.map((e) => e.id).sort(), [...a.ids].sort());
    const one = await fetch(server.url + `/api/v1/events/${a.ids[0]}`, { headers: h });
    assert.equal(one.status, 200);
    const detail = (await one.json()) as { card_photo: string | null; identity: Record<string, string> | null };
    assert.ok(detail.card_photo, 'the photo opens with the restored key');
    assert.ok(
      Buffer.from(detail.card_photo!.replace(/^data:[^,]*,/, ''), 'base64').equals(faceBytes('dev/p01/img10.jpg')),
      'the same photo bytes',
    );
    await server.close();
    server = null;
  });

  it('over a non-empty store: refused without --force; with it a safety copy is kept and what it replaced is said', () => {
    const a = branch(3, 'alice');
    const c = branch(4, 'carol');
    const file = path.join(tempDir('sophon-backups'), 'a.smbackup');
    assert.equal(cli(['store', 'backup', file, '--data-dir', a.dir]).status, 0);
    const refused = cli(['store', 'restore', file, '--data-dir', c.dir]);
    assert.equal(refused.status, 4, refused.stderr);
    assert.match(refused.stderr, /holds 4 events and 1 users; restoring replaces them: add --force/);
    const noTerminal = cli(['store', 'restore', file, '--data-dir', c.dir, '--force']);
    assert.equal(noTerminal.status, 4);
    assert.match(noTerminal.stderr, /add --yes/);
    const dry = cli(['store', 'restore', file, '--data-dir', c.dir, '--force', '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /dry run: the backup opens and verifies: 3 events .* would replace 4 events and 1 users .*Nothing was changed/,
    );
    assert.match(cli(['store', 'stats', '--data-dir', c.dir]).stdout, /^4 events/, 'the dry run changed nothing');
    const done = cli(['store', 'restore', file, '--data-dir', c.dir, '--force', '--yes']);
    assert.equal(done.status, 0, done.stderr);
    const m = /replaced 4 events and 1 users \(last event \w+ at [^)]+\), kept in (\S+)$/m.exec(done.stdout.trim());
    assert.ok(m, done.stdout);
    assert.deepEqual(
      readdirSync(m[1]!).sort(),
      [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, 'store.key'].filter((f) => existsSync(path.join(m[1]!, f))).sort(),
    );
    assert.ok(existsSync(path.join(m[1]!, DB_FILE)) && existsSync(path.join(m[1]!, 'store.key')), 'the replaced database and key are kept');
    assert.match(cli(['store', 'stats', '--data-dir', c.dir]).stdout, /^3 events/);
  });

  it('a wrong passphrase, a changed byte, a running server: nothing restored, each said', () => {
    const a = branch(2);
    const file = path.join(tempDir('sophon-backups'), 'a.smbackup');
    assert.equal(cli(['store', 'backup', file, '--data-dir', a.dir]).status, 0);
    const target = tempDir('sophon-target');
    const wrong = cli(['store', 'restore', file, '--data-dir', target], { SOPHONMATCH_BACKUP_PASSPHRASE: 'not the passphrase at all' });
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /passphrase is wrong, or the backup file was changed or damaged; nothing was restored/);
    const bytes = readFileSync(file);
    bytes[bytes.length - 200]! ^= 0x01;
    const changed = path.join(tempDir('sophon-backups'), 'changed.smbackup');
    writeFileSync(changed, bytes);
    assert.match(cli(['store', 'restore', changed, '--data-dir', target]).stderr, /changed or damaged/);
    assert.ok(!existsSync(path.join(target, 'store.key')) && !existsSync(path.join(target, DB_FILE)), 'nothing was written');
    const live = openStore(a.dir);
    try {
      const r = cli(['store', 'restore', file, '--data-dir', a.dir, '--force', '--yes']);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /already open in another SophonMatch process/);
    } finally {
      live.close();
    }
    const desktop = tempDir('sophon-desktop');
    writeFileSync(path.join(desktop, 'store.key.sealed'), 'sealed by the keychain');
    const d = cli(['store', 'restore', file, '--data-dir', desktop]);
    assert.equal(d.status, 1);
    assert.match(d.stderr, /desktop app's data folder/);
    assert.ok(!existsSync(path.join(desktop, DB_FILE)));
    const short = cli(['store', 'backup', path.join(tempDir('sophon-backups'), 'x'), '--data-dir', a.dir], {
      SOPHONMATCH_BACKUP_PASSPHRASE: 'short',
    });
    assert.equal(short.status, 1);
    assert.match(short.stderr, /at least 12 characters/);
    assert.match(cli(['store', 'backup', file, '--data-dir', a.dir]).stderr, /exists/, 'an existing backup is never overwritten');
  });

  it('over a damaged database: refused without --force, restored with it (the damaged file kept)', () => {
    const a = branch(2);
    const file = path.join(tempDir('sophon-backups'), 'a.smbackup');
    assert.equal(cli(['store', 'backup', file, '--data-dir', a.dir]).status, 0);
    const target = tempDir('sophon-damaged');
    writeFileSync(path.join(target, DB_FILE), Buffer.alloc(8192, 0x5a));
    const refused = cli(['store', 'restore', file, '--data-dir', target]);
    assert.equal(refused.status, 4, refused.stderr);
    assert.match(refused.stderr, /holds a database that does not open .* add --force/);
    const done = cli(['store', 'restore', file, '--data-dir', target, '--force', '--yes']);
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stdout, /replaced a damaged database, kept in \S+/);
    assert.equal(cli(['store', 'verify', '--data-dir', target]).status, 0);
  });

  it('purge: --dry-run counts, no terminal needs --yes, a bad number is refused (never clamped)', () => {
    const a = branch(3);
    const dry = cli(['store', 'purge', '--photo-days', '0', '--dry-run', '--data-dir', a.dir]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /dry run: a purge would delete the photos of 3 events \(older than 0 days\)/);
    const asked = cli(['store', 'purge', '--photo-days', '0', '--data-dir', a.dir]);
    assert.equal(asked.status, 4);
    assert.match(asked.stderr, /add --yes/);
    assert.match(
      cli(['store', 'purge', '--photo-days', '0', '--dry-run', '--data-dir', a.dir]).stdout,
      /photos of 3 events/,
      'nothing was deleted',
    );
    for (const v of ['--photo-days=-3', '--photo-days=1.5', '--photo-days=ten']) {
      const bad = cli(['store', 'purge', v, '--data-dir', a.dir]);
      assert.equal(bad.status, 2, v);
      assert.match(bad.stderr, /--photo-days must be a whole number of days/);
    }
    const live = openStore(a.dir); // what a running server holds: purge is one short write beside it
    const yes = cli(['store', 'purge', '--photo-days', '0', '--yes', '--data-dir', a.dir]);
    live.close();
    assert.equal(yes.status, 0, yes.stderr);
    assert.match(yes.stdout, /purged photos of 3 events/);
  });
});
