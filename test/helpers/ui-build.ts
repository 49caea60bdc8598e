// The screens' web build (dist/renderer, what `serve` hosts) made again when a renderer source is
// newer than it, so a screen test sees the screens of the tree it runs in.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

export function ensureUiBuild(): void {
  const index = path.join(ROOT, 'dist/renderer/index.html');
  const sources = Math.max(
    newest(path.join(ROOT, 'renderer')),
    newest(path.join(ROOT, 'main/contracts')),
    newest(path.join(ROOT, 'main/common')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const r = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('the screens could not be built (vite build failed)');
}
