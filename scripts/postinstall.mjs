// npm install's set-up step: the engine's C pixel kernels (required, see build-native.mjs), model
// weights (from their npm package, checksummed), the bundles of the Node entries (engine worker,
// CLI, `npm start`; see build-node-bundles.mjs), then the screens' web build (dist/renderer), so
// that `npm start` / `npm run serve` work right after install.
// Electron's binary is not downloaded: its install script is denied in package.json (allowScripts),
// so `npm start` serves the product headless. Where the network allows it,
// `node node_modules/electron/install.js` downloads the binary (from GitHub releases) and
// `npm start` then opens the desktop app.
import { spawnSync } from 'node:child_process';
import { requireNode } from './require-node.mjs';

requireNode('npm install');

const steps = [
  ['scripts/build-native.mjs'],
  ['--import', 'tsx', 'main/cli/models-install.ts'],
  ['scripts/build-node-bundles.mjs'],
  ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
];
for (const args of steps) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
