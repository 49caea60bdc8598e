// `npm run bench:reader -- --json`: from card placed to CardRead available, over the simulator on a
// real pty paced at 115200 baud, against the bytes' own transfer time; CPU while idle-polling through
// serialport's stock binding and stream (the product's port).
import { benchArgs } from './bench-args.js';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { COMMANDS } from '../main/reader/protocol/commands.js';
import { encodeCommand } from '../main/reader/protocol/frame.js';
import { DEFAULT_POLL_MS } from '../main/contracts/reader-line.js';
import { ReaderService } from '../main/reader/reader-service.js';
import { closeSerialPort, openSerialPort } from '../main/reader/ports.js';
import { FACES_DIR } from './fixtures.js';
import path from 'node:path';

const values = benchArgs(
  'usage: npm run bench:reader -- [--json] [--reads N] [--poll-ms N] [--idle-s N]   card reads through the simulator, idle CPU',
  {
    json: { type: 'boolean', default: false },
    reads: { type: 'string', default: '20' },
    'poll-ms': { type: 'string', default: String(DEFAULT_POLL_MS) },
    'idle-s': { type: 'string', default: '20' },
  },
);
const POLL_MS = Number(values['poll-ms']);
const BAUD = 115200;
// The simulator runs as its own process (like a real reader), so that the CPU measured is the service's.
const child = spawn(
  process.execPath,
  [
    ...process.execArgv,
    path.join(import.meta.dirname, '../main/cli/reader-sim.ts'),
    '--control',
    '--baud',
    String(BAUD),
    '--faces',
    path.join(FACES_DIR, 'dev'),
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const lines = readline.createInterface({ input: child.stdout! });
const nextLine = () => new Promise<string>((r) => lines.once('line', r));
const hello = JSON.parse(await nextLine()) as { port: string; cards: { bytes: number }[] };
const cards = hello.cards;
const simSend = (cmd: string) => child.stdin!.write(cmd + '\n');
const service = new ReaderService({ port: hello.port, baudRate: BAUD, pollMs: POLL_MS });
service.start();
const until = async (what: () => boolean) => {
  while (!what()) await new Promise((r) => setTimeout(r, 2));
};
await until(() => service.state === 'idle');

// Idle polling CPU in the steady state: after 10 s of settling (start-up compilation and V8's
// memory-reducing collections of a freshly idle process are not what a counter pays all day).
await new Promise((r) => setTimeout(r, 10_000));
const cpuPercentOver = async (seconds: number) => {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  return ((cpu.user + cpu.system) / 1000 / (performance.now() - wall0)) * 100;
};
const idleCpuPercent = await cpuPercentOver(Number(values['idle-s']));

const lat: number[] = [];
const transfer: number[] = [];
for (let i = 0; i < Number(values.reads); i++) {
  const card = cards[i % cards.length]!;
  // find + select + read replies and the three commands, 10 bits a byte.
  const bytes = 15 + 20 + 10 * 3 + 7 + 3 + 4 + card.bytes + 1;
  transfer.push(((bytes * 10) / BAUD) * 1000);
  let got = 0;
  const onCard = () => (got = performance.now());
  service.once('card', onCard);
  await new Promise((r) => setTimeout(r, Math.random() * POLL_MS)); // land at a random point of the poll cycle
  const placed = performance.now();
  simSend(`place ${i % cards.length}`);
  await until(() => got > 0);
  lat.push(got - placed);
  simSend('remove');
  await until(() => service.state === 'idle');
}
await service.stop();

// The floor: the same find-card poll as a bare loop on the same stock port (write the frame, wait
// for the answer, sleep) with no client, framer or service, at 50 ms. What is left is the cost of
// the process waking up twice a poll on this machine.
const bare = await openSerialPort(hello.port, BAUD);
const find = encodeCommand(...COMMANDS.findCard);
let bareRunning = true;
const barePoll = () => {
  if (!bareRunning) return;
  bare.once('data', () => setTimeout(barePoll, 50));
  bare.write(find);
};
barePoll();
await new Promise((r) => setTimeout(r, 5000));
const bareCpuPercent = await cpuPercentOver(10);
bareRunning = false;
await closeSerialPort(bare);
simSend('quit');
await new Promise((r) => child.once('exit', r));

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const r1 = (x: number) => Math.round(x * 10) / 10;
const over = lat.map((l, i) => l - transfer[i]!);
const report = {
  binding: 'serialport (stock)',
  baud: BAUD,
  poll_ms: POLL_MS,
  reads: lat.length,
  transfer_ms_p50: r1(q(transfer, 0.5)),
  placed_to_read_ms_p50: r1(q(lat, 0.5)),
  placed_to_read_ms_p95: r1(q(lat, 0.95)),
  over_transfer_ms_p50: r1(q(over, 0.5)),
  over_transfer_ms_p95: r1(q(over, 0.95)),
  idle_cpu_percent_of_core: Math.round(idleCpuPercent * 100) / 100,
  bare_poll_loop_cpu_percent_at_50ms: Math.round(bareCpuPercent * 100) / 100,
};
console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
process.exit(0);
