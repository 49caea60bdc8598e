// A bundle of TypeScript sources (scripts/build-node-bundles.mjs) is used only while none of the
// modules it was built from is newer than it; after an edit the sources run (through tsx) until the
// next build. The build writes the list of those modules beside each bundle.
// Plain JavaScript in main/common: the engine's worker pool and the scripts (launch.mjs runs before
// tsx is loaded) share it, and main/ imports nothing of scripts/.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where the list of a bundle's inputs is written. */
export const inputsListOf = (bundle) => bundle.replace(/\.m?js$/, '.inputs.json');

/** `bundle` when it exists and is at least as new as every input (paths relative to `root`), else null. */
export function freshBundle(bundle, root) {
  try {
    const built = statSync(bundle).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(inputsListOf(bundle), 'utf8'));
    if (!Array.isArray(inputs) || !inputs.length) return null;
    for (const f of inputs) if (statSync(path.resolve(root, f)).mtimeMs > built) return null;
    return bundle;
  } catch {
    return null;
  }
}
