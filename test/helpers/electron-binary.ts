// The Electron executable when its binary was downloaded (it cannot be on the offline build
// machines); tests that need it skip with one line otherwise.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ELECTRON_BINARY: string | null = (() => {
  const dir = path.resolve('node_modules/electron');
  try {
    const p = path.join(dir, 'dist', readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
})();
