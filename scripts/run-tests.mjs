// Runs every test/**/*.test.ts with Node's test runner, one file at a time.
// Optional arguments narrow the run to files whose path contains one of them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { requireNode } from './require-node.mjs';

requireNode('npm test');

// Debian tools the tests drive (socat, chromium, ffmpeg …): installed when missing and possible.
const tools = spawnSync('bash', ['scripts/ensure-test-tools.sh'], { stdio: 'inherit' });
if (tools.status !== 0) process.exit(tools.status ?? 1);

const filters = process.argv.slice(2);
const files = readdirSync('test', { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
  .map((e) => path.join(e.parentPath, e.name))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--expose-gc', '--test', '--test-concurrency=1', '--test-timeout=300000', '--test-force-exit', ...files],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
