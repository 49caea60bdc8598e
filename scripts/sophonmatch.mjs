#!/usr/bin/env node
// `npx sophonmatch …` in a checkout: the command line, from its bundle when fresh (see launch.mjs).
process.argv.splice(2, 0, 'sophonmatch');
await import(new URL('./launch.mjs', import.meta.url).href);
