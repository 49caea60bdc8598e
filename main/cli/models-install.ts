// `npm run models`: installs and verifies the model weights named in models/manifest.json.
import { installModels, ModelInstallError } from '../engine/models/install.js';
import { loadModelSet } from '../engine/models/manifest.js';

try {
  const set = loadModelSet();
  const r = installModels(set, { tarball: process.env.SOPHONMATCH_MODEL_TARBALL });
  const what = r.installed.length ? `installed ${r.installed.join(', ')}` : 'all present';
  console.log(`models: ${set.id}: ${what}; ${r.installed.length + r.alreadyPresent.length} files verified by sha256`);
} catch (err) {
  console.error(`models: ${err instanceof ModelInstallError ? err.message : String(err)}`);
  process.exit(1);
}
