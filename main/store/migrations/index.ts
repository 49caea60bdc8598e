// Numbered schema migrations, applied in order inside one transaction at open. PRAGMA user_version
// records the last one applied. Never edit a shipped migration: add the next number.

import type Database from 'better-sqlite3';
import { chainHash, digestOf, GENESIS, type ChainedFields } from '../chain.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Data changes that SQL alone cannot make (run after `sql`, in the same transaction). */
  run?: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'compare events',
    sql: `
      CREATE TABLE events (
        id            TEXT PRIMARY KEY,            -- ULID: sortable by creation
        compare_time  REAL NOT NULL,               -- the request's time (Unix seconds)
        server_time   REAL NOT NULL,               -- when the server recorded it
        source        TEXT NOT NULL CHECK (source IN ('counter', 'api')),
        terminal_id   TEXT NOT NULL,
        operator      TEXT,
        card_type     TEXT,
        id_hash       TEXT,                        -- keyed hash of the ID number, for exact search
        identity_enc  BLOB,                        -- AES-256-GCM sealed JSON of the identity fields
        card_photo_enc BLOB,                       -- sealed photo bytes (when saved)
        live_photo_enc BLOB,
        score         REAL NOT NULL,
        threshold     REAL NOT NULL,
        decision      INTEGER NOT NULL CHECK (decision IN (0, 1)),
        quality_json  TEXT,
        timings_json  TEXT NOT NULL,
        model_id      TEXT NOT NULL,
        review_state  TEXT NOT NULL DEFAULT 'unreviewed' CHECK (review_state IN ('unreviewed', 'confirmed', 'overridden'))
      ) STRICT;
      CREATE INDEX events_by_time ON events (server_time);
      CREATE INDEX events_by_id_hash ON events (id_hash);
    `,
  },
  {
    version: 2,
    name: 'tamper-evident chain, retention marks, audit log',
    sql: `
      ALTER TABLE events ADD COLUMN seq INTEGER;
      ALTER TABLE events ADD COLUMN identity_digest TEXT;
      ALTER TABLE events ADD COLUMN card_photo_digest TEXT;
      ALTER TABLE events ADD COLUMN live_photo_digest TEXT;
      ALTER TABLE events ADD COLUMN photos_purged_at REAL;
      ALTER TABLE events ADD COLUMN personal_purged_at REAL;
      ALTER TABLE events ADD COLUMN prev_hash TEXT;
      ALTER TABLE events ADD COLUMN hash TEXT;
      CREATE TABLE audit (
        id      INTEGER PRIMARY KEY,
        at      REAL NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        target  TEXT,
        detail  TEXT
      ) STRICT;
      CREATE INDEX audit_by_time ON audit (at);
    `,
    run: (db) => backfillChain(db),
  },
  {
    version: 3,
    name: 'users, sessions, reviews',
    sql: `
      CREATE TABLE users (
        id             INTEGER PRIMARY KEY,
        username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role           TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
        password_hash  TEXT NOT NULL,
        created_at     REAL NOT NULL,
        failed_logins  INTEGER NOT NULL DEFAULT 0,
        locked_until   REAL,
        disabled       INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE TABLE sessions (
        token_hash  TEXT PRIMARY KEY,
        user_id     INTEGER NOT NULL REFERENCES users (id),
        created_at  REAL NOT NULL,
        expires_at  REAL NOT NULL
      ) STRICT;
      CREATE TABLE reviews (
        id        INTEGER PRIMARY KEY,
        event_id  TEXT NOT NULL REFERENCES events (id),
        at        REAL NOT NULL,
        reviewer  TEXT NOT NULL,
        state     TEXT NOT NULL CHECK (state IN ('confirmed', 'overridden')),
        comment   TEXT
      ) STRICT;
      CREATE INDEX reviews_by_event ON reviews (event_id);
      CREATE INDEX events_by_decision_time ON events (decision, server_time);
    `,
  },
  {
    version: 4,
    name: 'name prefix blind index, statistics index',
    sql: `
      CREATE TABLE name_prefixes (
        event_id     TEXT NOT NULL REFERENCES events (id),
        prefix_hash  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX name_prefixes_by_hash ON name_prefixes (prefix_hash);
      CREATE INDEX events_for_stats ON events (server_time, decision, score, operator);
    `,
  },
  {
    version: 5,
    name: 'list indexes: each filter column with seq, for newest-first pages',
    sql: `
      CREATE INDEX events_by_decision_seq ON events (decision, seq);
      CREATE INDEX events_by_review_seq ON events (review_state, seq);
      CREATE INDEX events_by_source_seq ON events (source, seq);
      CREATE INDEX events_by_operator_seq ON events (operator, seq);
      CREATE INDEX events_by_terminal_seq ON events (terminal_id, seq);
      CREATE INDEX events_by_score ON events (score);
    `,
  },
  {
    version: 6,
    name: 'hourly statistics maintained on insert',
    sql: `
      CREATE TABLE stats_hourly (hour INTEGER PRIMARY KEY, checks INTEGER NOT NULL, passes INTEGER NOT NULL) STRICT;
      CREATE TABLE stats_hourly_scores (hour INTEGER NOT NULL, bin INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (hour, bin)) STRICT;
      CREATE TABLE stats_hourly_operators (hour INTEGER NOT NULL, operator TEXT NOT NULL, checks INTEGER NOT NULL, passes INTEGER NOT NULL, PRIMARY KEY (hour, operator)) STRICT;
    `,
    run: (db) => rebuildStats(db),
  },
  {
    version: 7,
    name: 'time to seq index (time-range pages scan the seq index between two bounds)',
    sql: `CREATE INDEX events_by_time_seq ON events (server_time, seq);`,
  },
  {
    version: 8,
    name: 'events per review state, kept on insert and review',
    sql: `
      CREATE TABLE review_counts (state TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT;
      INSERT INTO review_counts SELECT review_state, count(*) FROM events GROUP BY review_state;
    `,
  },
  {
    version: 9,
    name: 'seq with id: newest-first scans test name-prefix membership without reading rows',
    sql: `CREATE INDEX events_by_seq_id ON events (seq, id);`,
  },
  {
    version: 10,
    name: "an event's audit trail (who viewed, reviewed or printed it) read by its target",
    sql: `CREATE INDEX audit_by_target ON audit (target, id) WHERE target IS NOT NULL;`,
  },
  {
    version: 11,
    name: 'counter placements and attempts; the review band; two-stage reviews (clerk, then supervisor)',
    // placement_id/attempt: which card placement at the counter an event belongs to and which try of
    // it (1 = the automatic check, 2.. = the clerk's deliberate retries). review_band: the score fell
    // between the low threshold and the configured one (neither pass nor fail for the clerk).
    // clerk_review: the clerk's step (override of the automatic decision, or their pass/fail of a
    // band event); final_decision: the decision in force after every review step (NULL: the
    // automatic one). reviews.stage says whose step a review row is; decision_after what it left.
    sql: `
      ALTER TABLE events ADD COLUMN placement_id TEXT;
      ALTER TABLE events ADD COLUMN attempt INTEGER CHECK (attempt IS NULL OR attempt >= 1);
      ALTER TABLE events ADD COLUMN review_band INTEGER NOT NULL DEFAULT 0 CHECK (review_band IN (0, 1));
      ALTER TABLE events ADD COLUMN clerk_review TEXT CHECK (clerk_review IS NULL OR clerk_review IN ('overridden', 'passed', 'failed'));
      ALTER TABLE events ADD COLUMN final_decision INTEGER CHECK (final_decision IS NULL OR final_decision IN (0, 1));
      ALTER TABLE reviews ADD COLUMN stage TEXT NOT NULL DEFAULT 'supervisor' CHECK (stage IN ('clerk', 'supervisor'));
      ALTER TABLE reviews ADD COLUMN decision_after INTEGER CHECK (decision_after IS NULL OR decision_after IN (0, 1));
      CREATE UNIQUE INDEX events_by_placement_attempt ON events (placement_id, attempt) WHERE placement_id IS NOT NULL;
    `,
  },
  {
    version: 12,
    name: 'user administration: a password the user must change at the next sign-in, the last sign-in',
    sql: `
      ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
      ALTER TABLE users ADD COLUMN last_login_at REAL;
    `,
  },
  {
    version: 13,
    name: 'hourly checks per terminal, kept on insert (the dashboard per terminal without scanning the events)',
    sql: `CREATE TABLE stats_hourly_terminals (hour INTEGER NOT NULL, terminal TEXT NOT NULL, checks INTEGER NOT NULL, passes INTEGER NOT NULL, PRIMARY KEY (hour, terminal)) STRICT;`,
    run: (db) => rebuildStats(db),
  },
  {
    version: 14,
    name: 'events per automatic decision and per source, kept on insert (exact list totals without counting)',
    sql: `
      CREATE TABLE event_counts (key TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT;
      INSERT INTO event_counts SELECT 'decision:' || decision, count(*) FROM events GROUP BY decision;
      INSERT INTO event_counts SELECT 'source:' || source, count(*) FROM events GROUP BY source;
    `,
  },
];

