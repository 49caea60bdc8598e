#!/usr/bin/env node
// Runs a command-line entry of the product, main/cli/<name>.ts (`start`, `sophonmatch`): from its
// bundle (dist/main/cli/<name>.mjs, built by npm install) while that is fresh — plain Node, no
// TypeScript compiler at start — else from the sources through tsx. Either way in this process,
// so signals (Ctrl-C, SIGTERM from a service manager) reach the product itself.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshBundle } from '../main/common/fresh-bundle.mjs';
import { requireNode } from './require-node.mjs';

requireNode('sophonmatch');

const root = path.resolve(import.meta.dirname, '..');
const [name, ...args] = process.argv.slice(2);
if (!name || !['start', 'sophonmatch'].includes(name)) {
  console.error('usage: node scripts/launch.mjs start|sophonmatch [arguments]');
  process.exit(2);
}
const bundle = freshBundle(path.join(root, 'dist/main/cli', `${name}.mjs`), root);
const entry = bundle ?? path.join(root, 'main/cli', `${name}.ts`);
if (!bundle) (await import('tsx/esm/api')).register();
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(entry).href);
