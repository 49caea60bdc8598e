// What starts what, in which order, and how it stops: store → settings → engine (worker pool,
// replaced with back-off when a worker dies) → retention → reader → counter → HTTP server (when
// enabled) → window. The same composition runs headless (`sophonmatch serve`: engine in threads, no
// window) and in the desktop app (engine in utilityProcesses, a BrowserWindow); the platform
// differences come in through `AppPlatform`, so this file never imports Electron.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { PhotoDecoder } from '../reader/photo/decoder.js';
import type { Settings } from '../contracts/settings.js';
import type { WorkerReady } from '../contracts/engine.js';
import { CounterService, counterSettingsOf } from '../counter/counter-service.js';
import { EngineClient } from '../engine/engine-client.js';
import type { EngineWorkerFactory } from '../engine/pool/worker-pool.js';
import { ReaderService } from '../reader/reader-service.js';
import { buildServer } from '../server/app.js';
import { SETTINGS_FILE, SettingsFile } from '../settings/settings-file.js';
import type { SqliteEventStore } from '../store/events.js';
import { purgeExpired } from '../store/maintenance.js';
import { runScheduledBackup } from '../store/scheduled-backup.js';
import { openStore } from '../store/open-store.js';
import { hasAdmin } from '../store/users.js';
import { diagnosticsOf } from './diagnostics.js';

export interface AppPlatform {
  dataDir: string;
  log: Logger;
  version: string;
  decoder: PhotoDecoder;
  /** utilityProcess workers in the desktop app; worker_threads by default. */
  engineFactory?: EngineWorkerFactory;
  engine?: { poolSize?: number; maxQueue?: number; deadlineMs?: number; modelsDir?: string };
  /** The HTTP server: where it listens and its limits. Absent: settings decide (desktop app). */
  server?: { host: string; port: number; token?: string; maxBodyBytes: number; maxPixels: number; deadlineMs: number; webRoot?: string };
  /** Opens the window (desktop app); absent headless. */
  openWindow?: (services: AppServices) => Promise<void> | void;
  /** Overrides written into the settings at start (`serve` flags). */
  settingsOverrides?: Partial<Settings>;
  /** Where the log goes (named in the diagnostics). */
  logFile?: string;
  /** When scheduled backups are looked at (default: a minute after start, then hourly). */
  backupCheck?: { firstMs: number; everyMs: number };
}

export interface AppServices {
  store: SqliteEventStore;
  settings: SettingsFile;
  engine: EngineClient;
  reader: ReaderService | null;
  counter: CounterService | null;
  server: FastifyInstance | null;
  applySettings(s: Settings): Promise<void>;
  /** For support: versions, model, engine and reader state, last errors (no personal data). */
  diagnostics(): Record<string, unknown>;
}

const RETENTION_EVERY_MS = 6 * 3600 * 1000;
/** Scheduled backups are looked at hourly (one a day at most) and a minute after the start. */
const BACKUP_CHECK_MS = 3600 * 1000;

export class AppComposition {
  /** The order things started and stopped, for the tests and the diagnostics. */
  readonly steps: string[] = [];
  private services: AppServices | null = null;
  private retention: NodeJS.Timeout | null = null;
  private backups: NodeJS.Timeout[] = [];
  /** The last problems (codes and times only), for the diagnostics. */
  readonly lastErrors: string[] = [];

  constructor(private readonly platform: AppPlatform) {}

