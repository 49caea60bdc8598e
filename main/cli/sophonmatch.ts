// The `sophonmatch` command line: one entry, one module per command.
import { compareCommand } from './compare-command.js';

const USAGE = `usage: sophonmatch <command> [options]
  compare --card FILE --face FILE [--threshold LEVEL] [--fiqa LEVEL]   compare a card photo with a live photo
  serve [--host H] [--port P] [--data-dir DIR] [--token T]            run the SophonMatch API server headless
  store stats|verify|backup FILE|restore FILE|purge [--data-dir DIR] [--json]   look after the event store
  read-card [--port PATH] [--baud N] [--timeout-ms N] [--json]       wait for one ID card and print it
  setup-admin --username NAME [--data-dir DIR]                      create the first administrator (once)`;

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (argv: string[]) => Promise<number>> = {
  compare: compareCommand,
  serve: async (argv) => (await import('./serve-command.js')).serveCommand(argv),
  store: async (argv) => (await import('./store-command.js')).storeCommand(argv),
  'read-card': async (argv) => (await import('./read-card-command.js')).readCardCommand(argv),
  'setup-admin': async (argv) => (await import('./setup-admin-command.js')).setupAdminCommand(argv),
};
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(USAGE);
  process.exit(command ? 2 : 0);
}
try {
  process.exitCode = await run(rest);
} catch (err) {
  // Argument errors (unknown option, missing value) are the user's to fix: say so, no stack trace.
  console.error(`sophonmatch ${command}: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
