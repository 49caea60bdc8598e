// The terminal's settings for the Settings screen (admins): read, change (validated as a whole,
// each bad field named with what is allowed), and the reader ports found on this machine. Routes,
// requests and answers from the operation table (main/server/operations.ts).
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { publicSettings, type Settings } from '../../contracts/settings.js';
import { candidatePorts } from '../../reader/ports.js';
import type { SettingsFile } from '../../settings/settings-file.js';
import { audit } from '../../store/maintenance.js';
import { operationRoutes } from '../operations.js';
import { userOf } from '../session-auth.js';

/** What the screen may see: the API token itself never leaves the terminal. */
export { publicSettings };

export function registerSettingsRoutes(
  app: FastifyInstance,
  db: Database.Database,
  settings: SettingsFile,
  apply: (s: Settings) => Promise<void>,
  diagnostics?: () => Record<string, unknown>,
): void {
  const route = operationRoutes(app, db);
  route('settings', () => publicSettings(settings.get()));
  // The settings file checks the change as a whole, each bad field with its message (BAD_FIELD, details.fields).
  route(
    'saveSettings',
    async (patch, req) => {
      const r = settings.update(patch);
      await apply(r.settings);
      audit(db, userOf(req).username, 'settings.change', null, { fields: Object.keys((patch ?? {}) as object) });
      return { settings: publicSettings(r.settings), restart_required: r.restartRequired };
    },
    { validate: false },
  );
  if (diagnostics) route('diagnostics', () => diagnostics());
  route('readerPorts', async () => ({ ports: await candidatePorts() }));
}
