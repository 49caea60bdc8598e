// `sophonmatch store stats|verify|backup|restore|purge`: looking after a data folder's event store.
// Backups are one file holding the database and the store key, sealed with the administrator's
// passphrase; restore and purge say what they would do (--dry-run), ask on a terminal, and need
// --yes when no terminal can be asked. See `sophonmatch store --help`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SophonError } from '../common/errors.js';
import { SETTINGS_FILE, SettingsFile } from '../settings/settings-file.js';
import { loadServerConfig } from '../server/config.js';
import { checkPassphrase, writeBackup } from '../store/backup-file.js';
import { DataKey } from '../store/crypto.js';
import { openDatabase } from '../store/db.js';
import { acquireWriterLock } from '../store/lock.js';
import { countExpired, purgeExpired, restoreStore, storeStats, verifyStore } from '../store/maintenance.js';
import { DB_FILE } from '../store/open-store.js';
import { RestoreRefused, restoreBackup, type RestorePlan } from '../store/restore.js';
import { EXIT, parseCommand, UsageError } from './cli-args.js';
import { confirm, firstLine, PromptAbandoned, readHidden } from './prompt.js';
import { version } from './version.js';

export const STORE_USAGE = `usage: sophonmatch store <action> [--data-dir DIR] [--json]
  stats                          events, first and last, chain head, schema
  verify                         walk the hash chain (exit 3 if it is broken)
  backup FILE                    one file: the database, the store key and the settings, sealed with a passphrase
  restore FILE [--force] [--dry-run] [--yes]
                                 restore a backup into the data folder (new or not; the server stopped);
                                 over a non-empty store needs --force and keeps a safety copy
  restore FILE --legacy-db [--force]  a bare database copy of earlier versions (key already in the folder)
  purge [--photo-days N] [--personal-days N] [--dry-run] [--yes]
                                 delete photos / personal fields older than N days (default: the
                                 terminal's retention settings)
  The passphrase (12+ characters) is asked on a terminal without echo, else it is
  SOPHONMATCH_BACKUP_PASSPHRASE or the first line of stdin. restore and purge ask for confirmation on a
  terminal; without one they need --yes. Exit: 0 done, 1 failed, 2 usage, 3 chain broken,
  4 not done (declined, or --force / --yes needed).`;

const OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  'photo-days': { type: 'string' },
  'personal-days': { type: 'string' },
  force: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  'legacy-db': { type: 'boolean', default: false },
} as const;

interface Values {
  'data-dir'?: string;
  json: boolean;
  'photo-days'?: string;
  'personal-days'?: string;
  force: boolean;
  'dry-run': boolean;
  yes: boolean;
  'legacy-db': boolean;
}

/** Whole days, 0 or more; anything else is a usage error (never clamped). */
function days(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,5}$/.test(v)) throw new UsageError(`${flag} must be a whole number of days (0 or more), got ${JSON.stringify(v)}`);
  return Number(v);
}

async function passphrase(twice: boolean): Promise<string> {
  const env = process.env.SOPHONMATCH_BACKUP_PASSPHRASE;
  if (env) return env;
  if (!process.stdin.isTTY) return firstLine();
  const a = await readHidden('backup passphrase: ');
  if (twice && a !== (await readHidden('backup passphrase (again): ')))
    throw new PromptAbandoned('the two entries differ; nothing was done');
  return a;
}

/** Asks on a terminal; without one, --yes is the answer (else not done). */
async function agreed(question: string, yes: boolean): Promise<boolean | 'no-terminal'> {
  if (yes) return true;
  if (!process.stdin.isTTY) return 'no-terminal';
  return confirm(question);
}

const describeCurrent = (c: RestorePlan['current']) =>
  c?.damaged
    ? 'a damaged database'
    : c
      ? `${c.events} events and ${c.users} users (last event ${c.last?.id ?? '-'} at ${c.last?.time ?? '-'})`
      : 'nothing';

