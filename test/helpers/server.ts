// Starts the real server (real engine workers, real SQLite store in a temp folder) on a loopback port.
import { tempDir } from './tmp.js';
import { EngineClient, type EngineClientOptions } from '../../main/engine/engine-client.js';
import { buildServer, type CompareEngine } from '../../main/server/app.js';
import { openStore } from '../../main/store/open-store.js';

export interface TestServer {
  url: string;
  engine: EngineClient;
  dataDir: string;
  store: ReturnType<typeof openStore>;
  close(): Promise<void>;
}

export async function startServer(
  opts: {
    engine?: EngineClientOptions;
    token?: string;
    maxBodyBytes?: number;
    wrapEngine?: (e: EngineClient) => CompareEngine;
    waitReady?: boolean;
  } = {},
): Promise<TestServer> {
  const dataDir = tempDir('sophon-server-test');
  const engine = new EngineClient({ poolSize: 2, ...opts.engine });
  if (opts.waitReady !== false) await engine.ready;
  const store = openStore(dataDir);
  const app = buildServer({
    engine: opts.wrapEngine ? opts.wrapEngine(engine) : engine,
    store,
    token: opts.token,
    maxBodyBytes: opts.maxBodyBytes ?? 10 * 1024 * 1024,
    maxPixels: 16_000_000,
    deadlineMs: opts.engine?.deadlineMs ?? 10_000,
    logger: false,
    version: 'test',
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${addr.port}`,
    engine,
    dataDir,
    store,
    close: async () => {
      await app.close();
      await engine.close();
      store.close();
    },
  };
}

export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json };
}
