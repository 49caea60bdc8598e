// A pseudo-terminal pair from socat: two device paths wired back to back, like a reader on a cable.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PtyPair {
  /** The end the product opens (the "reader port"). */
  host: string;
  /** The end the simulator opens. */
  device: string;
  close(): Promise<void>;
}

export async function openPtyPair(dir = mkdtempSync(path.join(os.tmpdir(), 'sophon-pty-'))): Promise<PtyPair> {
  const host = path.join(dir, 'reader'),
    device = path.join(dir, 'device');
  const proc: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${device}`], {
    stdio: 'ignore',
  });
  const spawnError = new Promise<never>((_, reject) =>
    proc.once('error', (e) => reject(new Error(`socat is needed for the reader simulator (apt-get install socat): ${e.message}`))),
  );
  const deadline = Date.now() + 5000;
  while (!(existsSync(host) && existsSync(device))) {
    if (Date.now() > deadline) throw new Error('socat did not create the pty pair');
    await Promise.race([new Promise((r) => setTimeout(r, 20)), spawnError]);
  }
  return {
    host,
    device,
    close: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
