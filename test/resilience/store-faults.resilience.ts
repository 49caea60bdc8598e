// Store faults with the real server process: a full disk, a read-only file system, a corrupted
// file, a second instance. Each is refused with a message a person can act on, and no event that
// was acknowledged is lost. The disk faults use a real tmpfs where this machine lets the test mount
// one (as root, here and in CI); without one, the disk-fault tests say they were skipped.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DB_FILE, openStore } from '../../main/store/open-store.js';
import { verifyStore } from '../../main/store/maintenance.js';
import { closePhotos } from '../helpers/photos.js';
import { tempDir } from '../helpers/tmp.js';
import { figure } from './harness/figures.js';
import { postJson, request } from './harness/http.js';
import { realBodies } from './harness/load.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const CLI = path.resolve('main/cli/sophonmatch.ts');
const COMPARE = '/SophonMatch/api/compare';
const BACKUP_PASSPHRASE = 'resilience backup passphrase';
let saving: string[], notSaving: string[];

before(async () => {
  const bodies = await realBodies();
  saving = bodies.map((b) => JSON.stringify({ ...JSON.parse(b), need_save: true }));
  notSaving = bodies.map((b) => JSON.stringify({ ...JSON.parse(b), need_save: false }));
  await closePhotos();
});

const mounted: string[] = [];
after(() => {
  for (const m of mounted) spawnSync('umount', ['-l', m]);
});

function tryMountTmpfs(dir: string, size: string): boolean {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
  if (r.status === 0) mounted.push(dir);
  return r.status === 0;
}
const remount = (dir: string, opts: string) => execFileSync('mount', ['-o', `remount,${opts}`, dir]);

