// The screens' web build (dist/renderer) served at / : index.html and its hashed assets, with a
// strict content security policy (no inline or remote scripts). Nothing outside the folder is served.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SCREENS_CSP } from '../../common/csp.js';

export const DEFAULT_WEB_ROOT = path.resolve(import.meta.dirname, '../../../dist/renderer');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

export function registerWebUi(app: FastifyInstance, root = DEFAULT_WEB_ROOT): boolean {
  const indexFile = path.join(root, 'index.html');
  if (!existsSync(indexFile)) return false;
  const index = readFileSync(indexFile);
  const page = (reply: FastifyReply) =>
    reply.header('content-security-policy', SCREENS_CSP).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  const hide = { schema: { hide: true } }; // the screens' files: not in the API's document
  app.get('/', hide, (_req, reply) => page(reply));
  app.get('/index.html', hide, (_req, reply) => page(reply));
  app.get<{ Params: { '*': string } }>('/assets/*', hide, async (req, reply) => {
    const rel = req.params['*'];
    const file = path.resolve(root, 'assets', rel);
    if (!file.startsWith(path.join(root, 'assets') + path.sep) || !TYPES[path.extname(file)]) return reply.callNotFound();
    try {
      const bytes = await readFile(file);
      return reply.header('cache-control', 'public, max-age=31536000, immutable').type(TYPES[path.extname(file)]!).send(bytes);
    } catch {
      return reply.callNotFound();
    }
  });
  return true;
}
