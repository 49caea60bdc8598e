// `sophonmatch serve`: the product headless (API server, counter with the reader, the screens' web
// build), wired by the same composition as the desktop app. Never waits for input.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ChainDecoder, PassThroughDecoder } from '../reader/photo/decoder.js';
import { IsolatedWltDecoder } from '../reader/photo/isolated-decoder.js';
import { AppComposition } from '../app/composition.js';
import { loadServerConfig } from '../server/config.js';
import { DEFAULT_WEB_ROOT } from '../server/web/static-files.js';
import { EXIT, parseCommand, stringOptions } from './cli-args.js';
import { openServiceLog } from './log-file.js';
import { PROJECT_ROOT } from './project-root.js';

export const SERVE_USAGE = `usage: sophonmatch serve [options]      (every option also as SOPHONMATCH_<NAME> in the environment)
  --host H               listen address (127.0.0.1; another address needs --token)
  --port P               port (5555; 0: any free port)
  --data-dir DIR         data folder: store, key, settings, logs (default: the user's data folder)
  --token T              API token required from callers (16+ characters)
  --pool-size N          engine workers (one per core)       --max-queue N   queued jobs before BUSY
  --deadline-ms N        per-request deadline (10000)        --max-body-bytes N / --max-pixels N   limits
  --log-level L          fatal|error|warn|info|debug|trace|silent (info; frame checks are at debug)
  --photo-days N / --personal-days N / --reader-port P|auto|none / --counter-threshold L /
  --counter-quality L / --terminal-id NAME    written into the terminal's settings.json at start
  --ui on|off            serve the screens (on)              --wlt-library FILE   vendor WLT decoder
  The port is checked before the face models are loaded. Exit: 0 stopped by SIGTERM/SIGINT,
  2 wrong options or configuration, 1 could not start (port in use, data folder locked or damaged).`;

/** Whether host:port can be listened on now (checked before anything heavy is started). */
export function portProblem(host: string, port: number): Promise<string | null> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', (e: NodeJS.ErrnoException) =>
      resolve(
        e.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use (another SophonMatch, or another program); stop it or choose another with --port`
          : `cannot listen on ${host}:${port}: ${e.message}`,
      ),
    );
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(null)));
  });
}

export async function serveCommand(argv: string[]): Promise<number> {
  const args = parseCommand(
    argv,
    SERVE_USAGE,
    stringOptions(
      'host port data-dir token pool-size max-queue deadline-ms max-body-bytes max-pixels log-level photo-days personal-days reader-port counter-threshold counter-quality terminal-id ui wlt-library',
    ),
  );
  if (!args) return EXIT.OK;
  const values = args.values;
  let config;
  try {
    config = loadServerConfig({
      host: values.host,
      port: values.port,
      dataDir: values['data-dir'],
      token: values.token,
      poolSize: values['pool-size'],
      maxQueue: values['max-queue'],
      deadlineMs: values['deadline-ms'],
      maxBodyBytes: values['max-body-bytes'],
      maxPixels: values['max-pixels'],
      logLevel: values['log-level'],
      photoDays: values['photo-days'],
      personalDays: values['personal-days'],
      readerPort: values['reader-port'],
      counterThreshold: values['counter-threshold'],
      counterQuality: values['counter-quality'],
      terminalId: values['terminal-id'],
      ui: values.ui,
    });
  } catch (err) {
    console.error(`sophonmatch serve: ${(err as Error).message}`);
    return EXIT.USAGE;
  }
  const busy = await portProblem(config.host, config.port);
  if (busy) {
    console.error(`sophonmatch serve: ${busy}`);
    return EXIT.FAILED;
  }
  // Every line on stdout (journald, the service wrapper) and in <data>/logs (rotated daily / at 10 MiB).
  let logs;
  try {
    logs = openServiceLog(config.dataDir, config.logLevel);
  } catch (err) {
    console.error(`sophonmatch serve: cannot write the log in ${config.dataDir}: ${(err as Error).message}`);
    return EXIT.FAILED;
  }
  const log = logs.log;
  const version = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const wltLibrary = values['wlt-library'] ?? process.env.SOPHONMATCH_WLT_LIBRARY;
  // Flags given for the terminal's settings are saved into settings.json (the one place they live).
  const overrides = Object.fromEntries(
    Object.entries({
      photoDays: config.photoDays,
      personalDays: config.personalDays,
      readerPort: config.readerPort,
      threshold: config.counterThreshold,
      quality: config.counterQuality,
      terminalId: config.terminalId,
    }).filter(([, v]) => v !== undefined),
  );
  const app = new AppComposition({
    dataDir: config.dataDir,
    log,
    version,
    decoder: wltLibrary ? new ChainDecoder(new IsolatedWltDecoder(wltLibrary)) : new PassThroughDecoder(),
    engine: { poolSize: config.poolSize, maxQueue: config.maxQueue, deadlineMs: config.deadlineMs },
    server: {
      host: config.host,
      port: config.port,
      token: config.token,
      maxBodyBytes: config.maxBodyBytes,
      maxPixels: config.maxPixels,
      deadlineMs: config.deadlineMs,
      webRoot: config.ui === 'on' ? DEFAULT_WEB_ROOT : undefined,
    },
    settingsOverrides: overrides,
    logFile: logs.file,
  });
  try {
    await app.start();
  } catch (err) {
    console.error(`sophonmatch serve: ${(err as Error).message}`);
    await logs.flush();
    return EXIT.FAILED;
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down: finishing requests in flight');
      await app.stop(); // stops accepting; requests in flight finish (their events are committed)
      log.info('stopped');
      await logs.flush();
      resolve(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
}
