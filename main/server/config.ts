// Server configuration: embedded defaults, then environment (SOPHONMATCH_*), then flags.
// Validated once; a server never starts on an invalid or unsafe configuration.
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { defaultPoolSize } from '../engine/pool/thread-workers.js';

/** The user data folder of the platform (what Electron's app.getPath('userData') gives). */
export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'SophonMatch');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'SophonMatch');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'sophonmatch');
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;
export const isLoopback = (host: string): boolean => LOOPBACK.test(host);

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ServerConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: int(0, 65535).default(5555),
    dataDir: z.string().min(1).default(defaultDataDir()),
    token: z.string().min(16, 'the API token must be at least 16 characters').optional(),
    /** Largest request body, bytes (the contract's default 10 MiB). */
    maxBodyBytes: int(1024, 1 << 30).default(10 * 1024 * 1024),
    /** Largest image, pixels (the contract's default 16 megapixels). */
    maxPixels: int(1, 500_000_000).default(16_000_000),
    poolSize: int(1, 64).default(defaultPoolSize()),
    maxQueue: int(0, 100_000).optional(),
    deadlineMs: int(100, 600_000).default(10_000),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // The terminal's settings (settings.json in the data folder, changed from the Settings screen);
    // given here, they are written there at start. Retention: photos and personal fields are purged
    // after these many days. The reader's port: 'auto' probes the candidates, 'none' runs without.
    photoDays: int(1, 36500).optional(),
    personalDays: int(1, 36500).optional(),
    readerPort: z.string().min(1).optional(),
    counterThreshold: z.enum(['low', 'middle', 'high']).optional(),
    counterQuality: z.enum(['no', 'low', 'middle', 'high']).optional(),
    terminalId: z.string().min(1).max(128).optional(),
    /** Serve the screens' web build (dist/renderer) at / . */
    ui: z.enum(['on', 'off']).default('on'),
  })
  .refine((c) => isLoopback(c.host) || c.token !== undefined, {
    message: 'binding to a non-loopback address requires an API token (--token or SOPHONMATCH_TOKEN)',
    path: ['token'],
  });
export type ServerConfig = z.infer<typeof ServerConfigSchema>;

const ENV: Record<string, keyof z.input<typeof ServerConfigSchema>> = {
  SOPHONMATCH_HOST: 'host',
  SOPHONMATCH_PORT: 'port',
  SOPHONMATCH_DATA_DIR: 'dataDir',
  SOPHONMATCH_TOKEN: 'token',
  SOPHONMATCH_MAX_BODY_BYTES: 'maxBodyBytes',
  SOPHONMATCH_MAX_PIXELS: 'maxPixels',
  SOPHONMATCH_POOL_SIZE: 'poolSize',
  SOPHONMATCH_MAX_QUEUE: 'maxQueue',
  SOPHONMATCH_DEADLINE_MS: 'deadlineMs',
  SOPHONMATCH_LOG_LEVEL: 'logLevel',
  SOPHONMATCH_PHOTO_DAYS: 'photoDays',
  SOPHONMATCH_PERSONAL_DAYS: 'personalDays',
  SOPHONMATCH_READER_PORT: 'readerPort',
  SOPHONMATCH_COUNTER_THRESHOLD: 'counterThreshold',
  SOPHONMATCH_COUNTER_QUALITY: 'counterQuality',
  SOPHONMATCH_TERMINAL_ID: 'terminalId',
  SOPHONMATCH_UI: 'ui',
};

export function loadServerConfig(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const raw: Record<string, string> = {};
  for (const [k, field] of Object.entries(ENV)) if (env[k]) raw[field] = env[k]!;
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) raw[k] = v;
  const parsed = ServerConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; '));
  return parsed.data;
}
