// Compare events: written in one transaction, acknowledged only after the commit.
import os from 'node:os';
import type Database from 'better-sqlite3';
import { monotonicFactory } from 'ulid';
import { SophonError } from '../common/errors.js';
import type { IdentityInfo } from '../contracts/compare-api.js';
import { chainHash, digestOf, GENESIS, type ChainedFields } from './chain.js';
import type { DataKey } from './crypto.js';

export interface NewCompareEvent {
  compareTime: number;
  source: 'counter' | 'api';
  terminalId?: string;
  operator?: string | null;
  identity: IdentityInfo;
  cardPhoto?: Uint8Array | null;
  livePhoto?: Uint8Array | null;
  score: number;
  threshold: number;
  decision: boolean;
  quality?: unknown;
  timings: unknown;
  modelId: string;
  /** Counter events: the card placement and which attempt of it (1 = the automatic check). */
  placementId?: string;
  attempt?: number;
  /** The score fell in the review band (between the low threshold and the configured one). */
  reviewBand?: boolean;
}

const ulid = monotonicFactory();

/** Histogram bins of the statistics: 20 bins over scores -1..1 (same formula as the SQL backfill). */
export const SCORE_BINS = 20;
export const scoreBin = (score: number): number => Math.min(SCORE_BINS - 1, Math.max(0, Math.trunc(((score + 1) / 2) * SCORE_BINS)));

/** The event store of one data folder. `saveCompareEvent` returns only once the event is committed. */
export class SqliteEventStore {
  private readonly insert: Database.Statement;
  private readonly head: Database.Statement;
  private readonly prefix: Database.Statement;
  private readonly stats: Database.Statement[];
  private readonly unreviewed: Database.Statement;
  private readonly write: (row: Record<string, unknown>) => void;
  private open = true;

  constructor(
    readonly db: Database.Database,
    readonly key: DataKey,
    private readonly release: () => void = () => {},
    private readonly terminal = os.hostname(),
  ) {
    this.insert = db.prepare(`INSERT INTO events (seq, id, compare_time, server_time, source, terminal_id, operator, card_type, id_hash,
      identity_enc, identity_digest, card_photo_enc, card_photo_digest, live_photo_enc, live_photo_digest,
      score, threshold, decision, quality_json, timings_json, model_id, placement_id, attempt, review_band, prev_hash, hash)
      VALUES (@seq, @id, @compare_time, @server_time, @source, @terminal_id, @operator, @card_type, @id_hash,
      @identity_enc, @identity_digest, @card_photo_enc, @card_photo_digest, @live_photo_enc, @live_photo_digest,
      @score, @threshold, @decision, @quality_json, @timings_json, @model_id, @placement_id, @attempt, @review_band, @prev_hash, @hash)`);
    this.head = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
    this.prefix = db.prepare('INSERT INTO name_prefixes (event_id, prefix_hash) VALUES (?, ?)');
    this.unreviewed = db.prepare(
      "INSERT INTO review_counts (state, n) VALUES ('unreviewed', 1) ON CONFLICT (state) DO UPDATE SET n = n + 1",
    );
    this.stats = [
      db.prepare(
        'INSERT INTO stats_hourly (hour, checks, passes) VALUES (@hour, 1, @decision) ON CONFLICT (hour) DO UPDATE SET checks = checks + 1, passes = passes + @decision',
      ),
      db.prepare('INSERT INTO stats_hourly_scores (hour, bin, n) VALUES (@hour, @bin, 1) ON CONFLICT (hour, bin) DO UPDATE SET n = n + 1'),
      db.prepare(
        'INSERT INTO stats_hourly_operators (hour, operator, checks, passes) VALUES (@hour, @operator, 1, @decision) ' +
          'ON CONFLICT (hour, operator) DO UPDATE SET checks = checks + 1, passes = passes + @decision',
      ),
      db.prepare(
        'INSERT INTO stats_hourly_terminals (hour, terminal, checks, passes) VALUES (@hour, @terminal, 1, @decision) ' +
          'ON CONFLICT (hour, terminal) DO UPDATE SET checks = checks + 1, passes = passes + @decision',
      ),
      db.prepare(
        "INSERT INTO event_counts (key, n) VALUES ('decision:' || CAST(@decision AS INTEGER), 1) ON CONFLICT (key) DO UPDATE SET n = n + 1",
      ),
      db.prepare("INSERT INTO event_counts (key, n) VALUES ('source:' || @source, 1) ON CONFLICT (key) DO UPDATE SET n = n + 1"),
    ];
    // One IMMEDIATE transaction per event: the chain head is read and extended under the write lock.
    this.write = db.transaction((row: Record<string, unknown>) => {
      const last = this.head.get() as { seq: number; hash: string } | undefined;
      row.seq = (last?.seq ?? 0) + 1;
      row.prev_hash = last?.hash ?? GENESIS;
      row.hash = chainHash(row.prev_hash as string, row as ChainedFields);
      this.insert.run(row);
      for (const h of row.name_prefixes as string[]) this.prefix.run(row.id, h);
      const agg = {
        hour: Math.floor((row.server_time as number) / 3600),
        decision: row.decision,
        bin: scoreBin(row.score as number),
        operator: (row.operator as string | null) ?? '',
        terminal: row.terminal_id,
        source: row.source,
      };
      for (const st of this.stats) st.run(agg);
      this.unreviewed.run();
    }).immediate;
  }

