// The real server as its own process (`sophonmatch serve`), so that a crash, a kill or a leak is the
// server's and not the test's. Its log goes to RESILIENCE_OUT/logs/, which the last test greps
// for personal data.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { resilienceOut } from '../resilience/harness/budget.js';

// Started as `npm run serve` starts it: from the bundle npm install builds (sources when stale).
const LAUNCHER = path.resolve('scripts/launch.mjs');

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resident memory of the server process, MiB. */
  rssMiB(): number;
  /** Open file descriptors of the server process. */
  fds(): number;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface ServeOptions {
  dataDir: string;
  name: string;
  args?: string[];
  host?: string;
  waitReady?: boolean;
}

export async function startServerProcess(opts: ServeOptions): Promise<ServerProcess> {
  const port = await freePort();
  const logs = path.join(resilienceOut(), 'logs');
  mkdirSync(logs, { recursive: true });
  const log = createWriteStream(path.join(logs, `${opts.name}.log`), { flags: 'a' });
  const child = spawn(
    process.execPath,
    [
      LAUNCHER,
      'sophonmatch',
      'serve',
      '--port',
      String(port),
      '--data-dir',
      opts.dataDir,
      '--log-level',
      'info',
      '--reader-port',
      'none',
      ...(opts.host ? ['--host', opts.host] : []),
      ...(opts.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      setTimeout(() => log.end(), 50);
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const pid = child.pid!;
  const proc: ServerProcess = {
    url,
    port,
    child,
    exited,
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024,
    fds: () => readdirSync(`/proc/${pid}/fd`).length,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  if (opts.waitReady === false) return proc;
  const deadline = Date.now() + 60_000;
  let early: { code: number | null } | null = null;
  void exited.then((e) => (early = e));
  while (Date.now() < deadline) {
    if (early) throw new Error(`the server exited before it was ready (code ${(early as { code: number | null }).code})`);
    try {
      if ((await fetch(url + '/ready')).status === 200) return proc;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  await proc.kill();
  throw new Error('the server was not ready within 60 s');
}
