// The terminal's settings for the Settings screen (admins): read, change (validated as a whole,
// each bad field named with what is allowed), and the reader ports found on this machine. Routes,
// requests and answers from the operation table (main/server/operations.ts).
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../../contracts/settings.js';
import { settingsHandlers } from '../../operations/handlers.js';
import type { SettingsFile } from '../../settings/settings-file.js';
import { handlerRoutes, operationRoutes } from '../operations.js';

export function registerSettingsRoutes(
  app: FastifyInstance,
  db: Database.Database,
  settings: SettingsFile,
  apply: (s: Settings) => Promise<void>,
  diagnostics?: () => Record<string, unknown>,
): void {
  const route = operationRoutes(app, db);
  // saveSettings: the settings file checks the change as a whole (each bad field with its message), not the route.
  handlerRoutes(route, settingsHandlers(db, settings, apply), { saveSettings: { validate: false } });
  if (diagnostics) route('diagnostics', () => diagnostics());
}
