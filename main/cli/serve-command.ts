// `sophonmatch serve`: the product headless (API server, counter with the reader, the screens' web
// build), wired by the same composition as the desktop app. Never waits for input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ChainDecoder, PassThroughDecoder } from '../../native/wlt/decoder.js';
import { VendorWltDecoder } from '../../native/wlt/vendor-library.js';
import { AppComposition } from '../app/composition.js';
import { loadServerConfig } from '../server/config.js';
import { DEFAULT_WEB_ROOT } from '../server/web/static-files.js';
import { PROJECT_ROOT } from './project-root.js';

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      token: { type: 'string' },
      'pool-size': { type: 'string' },
      'max-queue': { type: 'string' },
      'deadline-ms': { type: 'string' },
      'max-body-bytes': { type: 'string' },
      'max-pixels': { type: 'string' },
      'log-level': { type: 'string' },
      'photo-days': { type: 'string' },
      'personal-days': { type: 'string' },
      'reader-port': { type: 'string' },
      'counter-threshold': { type: 'string' },
      'counter-quality': { type: 'string' },
      'terminal-id': { type: 'string' },
      ui: { type: 'string' },
      'wlt-library': { type: 'string' },
    },
  });
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
    return 2;
  }
  const log = pino({ level: config.logLevel, base: { app: 'sophonmatch' } });
  const version = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const wltLibrary = values['wlt-library'] ?? process.env.SOPHONMATCH_WLT_LIBRARY;
  // Flags given for the terminal's settings are saved into settings.json (the one place they live).
  const overrides = Object.fromEntries(
    Object.entries({ photoDays: config.photoDays, personalDays: config.personalDays, readerPort: config.readerPort, threshold: config.counterThreshold, quality: config.counterQuality, terminalId: config.terminalId }).filter(([, v]) => v !== undefined),
  );
  const app = new AppComposition({
    dataDir: config.dataDir,
    log,
    version,
    decoder: wltLibrary ? new ChainDecoder(new VendorWltDecoder(wltLibrary)) : new PassThroughDecoder(),
    engine: { poolSize: config.poolSize, maxQueue: config.maxQueue, deadlineMs: config.deadlineMs },
    server: { host: config.host, port: config.port, token: config.token, maxBodyBytes: config.maxBodyBytes, maxPixels: config.maxPixels, deadlineMs: config.deadlineMs, webRoot: config.ui === 'on' ? DEFAULT_WEB_ROOT : undefined },
    settingsOverrides: overrides,
  });
  try {
    await app.start();
  } catch (err) {
    console.error(`sophonmatch serve: ${(err as Error).message}`);
    return 2;
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down: finishing requests in flight');
      await app.stop(); // stops accepting; requests in flight finish (their events are committed)
      log.info('stopped');
      resolve(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
}