  async start(): Promise<AppServices> {
    const p = this.platform;
    const log = p.log;
    const store = openStore(p.dataDir);
    this.steps.push('store');
    let engine: EngineClient | null = null,
      reader: ReaderService | null = null,
      server: FastifyInstance | null = null;
    try {
      const settingsFile = new SettingsFile(p.dataDir, store.key);
      if (p.settingsOverrides && Object.keys(p.settingsOverrides).length) settingsFile.update(p.settingsOverrides);
      let settings = settingsFile.get();
      this.steps.push('settings');

      engine = new EngineClient({ ...p.engine, factory: p.engineFactory });
      engine.pool.on('worker-exit', (code) => log.warn({ code }, 'engine worker exited; replacing it'));
      engine.pool.on('load-failed', (message) => log.fatal({ message }, 'face models could not be loaded'));
      engine.pool.once('worker-ready', (msg: WorkerReady) => {
        if (msg.pixel_kernels.impl === 'native') log.info('image kernels: native (C)');
        else log.warn({ reason: msg.pixel_kernels.reason }, 'image kernels: TypeScript reference (slower); rebuild with npm install');
      });
      const modelId = engine.modelId;
      engine.ready.then(
        () => log.info({ model: modelId }, 'face models loaded; ready'),
        () => {},
      );
      this.steps.push('engine');

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
      this.retention = setInterval(purge, RETENTION_EVERY_MS);
      this.retention.unref();
      // Scheduled backups (Settings): at most one a day into backupDir (default <data>/backups).
      const backup = async () => {
        if (!settings.backupDaily || !settings.backupPassphrase) return;
        try {
          const file = path.join(p.dataDir, SETTINGS_FILE);
          const r = await runScheduledBackup(
            store.db,
            store.key,
            {
              dir: settings.backupDir ?? path.join(p.dataDir, 'backups'),
              keep: settings.backupKeep,
              passphrase: settings.backupPassphrase,
            },
            p.version,
            existsSync(file) ? readFileSync(file) : undefined,
          );
          if (r.written || r.removed.length)
            log.info({ written: r.written && path.basename(r.written), removed: r.removed.length }, 'scheduled backup');
        } catch (err) {
          log.error({ reason: (err as Error).message }, 'scheduled backup failed');
          this.lastErrors.push(`${new Date().toISOString()} backup failed`);
        }
      };
      const check = p.backupCheck ?? { firstMs: 60_000, everyMs: BACKUP_CHECK_MS };
      this.backups = [setTimeout(() => void backup(), check.firstMs), setInterval(() => void backup(), check.everyMs)];
      for (const t of this.backups) t.unref();
      this.steps.push('retention');

      const lineOf = (s: Settings) => ({
        port: s.readerPort === 'auto' ? undefined : s.readerPort,
        baudRate: s.readerBaud,
        pollMs: s.readerPollMs,
      });
      // The reader service always exists; with the port 'none' it is stopped (no port held), so a
      // change of port on screen, 'none' included, applies at once.
      const line = new ReaderService(lineOf(settings));
      reader = line;
      line.on('state', (state, port) => log.info({ reader: state, port }, 'reader state'));
      line.on('problem', (pr) => {
        log.warn({ code: pr.code }, 'reader problem');
        this.lastErrors.push(`${new Date().toISOString()} reader ${pr.code}`);
        if (this.lastErrors.length > 50) this.lastErrors.shift();
      });
      if (settings.readerPort !== 'none') line.start();
      this.steps.push('reader');

      const counter = new CounterService(engine, store, line, p.decoder, counterSettingsOf(settings));
      this.steps.push('counter');

      /** 'none': stop polling and close the port; the state says no reader, on no port. */
      const releaseReader = async () => {
        await line.stop();
        line.port = null;
        if (line.state !== 'no-reader') {
          line.state = 'no-reader';
          line.emit('state', 'no-reader', null);
        }
      };
      // Settings changed on screen apply at once (reader line, levels, terminal name, retention).
      const applySettings = async (s: Settings) => {
        settings = s;
        counter.settings = counterSettingsOf(s);
        if (s.readerPort === 'none') return releaseReader();
        await line.configure(lineOf(s));
        line.start();
      };

      let services: AppServices | null = null;
      const diagnostics = () => diagnosticsOf(services!, { app: p.version, lastErrors: this.lastErrors, log: p.logFile });
      const http =
        p.server ??
        (settings.apiEnabled
          ? {
              host: '127.0.0.1',
              port: settings.apiPort,
              token: settings.apiToken ?? undefined,
              maxBodyBytes: 10 * 1024 * 1024,
              maxPixels: 16_000_000,
              deadlineMs: 10_000,
            }
          : null);
      if (http) {
        server = buildServer({
          engine,
          store,
          token: http.token,
          maxBodyBytes: http.maxBodyBytes,
          maxPixels: http.maxPixels,
          deadlineMs: http.deadlineMs,
          logger: log,
          version: p.version,
          counter,
          webRoot: 'webRoot' in http ? http.webRoot : undefined,
          settings: { file: settingsFile, apply: applySettings, diagnostics },
        });
        await server.listen({ host: http.host, port: http.port });
        log.info({ host: http.host, port: http.port, dataDir: p.dataDir, token: Boolean(http.token) }, 'SophonMatch API listening');
        this.steps.push('server');
      }
      if (!hasAdmin(store.db))
        log.warn(
          'no users yet: open the screens on this machine to create the first administrator, or run `npx sophonmatch setup-admin --username NAME --data-dir DIR` (works while serving)',
        );

      services = { store, settings: settingsFile, engine, reader, counter, server, applySettings, diagnostics };
      this.services = services;
      if (p.openWindow) {
        await p.openWindow(this.services);
        this.steps.push('window');
      }
      return this.services;
    } catch (err) {
      // A failed start leaves nothing running: what did start is stopped, in reverse.
      if (this.retention) clearInterval(this.retention);
      for (const t of this.backups) clearTimeout(t);
      await reader?.stop().catch(() => {});
      await server?.close().catch(() => {});
      await engine?.close().catch(() => {});
      store.close();
      this.services = null;
      throw err;
    }
  }

  /** Stops in reverse: no new requests, requests in flight finish (their events commit), then the rest. */
  async stop(): Promise<void> {
    const s = this.services;
    this.services = null;
    if (this.retention) clearInterval(this.retention);
    this.retention = null;
    for (const t of this.backups) clearTimeout(t);
    this.backups = [];
    if (!s) return;
    await s.reader?.stop();
    this.steps.push('stop:reader');
    await s.server?.close();
    this.steps.push('stop:server');
    await s.engine.close();
    this.steps.push('stop:engine');
    s.store.close();
    this.steps.push('stop:store');
  }
}
