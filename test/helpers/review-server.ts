// The real HTTP server (fastify app, session auth, review/users/settings routes) over a data
// folder's store, without a face engine: for the administrator's APIs, which never compare.
// The compare route answers STARTING (the engine is never ready). Settings are saved to the
// folder's settings.json (applying them needs the composition: not here).
import { buildServer } from '../../main/server/app.js';
import { SettingsFile } from '../../main/settings/settings-file.js';
import { openStore } from '../../main/store/open-store.js';

export interface AdminServer {
  url: string;
  store: ReturnType<typeof openStore>;
  close(): Promise<void>;
}

export async function startAdminServer(dataDir: string, host = '127.0.0.1', webRoot?: string): Promise<AdminServer> {
  const store = openStore(dataDir);
  const noEngine = {
    isReady: false,
    modelId: 'none',
    stats: () => ({ size: 0, ready: 0, busy: 0, queued: 0, maxQueue: 0, restarts: 0 }) as never,
    compare: () => Promise.reject(new Error('no engine here')),
  };
  const settings = { file: new SettingsFile(dataDir, store.key), apply: async () => {} };
  const app = buildServer({
    engine: noEngine,
    store,
    maxBodyBytes: 1 << 20,
    maxPixels: 1e6,
    deadlineMs: 5000,
    logger: false,
    version: 'test',
    webRoot,
    settings,
  });
  await app.listen({ host, port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, store, close: async () => (await app.close(), store.close()) };
}
