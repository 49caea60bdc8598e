// The headless product's log: JSON lines on stdout (for journald / the service wrapper) and in a
// rotating file in the data folder, <data>/logs/sophonmatch.<n>.log (pino's own pino-roll
// transport: a new file every day or at 10 MiB, the last 14 kept), so `"log"` in the diagnostics
// names a file in every mode. Nothing personal is logged (the request lines carry routes, never
// URLs; see main/server/app.ts).
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pino, { type Logger } from 'pino';

export const LOG_DIR = 'logs';
export const LOG_BASENAME = 'sophonmatch';

export function openServiceLog(
  dataDir: string,
  level: string,
  opts: { stdout?: boolean } = {},
): { log: Logger; file: string; flush(): Promise<void> } {
  const dir = path.join(dataDir, LOG_DIR);
  // A read-only or foreign folder is said here, in the system's words, not by the log's worker thread.
  if (existsSync(dataDir)) accessSync(dataDir, constants.W_OK);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  accessSync(dir, constants.W_OK);
  const file = path.join(dir, LOG_BASENAME);
  const target = createRequire(import.meta.url).resolve('pino-roll');
  const transport = pino.transport({
    targets: [
      { target, level, options: { file, extension: '.log', frequency: 'daily', size: '10m', limit: { count: 14 }, mkdir: true } },
      ...(opts.stdout === false ? [] : [{ target: 'pino/file', level, options: { destination: 1 } }]),
    ],
  });
  // A log that cannot be written (disk full, the folder gone) must not take the product down.
  transport.on('error', (err: Error) => process.stderr.write(`sophonmatch: the log file cannot be written: ${err.message}\n`));
  const log = pino({ level, base: { app: 'sophonmatch' } }, transport);
  return {
    log,
    file: dir,
    /** Writes out what is buffered and closes the file (at exit; waits at most 2 s). */
    flush: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        transport.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        try {
          transport.end();
        } catch {
          resolve(); // the worker is gone already
        }
      }),
  };
}
