// What every `sophonmatch` command shares: its options parsed with node:util's parseArgs plus
// --help/-h, and the documented exit codes. A wrong option is a usage error (exit 2), printed as
// one line with the command's usage, never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The exit codes of every command (docs/OPERATIONS.md, "Command reference and exit codes"; `sophonmatch --help`). */
export const EXIT = {
  OK: 0,
  /** The command ran and failed (the message says why). */
  FAILED: 1,
  /** Wrong or missing options: nothing was done. */
  USAGE: 2,
  /** `store verify`: the chain does not verify. */
  CHAIN_BROKEN: 3,
  /** Not done: a confirmation was declined, or --force is needed. */
  NOT_CONFIRMED: 4,
} as const;

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type Words<S extends string> = S extends `${infer A} ${infer B}` ? A | Words<B> : S;

/** Options that each take a string value, named in one space-separated list. */
export const stringOptions = <S extends string>(names: S) =>
  Object.fromEntries(names.split(' ').map((n) => [n, { type: 'string' }])) as Record<Words<S>, { type: 'string' }>;

export interface Parsed<O extends Options> {
  values: { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string };
  positionals: string[];
}

/**
 * Parses a command's arguments. Returns null when help was asked for (and printed on stdout);
 * throws UsageError (with the usage appended) for an unknown option or a missing value.
 */
export function parseCommand<O extends Options>(argv: string[], usage: string, options: O, allowPositionals = false): Parsed<O> | null {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return null;
  }
  try {
    const r = parseArgs({ args: argv, options, allowPositionals, strict: true });
    return r as unknown as Parsed<O>;
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${usage}`);
  }
}

/** An `npm run` script's own options: a wrong one prints `name: message` and the usage (exit 2); --help/-h the usage (exit 0). */
export function scriptArgs<O extends Options>(
  name: string,
  usage: string,
  options: O,
): ReturnType<typeof parseArgs<{ options: O }>>['values'] {
  try {
    const { values } = parseArgs({ options });
    if (!(values as { help?: boolean }).help) return values;
  } catch (err) {
    console.error(`${name}: ${err instanceof Error ? err.message : String(err)}\n${usage}`);
    process.exit(2);
  }
  console.log(usage);
  process.exit(0);
}
