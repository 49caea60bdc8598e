// Crashes: the server is SIGKILLed at a random point of 1,000 need_save compares (4 clients, real
// photos), round after round on the same data folder. After each kill, every event whose answer
// was received is in the store, the hash chain verifies, quick_check is clean and each event reads
// back whole (identity decrypts, both photos present).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../main/store/open-store.js';
import { verifyStore } from '../../main/store/maintenance.js';
import { EventQueries } from '../../main/store/review-queries.js';
import { closePhotos } from '../helpers/photos.js';
import { tempDir } from '../helpers/tmp.js';
import { budget } from './harness/budget.js';
import { figure } from './harness/figures.js';
import { postJson } from './harness/http.js';
import { realBodies } from './harness/load.js';
import { startServerProcess } from '../helpers/server-process.js';

let bodies: string[];
before(async () => {
  bodies = (await realBodies()).map((b) => JSON.stringify({ ...JSON.parse(b), need_save: true }));
  await closePhotos();
});
after(() => closePhotos());

describe('SIGKILL during need_save compares', () => {
  it(`${budget.crashRounds} rounds: every acknowledged event survives, the chain verifies, no half-written row`, async () => {
    const dir = tempDir('sophon-crash');
    const acked = new Set<string>();
    let lost = 0,
      badChains = 0,
      badRows = 0,
      killedMidRun = 0,
      answered = 0;
    for (let round = 0; round < budget.crashRounds; round++) {
      const server = await startServerProcess({ dataDir: dir, name: 'crash' });
      const killAt = 20 + Math.floor(Math.random() * (budget.crashCompares - 40));
      let sent = 0,
        seen = 0;
      await Promise.all(
        Array.from({ length: 4 }, async (_, c) => {
          while (sent < budget.crashCompares) {
            sent++;
            const a = await postJson(server.url + '/SophonMatch/api/compare', bodies[(sent + c) % bodies.length]!);
            if (a.status === 200) {
              assert.match(a.json.event_id, /^[0-9A-Z]{26}$/);
              acked.add(a.json.event_id);
              seen++;
              if (seen === killAt) void server.kill();
            } else if (a.status !== 0) {
              assert.fail(`unexpected answer ${a.status} ${a.text.slice(0, 200)}`);
            } else break; // the server is gone
          }
        }),
      );
      await server.exited;
      if (seen < budget.crashCompares) killedMidRun++;
      answered += seen;

      const store = openStore(dir);
      try {
        assert.equal(store.db.pragma('quick_check', { simple: true }), 'ok');
        const ids = new Set((store.db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));
        for (const id of acked) if (!ids.has(id)) lost++;
        const v = verifyStore(store.db);
        if (!v.ok) badChains++;
        const q = new EventQueries(store.db, store.key);
        const recent = [...ids].slice(-50);
        for (const id of recent) {
          const e = q.get(id);
          if (!e || !e.card_photo || !e.live_photo || !e.identity?.user_idcard) badRows++;
        }
      } finally {
        store.close();
      }
      console.log(`  round ${round + 1}: killed after ${seen} answers; ${acked.size} acknowledged so far, lost ${lost}`);
    }
    figure('crashes', `SIGKILL rounds during 1,000 need_save compares`, budget.crashRounds, 'rounds', '>=', budget.bounded ? 5 : 20);
    figure('crashes', 'rounds where the kill landed mid-run', killedMidRun, 'rounds', '==', budget.crashRounds);
    figure('crashes', 'acknowledged events checked after restart', acked.size, 'events', '>=', budget.bounded ? 500 : 2000);
    figure('crashes', 'acknowledged events lost', lost, 'events', '==', 0);
    figure('crashes', 'chain verification failures', badChains, 'rounds', '==', 0);
    figure('crashes', 'half-written or unreadable rows', badRows, 'rows', '==', 0);
    assert.equal(lost, 0);
    assert.equal(badChains, 0);
    assert.equal(badRows, 0);
    assert.equal(killedMidRun, budget.crashRounds);
    assert.ok(answered > 0);
  });
});
