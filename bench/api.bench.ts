// `npm run bench:api -- --json`: the compare server over loopback (autocannon, real photos):
// throughput and p50/p99 at 1, 4 and 16 clients, the share of 429s at 16, and the server's own
// overhead (HTTP p50 at one client minus the engine-only p50, measured here the same way).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './bench-args.js';
import autocannon from 'autocannon';
import { EngineClient } from '../main/engine/engine-client.js';
import { FaceEngine } from '../main/engine/face-engine.js';
import { cameraFrame, cardPhoto, FACES_DIR } from './fixtures.js';

const values = benchArgs('usage: npm run bench:api -- [--json] [--seconds N]   the compare API under load (autocannon)', {
  json: { type: 'boolean', default: false },
  seconds: { type: 'string', default: '8' },
});
const seconds = Number(values.seconds);
const r1 = (x: number) => Math.round(x * 10) / 10;

const fx = await FaceEngine.load({ intraOpThreads: 2 });
const card = await cardPhoto(fx, path.join(FACES_DIR, 'dev/p13/img38.jpg'), 30);
await fx.close();
const face = await cameraFrame(path.join(FACES_DIR, 'dev/p13/img39.jpg'));
const body = JSON.stringify({
  card_image_base64: card.toString('base64'),
  face_image_base64: face.toString('base64'),
  compare_time: Date.now() / 1000,
  identity_info: { user_idcard: '11010519491231002X', user_name: '张三' },
});

// Engine only, in this process: single-compare p50 and the pool's own throughput at 4 in flight.
const engine = new EngineClient();
await engine.ready;
const input = { card, frames: [face] };
for (let i = 0; i < 10; i++) await engine.compare(input);
const lat: number[] = [];
for (let i = 0; i < 60; i++) {
  const t0 = performance.now();
  await engine.compare(input);
  lat.push(performance.now() - t0);
}
lat.sort((a, b) => a - b);
const engineP50 = lat[Math.floor(lat.length / 2)]!;
let done = 0;
const end = performance.now() + seconds * 1000;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (performance.now() < end) {
      await engine.compare(input);
      done++;
    }
  }),
);
const engineThroughput = done / ((performance.now() - t0) / 1000);
await engine.close();

// The server, as its own process.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sophon-bench-api-'));
const port = 20000 + Math.floor(Math.random() * 20000);
// Started as `npm run serve` starts it: the command line's bundle while fresh (scripts/launch.mjs).
const server = spawn(
  process.execPath,
  [
    path.join(import.meta.dirname, '../scripts/launch.mjs'),
    'sophonmatch',
    'serve',
    '--port',
    String(port),
    '--data-dir',
    dataDir,
    '--log-level',
    'warn',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
const url = `http://127.0.0.1:${port}`;
for (let i = 0; i < 200; i++) {
  try {
    if ((await fetch(url + '/ready')).status === 200) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 100));
}

async function load(connections: number) {
  const r = await autocannon({
    url: url + '/SophonMatch/api/compare',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: seconds,
  });
  const codes = (r as unknown as { statusCodeStats: Record<string, { count: number }> }).statusCodeStats;
  const count = (c: string) => codes[c]?.count ?? 0;
  const total = Object.values(codes).reduce((s, c) => s + c.count, 0);
  const fiveXX = Object.entries(codes)
    .filter(([c]) => c.startsWith('5'))
    .reduce((s, [, c]) => s + c.count, 0);
  return {
    clients: connections,
    ok_per_s: r1(count('200') / seconds),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    share_429: total ? Math.round((count('429') / total) * 1000) / 1000 : 0,
    count_5xx: fiveXX + r.errors + r.timeouts,
  };
}
await load(2); // warm-up
const runs = [await load(1), await load(4), await load(16)];
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });

const at = (n: number) => runs.find((r) => r.clients === n)!;
const report = {
  runs,
  engine_p50_ms: r1(engineP50),
  engine_throughput_per_s: r1(engineThroughput),
  overhead_ms: r1(at(1).p50_ms - engineP50),
  throughput_ratio_at_4: Math.round((at(4).ok_per_s / engineThroughput) * 100) / 100,
  p99_at_16_ms: at(16).p99_ms,
  share_429_at_16: at(16).share_429,
  count_5xx: runs.reduce((s, r) => s + r.count_5xx, 0),
  seconds_per_run: seconds,
  body_bytes: body.length,
};
console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
