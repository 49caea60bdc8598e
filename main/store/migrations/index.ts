// Numbered schema migrations, applied in order inside one transaction at open. PRAGMA user_version
// records the last one applied. Never edit a shipped migration: add the next number.

export interface Migration {
  version: number;
  name: string;
  sql: string;
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
];
