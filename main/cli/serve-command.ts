// `sophonmatch serve`: the SophonMatch API server, headless. Never waits for input.
import { mkdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { EngineClient } from '../engine/engine-client.js';
import { buildServer } from '../server/app.js';
import { loadServerConfig } from '../server/config.js';
import { purgeExpired } from '../store/maintenance.js';
import { openStore } from '../store/open-store.js';
import { CounterService } from '../counter/counter-service.js';
import type { Settings } from '../contracts/settings.js';
import { SettingsFile } from '../settings/settings-file.js';
import { hasAdmin } from '../store/users.js';
import { ReaderService } from '../reader/reader-service.js';
import { DEFAULT_WEB_ROOT } from '../server/web/static-files.js';
import { ChainDecoder, PassThroughDecoder } from '../../native/wlt/decoder.js';
import { VendorWltDecoder } from '../../native/wlt/vendor-library.js';

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
  // The terminal's settings: settings.json in the data folder; flags given here are saved into it.
  let settingsFile: SettingsFile;
  try {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    settingsFile = new SettingsFile(config.dataDir);
    const overrides = Object.fromEntries(
      Object.entries({ photoDays: config.photoDays, personalDays: config.personalDays, readerPort: config.readerPort, threshold: config.counterThreshold, quality: config.counterQuality, terminalId: config.terminalId }).filter(([, v]) => v !== undefined),
    );
    if (Object.keys(overrides).length) settingsFile.update(overrides);
  } catch (err) {
    console.error(`sophonmatch serve: ${(err as Error).message}`);
    return 2;
  }
  let settings = settingsFile.get();
  const log = pino({ level: config.logLevel, base: { app: 'sophonmatch' } });
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const store = openStore(config.dataDir);
  const engine = new EngineClient({ poolSize: config.poolSize, maxQueue: config.maxQueue, deadlineMs: config.deadlineMs });
  engine.pool.on('worker-exit', (code) => log.warn({ code }, 'engine worker exited; replacing it'));
  engine.pool.on('load-failed', (message) => log.fatal({ message }, 'face models could not be loaded'));
  // Retention runs at start and every six hours; each purge is recorded in the audit table.
  const purge = () => {
    try {
      const r = purgeExpired(store.db, { photoDays: settings.photoDays, personalDays: settings.personalDays });
      if (r.photos || r.personal) log.info(r, 'retention purge');
    } catch (err) {
      log.error({ reason: (err as Error).message }, 'retention purge failed');
    }
  };
  purge();
  const retention = setInterval(purge, 6 * 3600 * 1000);
  retention.unref();
  // The counter: the ID reader (probed or fixed port; 'none' for an API-only server) and the screens.
  const portOf = (p: string) => (p === 'auto' ? undefined : p);
  const reader = settings.readerPort === 'none' ? null : new ReaderService({ port: portOf(settings.readerPort) });
  const wltLibrary = values['wlt-library'] ?? process.env.SOPHONMATCH_WLT_LIBRARY;
  const decoder = wltLibrary ? new ChainDecoder(new VendorWltDecoder(wltLibrary)) : new PassThroughDecoder();
  const counter = reader ? new CounterService(engine, store, reader, decoder, { threshold: settings.threshold, quality: settings.quality, terminalId: settings.terminalId }) : undefined;
  reader?.on('state', (state, port) => log.info({ reader: state, port }, 'reader state'));
  reader?.on('problem', (p) => log.warn({ code: p.code }, 'reader problem'));
  reader?.start();
  // Settings changed on screen apply at once (the reader's port, levels, terminal name, retention).
  const applySettings = async (s: Settings) => {
    settings = s;
    if (counter) counter.settings = { threshold: s.threshold, quality: s.quality, terminalId: s.terminalId };
    if (reader && s.readerPort !== 'none') await reader.setPort(portOf(s.readerPort));
  };
  const app = buildServer({ engine, store, token: config.token, maxBodyBytes: config.maxBodyBytes, maxPixels: config.maxPixels, deadlineMs: config.deadlineMs, logger: log, version, counter, webRoot: config.ui === 'on' ? DEFAULT_WEB_ROOT : undefined, settings: { file: settingsFile, apply: applySettings } });
  if (!hasAdmin(store.db)) log.warn('no users yet: create the first admin with `npx sophonmatch setup-admin --username NAME --data-dir DIR` to sign in to the screens');
  await app.listen({ host: config.host, port: config.port });
  log.info({ host: config.host, port: config.port, dataDir: config.dataDir, pool: config.poolSize, token: Boolean(config.token) }, 'SophonMatch API listening');
  engine.ready.then(
    () => log.info({ model: engine.modelId }, 'face models loaded; ready'),
    () => {},
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down: finishing requests in flight');
      clearInterval(retention);
      await reader?.stop();
      await app.close(); // stops accepting; waits for requests in flight (their events are committed)
      await engine.close();
      store.close();
      log.info('stopped');
      resolve(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
}