export async function storeCommand(argv: string[]): Promise<number> {
  const args = parseCommand(argv, STORE_USAGE, OPTIONS, true);
  if (!args) return EXIT.OK;
  const values = args.values as Values;
  const [action, file, ...extra] = args.positionals;
  if (extra.length) throw new UsageError(`unexpected ${extra.join(' ')}\n${STORE_USAGE}`);
  const dataDir = loadServerConfig({ dataDir: values['data-dir'] }).dataDir;
  const dbFile = path.join(dataDir, DB_FILE);
  const print = (obj: unknown, text: string) => console.log(values.json ? JSON.stringify(obj) : text);
  const needFile = () => {
    if (!file) throw new UsageError(`${action} needs a FILE\n${STORE_USAGE}`);
    return path.resolve(file);
  };
  try {
    switch (action) {
      case 'stats': {
        const db = openDatabase(dbFile, { readonly: true });
        const s = storeStats(db);
        db.close();
        print(
          s,
          `${s.events} events; first ${s.first?.id ?? '-'} (${s.first?.time ?? '-'}); last ${s.last?.id ?? '-'} (${s.last?.time ?? '-'}); chain head ${s.chain_head ?? '-'}`,
        );
        return EXIT.OK;
      }
      case 'verify': {
        const db = openDatabase(dbFile, { readonly: true });
        const r = verifyStore(db);
        db.close();
        print(
          r,
          r.ok
            ? `chain verified: ${r.events} events, head ${r.head}`
            : `CHAIN BROKEN at event #${r.firstBad!.seq} (${r.firstBad!.id ?? 'missing'}): ${r.firstBad!.problem}`,
        );
        return r.ok ? EXIT.OK : EXIT.CHAIN_BROKEN;
      }
      case 'backup': {
        const target = needFile();
        const key = DataKey.existingForDataDir(dataDir);
        if (!key)
          throw new SophonError(
            'STORE_UNAVAILABLE',
            `no store key in ${dataDir} (store.key or SOPHONMATCH_STORE_KEY): back up the data folder of a server or desktop app that has started at least once`,
          );
        const pass = await passphrase(true);
        checkPassphrase(pass);
        const db = openDatabase(dbFile, { readonly: true });
        try {
          const settingsFile = path.join(dataDir, SETTINGS_FILE);
          const h = await writeBackup(db, key, pass, target, version(), existsSync(settingsFile) ? readFileSync(settingsFile) : undefined);
          print(
            { backup: target, events: h.events, chain_head: h.chain_head },
            `backup written to ${target}: ${h.events} events, chain head ${h.chain_head ?? '-'}, with the store key and the settings, ` +
              'sealed with the passphrase (keep it: without it the backup cannot be opened)',
          );
        } finally {
          db.close();
        }
        return EXIT.OK;
      }
      case 'restore': {
        const source = needFile();
        if (values['legacy-db']) return legacyRestore(source, dataDir, dbFile, values, print);
        const pass = await passphrase(false);
        const ask = async (plan: RestorePlan) => {
          if (!plan.current) return true; // a new or empty folder: nothing is replaced
          const answer = await agreed(
            `Restore ${plan.backup.events} events (backup of ${plan.backup.created}) into ${dataDir}, replacing ${describeCurrent(plan.current)}?`,
            values.yes,
          );
          if (answer === 'no-terminal') throw new NotConfirmed('restore replaces the data folder: add --yes to confirm without a terminal');
          return answer;
        };
        const r = await restoreBackup(source, pass, dataDir, {
          force: values.force,
          dryRun: values['dry-run'],
          confirm: values['dry-run'] ? undefined : ask,
        });
        if (!r) {
          console.error('restore: not confirmed; nothing was changed');
          return EXIT.NOT_CONFIRMED;
        }
        const what = `${r.backup.events} events (backup of ${r.backup.created}, chain head ${r.backup.chain_head ?? '-'})`;
        if (r.dryRun)
          print(
            r,
            `dry run: the backup opens and verifies: ${what}; restoring would replace ${describeCurrent(r.current)}. Nothing was changed.`,
          );
        else
          print(
            r,
            `restored ${what} into ${dataDir}` +
              (r.current
                ? `; replaced ${describeCurrent(r.current)}, kept in ${r.safetyCopy}`
                : r.safetyCopy
                  ? `; the previous files are kept in ${r.safetyCopy}`
                  : '') +
              (r.settings === 'token-dropped'
                ? '; the API token in settings.json could not be kept: set it again on the Settings screen'
                : ''),
          );
        return EXIT.OK;
      }
      case 'purge': {
        // One short transaction: like setup-admin it needs no writer lock, so it works while serving.
        const db = openDatabase(dbFile);
        try {
          const saved = new SettingsFile(dataDir, DataKey.existingForDataDir(dataDir) ?? undefined).get();
          const policy = {
            photoDays: days(values['photo-days'], '--photo-days') ?? saved.photoDays,
            personalDays: days(values['personal-days'], '--personal-days') ?? saved.personalDays,
          };
          const would = countExpired(db, policy);
          const text = `photos of ${would.photos} events (older than ${policy.photoDays} days) and personal fields of ${would.personal} events (older than ${policy.personalDays} days)`;
          if (values['dry-run']) {
            print({ dryRun: true, ...would, policy }, `dry run: a purge would delete the ${text}. Nothing was changed.`);
            return EXIT.OK;
          }
          if (would.photos || would.personal) {
            const answer = await agreed(`Delete the ${text}? This cannot be undone.`, values.yes);
            if (answer !== true) {
              console.error(
                answer === 'no-terminal'
                  ? 'purge deletes data: add --yes to confirm without a terminal (or --dry-run to see what it would delete)'
                  : 'purge: not confirmed; nothing was deleted',
              );
              return EXIT.NOT_CONFIRMED;
            }
          }
          const r = purgeExpired(db, policy, Date.now() / 1000, 'cli');
          print(r, `purged photos of ${r.photos} events and personal fields of ${r.personal} events`);
          return EXIT.OK;
        } finally {
          db.close();
        }
      }
      default:
        throw new UsageError(action ? `unknown action '${action.slice(0, 40)}'\n${STORE_USAGE}` : STORE_USAGE);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if (err instanceof NotConfirmed || err instanceof RestoreRefused) {
      console.error(`sophonmatch store ${action}: ${err.message}`);
      return EXIT.NOT_CONFIRMED;
    }
    console.error(`sophonmatch store ${action}: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.FAILED;
  }
}

class NotConfirmed extends Error {}

/** A bare database copy (backups of earlier versions): the key must be in the folder already. */
async function legacyRestore(
  source: string,
  dataDir: string,
  dbFile: string,
  values: Values,
  print: (o: unknown, t: string) => void,
): Promise<number> {
  const release = acquireWriterLock(dataDir, 500);
  try {
    let current = 0;
    try {
      const db = openDatabase(dbFile, { readonly: true });
      current = storeStats(db).events;
      db.close();
    } catch {
      current = 0;
    }
    if (current && !values.force) {
      console.error(`sophonmatch store restore: the data folder holds ${current} events; restoring replaces them: add --force`);
      return EXIT.NOT_CONFIRMED;
    }
    if (values['dry-run']) {
      print({ dryRun: true }, 'dry run: nothing was changed');
      return EXIT.OK;
    }
    const r = restoreStore(source, dbFile);
    print(r, `restored ${r.events} events from ${source} (replaced ${current}); chain head ${r.head}`);
    return EXIT.OK;
  } finally {
    release();
  }
}
