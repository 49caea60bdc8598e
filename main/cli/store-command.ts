// `sophonmatch store <stats|verify|backup FILE|restore FILE|purge> [--data-dir DIR] [--json]`
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SophonError } from '../common/errors.js';
import { loadServerConfig } from '../server/config.js';
import { openDatabase } from '../store/db.js';
import { acquireWriterLock } from '../store/lock.js';
import { backupStore, DEFAULT_RETENTION, purgeExpired, restoreStore, storeStats, verifyStore } from '../store/maintenance.js';
import { DB_FILE, openStore } from '../store/open-store.js';

const USAGE = 'usage: sophonmatch store stats|verify|backup FILE|restore FILE|purge [--data-dir DIR] [--json] [--photo-days N] [--personal-days N]';

export async function storeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false }, 'photo-days': { type: 'string' }, 'personal-days': { type: 'string' } },
  });
  const [action, file] = positionals;
  const dataDir = loadServerConfig({ dataDir: values['data-dir'] }).dataDir;
  const dbFile = path.join(dataDir, DB_FILE);
  const print = (obj: unknown, text: string) => console.log(values.json ? JSON.stringify(obj) : text);
  try {
    switch (action) {
      case 'stats': {
        const db = openDatabase(dbFile, { readonly: true });
        const s = storeStats(db);
        db.close();
        print(s, `${s.events} events; first ${s.first?.id ?? '-'} (${s.first?.time ?? '-'}); last ${s.last?.id ?? '-'} (${s.last?.time ?? '-'}); chain head ${s.chain_head ?? '-'}`);
        return 0;
      }
      case 'verify': {
        const db = openDatabase(dbFile, { readonly: true });
        const r = verifyStore(db);
        db.close();
        print(r, r.ok ? `chain verified: ${r.events} events, head ${r.head}` : `CHAIN BROKEN at event #${r.firstBad!.seq} (${r.firstBad!.id ?? 'missing'}): ${r.firstBad!.problem}`);
        return r.ok ? 0 : 3;
      }
      case 'backup': {
        if (!file) throw new Error(USAGE);
        const db = openDatabase(dbFile, { readonly: true });
        await backupStore(db, path.resolve(file));
        db.close();
        print({ backup: path.resolve(file) }, `backup written to ${path.resolve(file)}`);
        return 0;
      }
      case 'restore': {
        if (!file) throw new Error(USAGE);
        const release = acquireWriterLock(dataDir);
        try {
          const r = restoreStore(path.resolve(file), dbFile);
          print(r, `restored ${r.events} events from ${path.resolve(file)}; chain head ${r.head}`);
        } finally {
          release();
        }
        return 0;
      }
      case 'purge': {
        const store = openStore(dataDir);
        const policy = {
          photoDays: values['photo-days'] ? Number(values['photo-days']) : DEFAULT_RETENTION.photoDays,
          personalDays: values['personal-days'] ? Number(values['personal-days']) : DEFAULT_RETENTION.personalDays,
        };
        const r = purgeExpired(store.db, policy, Date.now() / 1000, 'cli');
        store.close();
        print(r, `purged photos of ${r.photos} events and personal fields of ${r.personal} events`);
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (err) {
    console.error(`sophonmatch store ${action}: ${err instanceof SophonError || err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
