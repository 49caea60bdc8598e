// Overload: 64 closed-loop clients with real photos against a 2-worker server. It must shed with
// 429 (Retry-After), answer /health quickly throughout, and never make a request wait past its deadline.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { closePhotos } from '../helpers/photos.js';
import { tempDir } from '../helpers/tmp.js';
import { budget } from './harness/budget.js';
import { figure } from './harness/figures.js';
import { percentile } from './harness/http.js';
import { closedLoop, realBodies } from './harness/load.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const DEADLINE_MS = 5000;
const HEALTH_POLLER = `
const url = process.argv[1]; const ms = []; let bad = 0; let stop = false;
process.on('SIGTERM', () => { stop = true; });
(async () => {
  while (!stop) {
    const t0 = performance.now();
    try { const r = await fetch(url, { signal: AbortSignal.timeout(5000) }); await r.text(); if (r.status !== 200) bad++; } catch { bad++; }
    ms.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stdout.write(JSON.stringify({ ms, bad }));
})();`;
let server: ServerProcess;
let bodies: string[];

before(async () => {
  bodies = await realBodies();
  await closePhotos();
  server = await startServerProcess({
    dataDir: tempDir('sophon-overload'),
    name: 'overload',
    args: ['--deadline-ms', String(DEADLINE_MS)],
  });
});
after(async () => server?.stop());

describe('overload', () => {
  it('64 clients: sheds with 429, /health stays responsive, no request waits past its deadline', async () => {
    // /health is polled from its own process, so that the clients' load on this process does not
    // count as the server's latency.
    const poller = spawn(process.execPath, ['-e', HEALTH_POLLER, server.url + '/health'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    poller.stdout.on('data', (d) => (out += d));
    const samples = await closedLoop(server.url + '/SophonMatch/api/compare', bodies, 64, budget.overloadSeconds);
    poller.kill('SIGTERM');
    await new Promise((r) => poller.on('exit', r));
    const { ms: health, bad: healthBad } = JSON.parse(out) as { ms: number[]; bad: number };
    const shed = samples.filter((s) => s.status === 429).length;
    const ok = samples.filter((s) => s.status === 200).length;
    const errors5xx = samples.filter((s) => s.status >= 500 || s.status === 0).length;
    const longest = Math.max(...samples.map((s) => s.ms));
    console.log(`  ${samples.length} requests: ${ok} answered, ${shed} shed; ${(ok / budget.overloadSeconds).toFixed(1)} answers/s`);
    figure('overload', 'share of requests shed with 429 at 64 clients', (shed / samples.length) * 100, '%', '>=', 1);
    figure('overload', '5xx or dropped connections at 64 clients', errors5xx, 'answers', '==', 0);
    figure('overload', '/health p99 under overload', percentile(health, 99), 'ms', '<=', 250);
    figure('overload', '/health failures under overload', healthBad, 'answers', '==', 0);
    figure('overload', 'longest wait of any request (deadline 5000 ms)', longest, 'ms', '<=', DEADLINE_MS + 500);
    assert.ok(shed > 0);
    assert.equal(errors5xx, 0);
    assert.equal(healthBad, 0);
    assert.ok(percentile(health, 99) <= 250);
    assert.ok(longest <= DEADLINE_MS + 500, `longest ${longest} ms`);
    assert.ok(server.child.exitCode === null);
  });
});
