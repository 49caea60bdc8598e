// `npm run bench -- --json`: latency, throughput, cold start, memory and pipeline overhead of one
// compare (102×126 card JPEG vs 640×480 live JPEG, real photos). Prints one JSON object.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './bench-args.js';
import { EngineClient } from '../main/engine/engine-client.js';
import { FaceEngine } from '../main/engine/face-engine.js';
import { KERNELS_IMPL } from '../main/engine/image/pixel-kernels.js';
import { cameraFrame, cardPhoto, FACES_DIR } from './fixtures.js';

const values = benchArgs(
  'usage: npm run bench -- [--json] [--seconds N] [--runs N]   one compare: latency, throughput, cold start, memory (JSON with --json)',
  { json: { type: 'boolean', default: false }, seconds: { type: 'string', default: '8' }, runs: { type: 'string', default: '100' } },
);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sophon-bench-'));
const fx = await FaceEngine.load({ intraOpThreads: 2 });
const card = await cardPhoto(fx, path.join(FACES_DIR, 'dev/p01/img10.jpg'), 30);
const face = await cameraFrame(path.join(FACES_DIR, 'dev/p01/img11.jpg'));
await fx.close();
const cardFile = path.join(tmp, 'card.jpg'),
  faceFile = path.join(tmp, 'face.jpg');
writeFileSync(cardFile, card);
writeFileSync(faceFile, face);

// Cold start: the product's command line in a new process (`sophonmatch compare`, started the way
// `npm start` and `npm run serve` start: from its bundle when fresh), from spawn to its result.
const launcher = path.join(import.meta.dirname, '../scripts/launch.mjs');
function firstLine(args: string[]): Promise<{ ms: number; out: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let firstMs = 0;
    child.stdout.on('data', (d) => {
      out += d;
      if (!firstMs && out.includes('\n')) firstMs = performance.now() - t0;
    });
    child.on('close', (code) =>
      firstMs ? resolve({ ms: firstMs, out }) : reject(new Error(`${args.join(' ')} exited ${code} without a result`)),
    );
  });
}
const coldStart = async () => (await firstLine([launcher, 'sophonmatch', 'compare', '--card', cardFile, '--face', faceFile])).ms;
await coldStart(); // warms the OS file cache
const coldMs = [await coldStart(), await coldStart(), await coldStart()];
// Peak memory of a working process: first result, then a burst on all workers (cold-start.ts).
const working = await firstLine([...process.execArgv, path.join(import.meta.dirname, 'cold-start.ts'), cardFile, faceFile]);
const peakRssMb = (JSON.parse(working.out.trim().split('\n').pop()!) as { peak_rss_mb: number }).peak_rss_mb;

const input = { card, frames: [face] };

// Pipeline overhead: one worker, compares one after another; end-to-end wall time vs model time.
const solo = new EngineClient({ poolSize: 1 });
await solo.ready;
for (let i = 0; i < 10; i++) await solo.compare(input);
let wall = 0,
  model = 0;
for (let i = 0; i < 50; i++) {
  const t0 = performance.now();
  const r = await solo.compare(input);
  wall += performance.now() - t0;
  model += r.timings.model_ms;
}
await solo.close();

// Latency and throughput with the pool on all cores.
const client = new EngineClient();
await client.ready;
for (let i = 0; i < 10; i++) await client.compare(input);
const lat: number[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  const t0 = performance.now();
  await client.compare(input);
  lat.push(performance.now() - t0);
}
const seconds = Number(values.seconds);
const concurrency = client.stats().size * 2;
let done = 0;
const end = performance.now() + seconds * 1000;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await client.compare(input);
      done++;
    }
  }),
);
const throughput = done / ((performance.now() - t0) / 1000);
const sample = await client.compare(input);
await client.close();
rmSync(tmp, { recursive: true, force: true });

const report = {
  p50_ms: r1(quantile(lat, 0.5)),
  p95_ms: r1(quantile(lat, 0.95)),
  throughput_per_s: r1(throughput),
  cold_start_ms: Math.round(quantile(coldMs, 0.5)),
  peak_rss_mb: peakRssMb,
  e2e_over_model: Math.round((wall / model) * 100) / 100,
  detail: {
    pool_size: client.stats().size,
    concurrency,
    runs: lat.length,
    cold_start_runs_ms: coldMs.map(Math.round),
    solo_e2e_ms: r1(wall / 50),
    solo_model_ms: r1(model / 50),
    sample_timings: sample.timings,
    card: '102x126 JPEG q30 of dev/p01/img10.jpg',
    face: '640x480 JPEG q85 of dev/p01/img11.jpg',
    score: sample.score,
    cpus: os.cpus().length,
    pixel_kernels: KERNELS_IMPL,
    model: sample.model,
  },
};
console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
