// The event store on disk: encryption, chain, migrations, retention, backup, and its failure modes.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SophonError } from '../../main/common/errors.js';
import { DataKey } from '../../main/store/crypto.js';
import { APPLICATION_ID, openDatabase } from '../../main/store/db.js';
import type { NewCompareEvent } from '../../main/store/events.js';
import { backupStore, purgeExpired, restoreStore, storeStats, verifyStore } from '../../main/store/maintenance.js';
import { MIGRATIONS } from '../../main/store/migrations/index.js';
import { DB_FILE, openStore } from '../../main/store/open-store.js';
import { compareEvent } from '../helpers/compare-event.js';
import { faceBytes } from '../helpers/faces.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = () => tempDir('sophon-store');
const event = (over: Partial<NewCompareEvent> = {}): NewCompareEvent => compareEvent({ quality: { sharpness: 100 }, ...over });
const hasSqlite3 = spawnSync('sqlite3', ['-version']).status === 0;

describe('event store', () => {
  it('round-trips an event with real photos through AES-256-GCM; nothing personal in clear on disk', () => {
    const dir = tmp();
    const store = openStore(dir);
    const id = store.saveCompareEvent(event());
    const row = store.db.prepare('SELECT * FROM events WHERE id = ?').get(id) as Record<string, Buffer | string | number>;
    const key = DataKey.forDataDir(dir);
    assert.deepEqual(key.open(row.card_photo_enc as Buffer, `${id}:card`), faceBytes('dev/p01/img10.jpg'));
    assert.deepEqual(key.open(row.live_photo_enc as Buffer, `${id}:live`), faceBytes('dev/p01/img11.jpg'));
    assert.deepEqual(JSON.parse(key.open(row.identity_enc as Buffer, `${id}:identity`).toString()), {
      user_idcard: '11010519491231002X',
      user_name: '张三',
      user_address: '北京市东城区',
    });
    assert.equal(row.id_hash, key.searchHash('11010519491231002x'), 'exact search by ID number through the keyed hash');
    assert.throws(() => key.open(row.card_photo_enc as Buffer, `${id}:live`), 'a ciphertext moved to another column does not open');
    const disk = Buffer.concat([readFileSync(path.join(dir, DB_FILE)), readFileSync(path.join(dir, DB_FILE + '-wal'))]);
    store.close();
    const after = readFileSync(path.join(dir, DB_FILE));
    for (const s of ['张三', '11010519491231002X', '北京市东城区'])
      assert.ok(!disk.includes(Buffer.from(s)) && !after.includes(Buffer.from(s)), s);
    assert.ok(!disk.includes(faceBytes('dev/p01/img10.jpg').subarray(200, 264)), 'photo bytes are not in clear');
  });

  it('chains events; verify walks the chain and stats report its head', () => {
    const dir = tmp();
    const store = openStore(dir);
    const ids = [
      store.saveCompareEvent(event()),
      store.saveCompareEvent(event({ decision: false, score: 0.1 })),
      store.saveCompareEvent(event()),
    ];
    const r = verifyStore(store.db);
    assert.equal(r.ok, true);
    assert.equal(r.events, 3);
    const s = storeStats(store.db);
    assert.equal(s.events, 3);
    assert.equal(s.first!.id, ids[0]);
    assert.equal(s.last!.id, ids[2]);
    assert.equal(s.chain_head, r.head);
    store.close();
  });

  it(
    'the chain catches an edit made with the sqlite3 CLI, and a deleted event',
    { skip: hasSqlite3 ? false : 'sqlite3 CLI not installed' },
    () => {
      const dir = tmp();
      const store = openStore(dir);
      const ids = Array.from({ length: 5 }, () => store.saveCompareEvent(event()));
      store.close();
      const file = path.join(dir, DB_FILE);
      execFileSync('sqlite3', [file, `UPDATE events SET score = 0.99, decision = 1 WHERE id = '${ids[2]}'`]);
      const db = openDatabase(file, { readonly: true });
      const r = verifyStore(db);
      db.close();
      assert.equal(r.ok, false);
      assert.equal(r.firstBad!.id, ids[2]);
      assert.match(r.firstBad!.problem, /altered/);
      execFileSync('sqlite3', [file, `DELETE FROM events WHERE id = '${ids[1]}'`]);
      const db2 = openDatabase(file, { readonly: true });
      const r2 = verifyStore(db2);
      db2.close();
      assert.equal(r2.firstBad!.seq, 2);
      assert.match(r2.firstBad!.problem, /missing/);
    },
  );

  it('upgrades a database made by the first schema, chaining its events', () => {
    const dir = tmp();
    const file = path.join(dir, DB_FILE);
    const v1 = new Database(file);
    v1.exec(MIGRATIONS[0]!.sql);
    v1.pragma(`application_id = ${APPLICATION_ID}`);
    v1.pragma('user_version = 1');
    for (let i = 0; i < 3; i++)
      v1.prepare(
        `INSERT INTO events (id, compare_time, server_time, source, terminal_id, score, threshold, decision, timings_json, model_id, card_photo_enc)
        VALUES (?, 1, ?, 'api', 't', 0.3, 0.225, 1, '{}', 'm', ?)`,
      ).run(`01JV1000000000000000000${i}`, 1764000000 + i, Buffer.from([i]));
    v1.close();
    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.at(-1)!.version);
    const r = verifyStore(db);
    assert.equal(r.ok, true);
    assert.equal(r.events, 3);
    db.close();
  });

  it('retention purges exactly the expired photos and personal fields, audits it, and the chain still verifies', () => {
    const dir = tmp();
    const store = openStore(dir);
    const old = store.saveCompareEvent(event());
    const mid = store.saveCompareEvent(event());
    const recent = store.saveCompareEvent(event());
    const now = Date.now() / 1000;
    // Age the first two (server_time is chained, so age them by purging "in the future" instead).
    const day = 86400;
    const r = purgeExpired(store.db, { photoDays: 90, personalDays: 365 }, now + 100 * day);
    assert.deepEqual(r, { photos: 3, personal: 0 });
    const r2 = purgeExpired(store.db, { photoDays: 90, personalDays: 365 }, now + 400 * day);
    assert.deepEqual(r2, { photos: 0, personal: 3 });
    const rows = store.db
      .prepare('SELECT id, card_photo_enc, live_photo_enc, identity_enc, id_hash FROM events ORDER BY seq')
      .all() as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((x) => x.id),
      [old, mid, recent],
    );
    assert.ok(rows.every((x) => x.card_photo_enc === null && x.live_photo_enc === null && x.identity_enc === null));
    assert.equal(verifyStore(store.db).ok, true);
    const audits = store.db.prepare("SELECT * FROM audit WHERE action = 'purge'").all();
    assert.equal(audits.length, 2);
    // Nothing is purged before its time.
    const fresh = store.saveCompareEvent(event());
    assert.deepEqual(purgeExpired(store.db, { photoDays: 90, personalDays: 365 }, now + 89 * day), { photos: 0, personal: 0 });
    assert.ok((store.db.prepare('SELECT card_photo_enc FROM events WHERE id = ?').get(fresh) as { card_photo_enc: Buffer }).card_photo_enc);
    store.close();
  });

  it('backs up while open, and restore checks the backup before replacing the store', async () => {
    const dir = tmp();
    const store = openStore(dir);
    for (let i = 0; i < 20; i++) store.saveCompareEvent(event());
    const backup = path.join(tmp(), 'backup.db');
    await backupStore(store.db, backup);
    store.saveCompareEvent(event());
    store.close();
    const restored = restoreStore(backup, path.join(dir, DB_FILE));
    assert.equal(restored.events, 20);
    const again = openStore(dir);
    assert.equal(storeStats(again.db).events, 20);
    again.close();
    const junk = path.join(tmp(), 'junk.db');
    writeFileSync(junk, 'not a database at all');
    assert.throws(() => restoreStore(junk, path.join(dir, DB_FILE)), SophonError);
  });

  it('refuses a foreign or damaged file and leaves it untouched', () => {
    const dir = tmp();
    const file = path.join(dir, DB_FILE);
    writeFileSync(file, 'these are somebody else’s notes, not a database');
    const before = readFileSync(file);
    assert.throws(
      () => openStore(dir),
      (e) => e instanceof SophonError && e.reason === 'STORE_UNAVAILABLE',
    );
    assert.deepEqual(readFileSync(file), before);
    const dir2 = tmp();
    const other = new Database(path.join(dir2, DB_FILE));
    other.exec('CREATE TABLE invoices (n INTEGER)');
    other.close();
    assert.throws(() => openStore(dir2), /not a SophonMatch store/);
  });

  it('refuses a second writer process on the same folder', async () => {
    const dir = tmp();
    const store = openStore(dir);
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${path.resolve('main/store/open-store.ts')}').then(m => { try { m.openStore(${JSON.stringify(dir)}); console.log('opened'); } catch (e) { console.log('refused: ' + e.message); } })`,
      ],
      { encoding: 'utf8' },
    );
    assert.match(child.stdout, /refused: .*already open in another SophonMatch process/);
    store.close();
    const again = openStore(dir); // the lock was released
    again.close();
  });

  it('a full disk fails the write with STORE_UNAVAILABLE and leaves nothing half-written', () => {
    const dir = tmp();
    const store = openStore(dir);
    store.saveCompareEvent(event());
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 2}`);
    let failed = 0;
    for (let i = 0; i < 20; i++) {
      try {
        store.saveCompareEvent(event());
      } catch (e) {
        assert.ok(e instanceof SophonError && e.reason === 'STORE_UNAVAILABLE');
        failed++;
      }
    }
    assert.ok(failed > 0, 'the disk filled up');
    const r = verifyStore(store.db);
    assert.equal(r.ok, true, 'every committed event verifies');
    assert.equal(r.events, 20 - failed + 1);
    store.close();
  });

  it('SIGKILL in the middle of 1,000 writes loses none of the acknowledged events (3 rounds)', async () => {
    const dir = tmp();
    const acked = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/store/crash-writer.ts'), dir, '1000'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let buf = '';
      let seen = 0;
      const killAt = 100 + Math.floor(Math.random() * 700);
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (d) => {
          buf += d;
          const lines = buf.split('\n');
          buf = lines.pop()!;
          for (const l of lines) {
            acked.add(l);
            seen++;
          }
          if (seen >= killAt && !child.killed) child.kill('SIGKILL');
        });
        child.on('exit', () => resolve());
      });
      assert.ok(seen < 1000, 'the writer was killed mid-run');
      const db = openDatabase(path.join(dir, DB_FILE)); // recovers the WAL
      const ids = new Set((db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));
      for (const id of acked) assert.ok(ids.has(id), `acknowledged event ${id} survived`);
      const r = verifyStore(db);
      assert.equal(r.ok, true, JSON.stringify(r.firstBad));
      db.close();
    }
  });
});
