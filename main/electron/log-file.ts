// The desktop app's log: JSON lines in <userData>/logs/sophonmatch.log, rotated at start when over
// 10 MiB (five kept). The same rule as the server: no personal data is ever logged.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';

const MAX_BYTES = 10 * 1024 * 1024;
const KEEP = 5;

export function openLogFile(dir: string): { log: Logger; file: string } {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'sophonmatch.log');
  if (existsSync(file) && statSync(file).size > MAX_BYTES) {
    rmSync(`${file}.${KEEP}`, { force: true });
    for (let i = KEEP - 1; i >= 1; i--) if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    renameSync(file, `${file}.1`);
  }
  return {
    log: pino({ level: 'info', base: { app: 'sophonmatch-desktop' } }, pino.destination({ dest: file, sync: false, mkdir: true })),
    file,
  };
}