/** `sophonmatch serve` on a folder it must refuse: its exit code and what it printed. */
function serveRefusal(dataDir: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0', '--data-dir', dataDir], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

function storedIds(dir: string): Set<string> {
  const store = openStore(dir);
  try {
    assert.equal(store.db.pragma('quick_check', { simple: true }), 'ok');
    assert.equal(verifyStore(store.db).ok, true, 'the chain verifies');
    return new Set((store.db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));
  } finally {
    store.close();
  }
}
const missing = (acked: Set<string>, ids: Set<string>) => [...acked].filter((id) => !ids.has(id)).length;

async function saveSome(s: ServerProcess, n: number, acked: Set<string>): Promise<void> {
  for (let i = 0; i < n; i++) {
    const a = await postJson(s.url + COMPARE, saving[i % saving.length]!);
    assert.equal(a.status, 200, a.text);
    acked.add(a.json.event_id);
  }
}

describe('store faults', () => {
  const dir = tempDir('sophon-store-faults');
  const data = path.join(dir, 'data');
  mkdirSync(data);
  let realDisk = false;

  it('a full disk: need_save answers 503 with what to do, compares without saving go on, nothing acknowledged is lost, writing resumes once there is space', async () => {
    realDisk = tryMountTmpfs(data, '3m');
    const acked = new Set<string>();
    let fullAnswers = 0,
      message = '';
    const s = await startServerProcess({ dataDir: data, name: 'store-faults' });
    try {
      // Without a mount only the rest is checked here; test/store covers SQLITE_FULL in-process.
      for (let i = 0; realDisk && i < 400 && fullAnswers < 5; i++) {
        const a = await postJson(s.url + COMPARE, saving[i % saving.length]!);
        if (a.status === 200) acked.add(a.json.event_id);
        else {
          assert.equal(a.status, 503, a.text);
          assert.equal(a.json.error.reason, 'STORE_UNAVAILABLE');
          message = a.json.error.message;
          fullAnswers++;
        }
      }
      const other = await postJson(s.url + COMPARE, notSaving[0]!);
      const health = await request(s.url + '/health');
      if (realDisk) remount(data, 'size=64m');
      const resumed = realDisk ? await postJson(s.url + COMPARE, saving[0]!) : null;
      if (resumed?.status === 200) acked.add(resumed.json.event_id);
      await s.stop();
      const lost = missing(acked, storedIds(data));
      console.log(`  ${realDisk ? 'real 3 MiB tmpfs' : 'no mount'}: ${acked.size} events saved, then ${fullAnswers} × 503: "${message}"`);
      figure(
        'store faults',
        `full disk (${realDisk ? 'real tmpfs' : 'unavailable here'}): need_save refused with 503 STORE_UNAVAILABLE`,
        fullAnswers,
        'answers',
        '>=',
        realDisk ? 5 : 0,
      );
      figure('store faults', 'full disk: acknowledged events lost', lost, 'events', '==', 0);
      if (realDisk) {
        assert.equal(fullAnswers, 5);
        assert.match(message, /disk .* is full; free space/);
        assert.equal(resumed?.status, 200, 'writing resumes once space is freed');
      }
      assert.equal(other.status, 200, 'a compare without need_save is still answered');
      assert.equal(health.status, 200);
      assert.equal(lost, 0);
    } finally {
      await s.stop();
    }
  });

  it('a read-only file system: the server refuses to start with a message; the events are intact', async (t) => {
    if (!realDisk) return t.skip('mount is not available here');
    const before = storedIds(data);
    remount(data, 'ro');
    const r = serveRefusal(data);
    remount(data, 'rw');
    const lost = missing(before, storedIds(data));
    figure(
      'store faults',
      'read-only file system: start refused with a message',
      r.code !== 0 && /read-only/i.test(r.out) ? 1 : 0,
      'refusals',
      '==',
      1,
    );
    figure('store faults', 'read-only file system: events lost', lost, 'events', '==', 0);
    assert.notEqual(r.code, 0);
    assert.match(r.out, /read-only/i, r.out);
    assert.doesNotMatch(r.out, /\n\s+at /, 'no stack trace');
    assert.equal(lost, 0);
  });

  it('a second instance on the same data folder is refused; the first keeps saving', async () => {
    const acked = new Set<string>();
    const first = await startServerProcess({ dataDir: data, name: 'store-faults' });
    try {
      await saveSome(first, 3, acked);
      const r = serveRefusal(data);
      await saveSome(first, 3, acked);
      figure(
        'store faults',
        'second instance: refused with a message',
        r.code !== 0 && /already open in another SophonMatch process/.test(r.out) ? 1 : 0,
        'refusals',
        '==',
        1,
      );
      assert.notEqual(r.code, 0);
      assert.match(r.out, /already open in another SophonMatch process \(pid \d+\); stop it first/);
    } finally {
      await first.stop();
    }
    const lost = missing(acked, storedIds(data));
    figure('store faults', 'second instance: events lost', lost, 'events', '==', 0);
    assert.equal(lost, 0);
  });

  it('a corrupted file is refused and left untouched; the backup restores every event', async () => {
    const acked = storedIds(data);
    const backup = path.join(dir, 'backup.db');
    const b = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'store', 'backup', backup, '--data-dir', data], {
      encoding: 'utf8',
      env: { ...process.env, SOPHONMATCH_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE },
    });
    assert.equal(b.status, 0, b.stderr);
    const file = path.join(data, DB_FILE);
    const bytes = readFileSync(file);
    for (let off = 3 * 4096; off < bytes.length - 4096; off += 7 * 4096) bytes.fill(0x5a, off + 100, off + 1500); // scribble over pages
    writeFileSync(file, bytes);
    const digest = () => createHash('sha256').update(readFileSync(file)).digest('hex');
    const damaged = digest();
    const r = serveRefusal(data);
    const untouched = digest() === damaged;
    const restore = spawnSync(
      process.execPath,
      ['--import', 'tsx', CLI, 'store', 'restore', backup, '--data-dir', data, '--force', '--yes'],
      { encoding: 'utf8', env: { ...process.env, SOPHONMATCH_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE } },
    );
    const lost = restore.status === 0 ? missing(acked, storedIds(data)) : acked.size;
    figure(
      'store faults',
      'corrupted file: start refused with a message, file left untouched',
      r.code !== 0 && /damaged/.test(r.out) && untouched ? 1 : 0,
      'refusals',
      '==',
      1,
    );
    figure('store faults', 'corrupted file: events lost after restoring the backup', lost, 'events', '==', 0);
    assert.notEqual(r.code, 0);
    assert.match(r.out, /damaged .*restore a backup/, r.out);
    assert.ok(untouched);
    assert.equal(restore.status, 0, restore.stderr);
    assert.equal(lost, 0);
  });
});
