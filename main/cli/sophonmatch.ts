// The `sophonmatch` command line: one entry, one module per command. `sophonmatch --help`,
// `sophonmatch COMMAND --help` and `--version` answer without loading anything else.
import { EXIT, UsageError } from './cli-args.js';
import { version } from './version.js';

const USAGE = `usage: sophonmatch <command> [options]        (sophonmatch <command> --help for its options)
  compare --card FILE --face FILE [--face FILE ...] [--threshold LEVEL] [--fiqa LEVEL]
                                     compare a card photo with one or more live photos
  serve [--host H] [--port P] [--data-dir DIR] [--token T] ...
                                     run the product headless (API server, counter, screens)
  store stats|verify|backup|restore|purge ...
                                     look after the event store (backups, retention)
  read-card [--port PATH] [--baud N] [--timeout-ms N] [--json]
                                     wait for one ID card and print it
  setup-admin --username NAME [--data-dir DIR]
                                     create the first administrator (once; also while serving)
  users list|reset-password|unlock|enable|disable [--username NAME]
                                     user administration on this machine (when nobody can sign in)
  service install|uninstall|print ...
                                     run the headless product as a system service (systemd, Windows)
  --version                          print the version
Evaluation and benchmarks (npm scripts in a checkout):
  npm run eval -- --faces DIR --protocol raw|card-qNN [--json]     TAR/FAR of the engine on a face set
  npm run calibrate -- --faces DIR [--out FILE]                   write models/calibration.json
  npm run bench | bench:api | bench:reader | bench:store | bench:ui   benchmarks (JSON)
Exit codes: 0 done; 1 failed (the message says why); 2 wrong or missing options;
  3 store verify: the chain is broken; 4 not done: confirmation declined or --force needed.`;

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (argv: string[]) => Promise<number>> = {
  compare: async (argv) => (await import('./compare-command.js')).compareCommand(argv),
  serve: async (argv) => (await import('./serve-command.js')).serveCommand(argv),
  store: async (argv) => (await import('./store-command.js')).storeCommand(argv),
  'read-card': async (argv) => (await import('./read-card-command.js')).readCardCommand(argv),
  'setup-admin': async (argv) => (await import('./setup-admin-command.js')).setupAdminCommand(argv),
  service: async (argv) => (await import('./service-command.js')).serviceCommand(argv),
  users: async (argv) => (await import('./users-command.js')).usersCommand(argv),
};

if (command === '--help' || command === '-h' || command === 'help') {
  console.log(USAGE);
  process.exit(EXIT.OK);
}
if (command === '--version' || command === '-v') {
  console.log(`sophonmatch ${version()}`);
  process.exit(EXIT.OK);
}
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(command ? `sophonmatch: unknown command '${command.slice(0, 40)}'\n${USAGE}` : USAGE);
  process.exit(EXIT.USAGE);
}
try {
  process.exitCode = await run(rest);
} catch (err) {
  // Argument errors (unknown option, missing value) are the user's to fix: say so, no stack trace.
  console.error(`sophonmatch ${command}: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = err instanceof UsageError ? EXIT.USAGE : EXIT.FAILED;
}
