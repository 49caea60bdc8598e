// Soak: 4 clients with real photos (half saving events) for the whole budget (10 minutes; bounded
// in CI). Zero 5xx, p99 of the last minute within 20 % of the first, RSS growth ≤ 10 % after the
// first minute (after a 15 s warm-up that is not counted), file descriptors flat.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { closePhotos } from '../helpers/photos.js';
import { tempDir } from '../helpers/tmp.js';
import { budget } from './harness/budget.js';
import { figure } from './harness/figures.js';
import { percentile } from './harness/http.js';
import { closedLoop, realBodies } from './harness/load.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

let server: ServerProcess;
let bodies: string[];

before(async () => {
  bodies = await realBodies();
  await closePhotos();
  server = await startServerProcess({ dataDir: tempDir('sophon-soak'), name: 'soak' });
});
after(async () => server?.stop());

describe('soak', () => {
  it(`4 clients for ${budget.soakSeconds} s: no 5xx, p99 steady, RSS and descriptors flat`, async () => {
    // Warm-up (not counted): the first compares load caches and JIT the hot paths.
    await closedLoop(server.url + '/SophonMatch/api/compare', bodies, 4, 15);
    let rss1 = 0,
      fds1 = 0;
    const rssTrace: number[] = [];
    const samples = await closedLoop(server.url + '/SophonMatch/api/compare', bodies, 4, budget.soakSeconds, (at) => {
      if (at >= 60_000 && !rss1) {
        rss1 = server.rssMiB();
        fds1 = server.fds();
      }
      if (Math.floor(at / 1000) % 30 === 0) rssTrace.push(Math.round(server.rssMiB()));
    });
    const rssEnd = server.rssMiB();
    const fdsEnd = server.fds();
    const end = Math.max(...samples.map((s) => s.at));
    const first = samples.filter((s) => s.at < 60_000).map((s) => s.ms);
    const last = samples.filter((s) => s.at >= end - 60_000).map((s) => s.ms);
    const p99First = percentile(first, 99);
    const p99Last = percentile(last, 99);
    const errors = samples.filter((s) => s.status !== 200).length;
    console.log(
      `  ${samples.length} compares in ${(end / 1000).toFixed(0)} s (${(samples.length / (end / 1000)).toFixed(1)}/s); ` +
        `p99 first ${p99First.toFixed(0)} ms, last ${p99Last.toFixed(0)} ms; ` +
        `RSS ${rss1.toFixed(0)} → ${rssEnd.toFixed(0)} MiB (${rssTrace.join(' ')}); fds ${fds1} → ${fdsEnd}`,
    );
    figure('soak', `compares answered (4 clients, ${budget.soakSeconds} s)`, samples.length, 'answers', '>=', budget.soakSeconds * 10);
    figure('soak', 'non-200 answers', errors, 'answers', '==', 0);
    figure('soak', 'p99 last minute vs first minute', (Math.abs(p99Last - p99First) / p99First) * 100, '%', '<=', 20);
    figure('soak', 'RSS growth after the first minute', ((rssEnd - rss1) / rss1) * 100, '%', '<=', 10);
    figure('soak', 'open file descriptors growth', fdsEnd - fds1, 'fds', '<=', 2);
    assert.equal(errors, 0);
    assert.ok(Math.abs(p99Last - p99First) <= 0.2 * p99First, `p99 ${p99First} → ${p99Last}`);
    assert.ok(rssEnd <= rss1 * 1.1);
    assert.ok(fdsEnd - fds1 <= 2);
  });
});
