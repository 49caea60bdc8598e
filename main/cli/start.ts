// `npm start`: the desktop app when the Electron binary is installed, otherwise the product headless.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root.js';

const root = PROJECT_ROOT;

/** The Electron executable when its binary was downloaded (it cannot be, offline). */
function electronBinary(): string | null {
  try {
    const dir = path.join(root, 'node_modules', 'electron');
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const exe = path.join(dir, 'dist', rel);
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

const desktopEntry = path.join(root, 'main', 'electron', 'app.ts');
const built = path.join(root, 'dist', 'main', 'electron', 'app.js');
const exe = electronBinary();
if (exe && existsSync(desktopEntry)) {
  const { spawn, spawnSync } = await import('node:child_process');
  // The main process runs bundled (dist/main): build it when missing.
  if (!existsSync(built)) spawnSync(process.execPath, [path.join(root, 'scripts', 'build-desktop.mjs')], { stdio: 'inherit', cwd: root });
  const child = spawn(exe, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'SophonMatch: the Electron binary is not installed (offline install); serving the product headless — open http://127.0.0.1:5555/ (screens and API).',
  );
  const { serveCommand } = await import('./serve-command.js');
  process.exitCode = await serveCommand(process.argv.slice(2));
}