/** Recomputes the hourly statistics from the events (migration 6, and a repair after bulk edits). */
export function rebuildStats(db: Database.Database): void {
  db.exec(`
    DELETE FROM stats_hourly; DELETE FROM stats_hourly_scores; DELETE FROM stats_hourly_operators;
    INSERT INTO stats_hourly SELECT CAST(server_time / 3600 AS INTEGER), count(*), sum(decision) FROM events GROUP BY 1;
    INSERT INTO stats_hourly_scores SELECT CAST(server_time / 3600 AS INTEGER), min(19, max(0, CAST((score + 1) / 2 * 20 AS INTEGER))), count(*) FROM events GROUP BY 1, 2;
    INSERT INTO stats_hourly_operators SELECT CAST(server_time / 3600 AS INTEGER), coalesce(operator, ''), count(*), sum(decision) FROM events GROUP BY 1, 2;
  `);
  // Per terminal since version 13 (an older migration's rebuild runs before that table exists).
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stats_hourly_terminals'").get())
    db.exec(`
      DELETE FROM stats_hourly_terminals;
      INSERT INTO stats_hourly_terminals SELECT CAST(server_time / 3600 AS INTEGER), terminal_id, count(*), sum(decision) FROM events GROUP BY 1, 2;
    `);
}

/** Chains the events written before version 2, in their creation (ULID) order. */
function backfillChain(db: Database.Database): void {
  const rows = db.prepare('SELECT * FROM events ORDER BY id').all() as Record<string, unknown>[];
  const update = db.prepare(
    'UPDATE events SET seq = ?, identity_digest = ?, card_photo_digest = ?, live_photo_digest = ?, prev_hash = ?, hash = ? WHERE id = ?',
  );
  let prev = GENESIS;
  rows.forEach((r, i) => {
    const digests = {
      identity_digest: digestOf(r.identity_enc as Buffer | null),
      card_photo_digest: digestOf(r.card_photo_enc as Buffer | null),
      live_photo_digest: digestOf(r.live_photo_enc as Buffer | null),
    };
    const row = { ...r, ...digests, seq: i + 1 } as ChainedFields;
    const hash = chainHash(prev, row);
    update.run(i + 1, digests.identity_digest, digests.card_photo_digest, digests.live_photo_digest, prev, hash, r.id);
    prev = hash;
  });
  db.exec('CREATE UNIQUE INDEX events_by_seq ON events (seq)');
}
