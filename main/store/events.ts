// Compare events: written in one transaction, acknowledged only after the commit.
import os from 'node:os';
import type Database from 'better-sqlite3';
import { monotonicFactory } from 'ulid';
import { SophonError } from '../common/errors.js';
import type { IdentityInfo } from '../contracts/compare-api.js';
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
}

export interface EventStore {
  /** Commits the event; resolves with its id only once it is durable. */
  saveCompareEvent(e: NewCompareEvent): string;
  isOpen(): boolean;
  close(): void;
}

const ulid = monotonicFactory();

export class SqliteEventStore implements EventStore {
  private readonly insert: Database.Statement;
  private open = true;

  constructor(
    private readonly db: Database.Database,
    private readonly key: DataKey,
    private readonly terminal = os.hostname(),
  ) {
    this.insert = db.prepare(`INSERT INTO events (id, compare_time, server_time, source, terminal_id, operator, card_type, id_hash, identity_enc,
      card_photo_enc, live_photo_enc, score, threshold, decision, quality_json, timings_json, model_id)
      VALUES (@id, @compare_time, @server_time, @source, @terminal_id, @operator, @card_type, @id_hash, @identity_enc,
      @card_photo_enc, @live_photo_enc, @score, @threshold, @decision, @quality_json, @timings_json, @model_id)`);
  }

  saveCompareEvent(e: NewCompareEvent): string {
    const id = ulid();
    const idcard = e.identity.user_idcard?.trim();
    const { card_type, ...personal } = e.identity;
    try {
      this.insert.run({
        id,
        compare_time: e.compareTime,
        server_time: Date.now() / 1000,
        source: e.source,
        terminal_id: e.terminalId ?? this.terminal,
        operator: e.operator ?? null,
        card_type: card_type ?? null,
        id_hash: idcard ? this.key.searchHash(idcard) : null,
        identity_enc: Object.keys(personal).length ? this.key.seal(Buffer.from(JSON.stringify(personal)), `${id}:identity`) : null,
        card_photo_enc: e.cardPhoto ? this.key.seal(e.cardPhoto, `${id}:card`) : null,
        live_photo_enc: e.livePhoto ? this.key.seal(e.livePhoto, `${id}:live`) : null,
        score: e.score,
        threshold: e.threshold,
        decision: e.decision ? 1 : 0,
        quality_json: e.quality === undefined ? null : JSON.stringify(e.quality),
        timings_json: JSON.stringify(e.timings),
        model_id: e.modelId,
      });
    } catch (err) {
      throw new SophonError('STORE_UNAVAILABLE', `the event could not be recorded: ${(err as Error).message}`);
    }
    return id;
  }

  isOpen(): boolean {
    return this.open && this.db.open;
  }

  close(): void {
    this.open = false;
    if (this.db.open) this.db.close();
  }
}