  saveCompareEvent(e: NewCompareEvent): string {
    const id = ulid();
    const idcard = e.identity.user_idcard?.trim();
    const { card_type, ...personal } = e.identity;
    const identityEnc = Object.keys(personal).length ? this.key.seal(Buffer.from(JSON.stringify(personal)), `${id}:identity`) : null;
    const cardEnc = e.cardPhoto ? this.key.seal(e.cardPhoto, `${id}:card`) : null;
    const liveEnc = e.livePhoto ? this.key.seal(e.livePhoto, `${id}:live`) : null;
    try {
      this.write({
        id,
        compare_time: e.compareTime,
        server_time: Date.now() / 1000,
        source: e.source,
        terminal_id: e.terminalId ?? this.terminal,
        operator: e.operator ?? null,
        card_type: card_type ?? null,
        id_hash: idcard ? this.key.searchHash(idcard) : null,
        identity_enc: identityEnc,
        identity_digest: digestOf(identityEnc),
        card_photo_enc: cardEnc,
        card_photo_digest: digestOf(cardEnc),
        live_photo_enc: liveEnc,
        live_photo_digest: digestOf(liveEnc),
        score: e.score,
        threshold: e.threshold,
        decision: e.decision ? 1 : 0,
        quality_json: e.quality === undefined ? null : JSON.stringify(e.quality),
        timings_json: JSON.stringify(e.timings),
        model_id: e.modelId,
        placement_id: e.placementId ?? null,
        attempt: e.placementId ? (e.attempt ?? 1) : null,
        review_band: e.reviewBand ? 1 : 0,
        name_prefixes: e.identity.user_name ? this.key.namePrefixHashes(e.identity.user_name) : [],
      });
    } catch (err) {
      throw storeWriteError(err);
    }
    return id;
  }

  isOpen(): boolean {
    return this.open && this.db.open;
  }

  close(): void {
    this.open = false;
    if (this.db.open) this.db.close();
    this.release();
  }
}

/** Why a write failed, in words the person at the terminal (or their IT) can act on. */
export function storeWriteError(err: unknown): SophonError {
  const code = (err as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_FULL'))
    return new SophonError(
      'STORE_UNAVAILABLE',
      'the event could not be recorded: the disk holding the data folder is full; free space, then retry',
    );
  if (code.startsWith('SQLITE_READONLY'))
    return new SophonError(
      'STORE_UNAVAILABLE',
      'the event could not be recorded: the data folder or its file is read-only; give SophonMatch write access to it, then retry',
    );
  if (code.startsWith('SQLITE_IOERR'))
    return new SophonError(
      'STORE_UNAVAILABLE',
      'the event could not be recorded: the disk reported an input/output error; check the drive, then retry',
    );
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'))
    return new SophonError(
      'STORE_UNAVAILABLE',
      'the event could not be recorded: the store file is damaged; stop SophonMatch and restore a backup',
    );
  return new SophonError('STORE_UNAVAILABLE', `the event could not be recorded: ${(err as Error).message}`);
}
