// What support needs to know about a terminal, without any personal data: versions, model set,
// engine and reader state, the API's address, the last errors.
import type { AppServices } from './composition.js';

export function diagnosticsOf(
  s: AppServices,
  extra: { app: string; lastErrors: readonly string[]; log?: string },
): Record<string, unknown> {
  const settings = s.settings.get();
  return {
    app: extra.app,
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    platform: `${process.platform} ${process.arch}`,
    model: s.engine.modelId,
    engine: s.engine.stats(),
    reader: s.counter?.state().reader ?? null,
    api: settings.apiEnabled ? `127.0.0.1:${settings.apiPort}${settings.apiToken ? ' (token set)' : ''}` : 'off',
    terminal: settings.terminalId,
    log: extra.log ?? null,
    last_errors: extra.lastErrors.slice(-10),
  };
}
