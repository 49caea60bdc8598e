// The terminal's settings for the Settings screen (admins): read, change (validated as a whole,
// each bad field named with what is allowed), and the reader ports found on this machine.
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../../contracts/settings.js';
import { candidatePorts } from '../../reader/ports.js';
import type { SettingsFile } from '../../settings/settings-file.js';
import { audit } from '../../store/maintenance.js';
import { sessionAuth, userOf } from '../session-auth.js';

/** What the screen may see: the API token itself never leaves the terminal. */
export const publicSettings = (s: Settings) => {
  const { apiToken, backupPassphrase, ...rest } = s;
  return { ...rest, apiToken: null, apiTokenSet: apiToken !== null, backupPassphrase: null, backupPassphraseSet: backupPassphrase !== null };
};

export function registerSettingsRoutes(app: FastifyInstance, db: Database.Database, settings: SettingsFile, apply: (s: Settings) => Promise<void>, diagnostics?: () => Record<string, unknown>): void {
  const auth = sessionAuth(db);
  app.get('/api/v1/settings', { preHandler: auth('clerk') }, async () => publicSettings(settings.get()));
  app.put('/api/v1/settings', { preHandler: auth('admin') }, async (req) => {
    const r = settings.update(req.body);
    await apply(r.settings);
    audit(db, userOf(req).username, 'settings.change', null, { fields: Object.keys((req.body ?? {}) as object) });
    return { settings: publicSettings(r.settings), restart_required: r.restartRequired };
  });
  if (diagnostics) app.get('/api/v1/diagnostics', { preHandler: auth('admin') }, async () => diagnostics());
  app.get('/api/v1/settings/reader-ports', { preHandler: auth('admin') }, async () => ({ ports: await candidatePorts() }));
}
