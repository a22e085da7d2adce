// The relay's PostgreSQL schema and its migrations, and the one place a transaction is written out
// (BEGIN, COMMIT, ROLLBACK on failure), so the store's statements stay in postgres-store.ts.
import pg from 'pg'

/** pg_advisory_xact_lock key: instances starting together migrate one at a time. */
const MIGRATION_LOCK = 727_001

export const MIGRATIONS = [
  `
  CREATE TABLE channels (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seq BIGINT NOT NULL DEFAULT 0
  );
  CREATE TABLE readers (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    acked_seq BIGINT NOT NULL DEFAULT 0
  );
  CREATE INDEX readers_channel ON readers (channel);
  CREATE TABLE deliveries (
    channel TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    author TEXT,
    method TEXT NOT NULL,
    query TEXT NOT NULL,
    headers TEXT NOT NULL,
    body BYTEA NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (channel, seq)
  );
  CREATE INDEX deliveries_age ON deliveries (received_at);
  CREATE TABLE rate_buckets (
    channel TEXT PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
    tokens DOUBLE PRECISION NOT NULL,
    at BIGINT NOT NULL,
    allowed BOOLEAN NOT NULL
  );
  `,
  // 2: as SQLite's 3. Statement-level triggers: a prune that deletes thousands of rows updates each channel
  // once, not once per row.
  `
  ALTER TABLE channels ADD COLUMN held_bytes BIGINT NOT NULL DEFAULT 0;
  UPDATE channels c SET held_bytes = COALESCE((SELECT SUM(size) FROM deliveries d WHERE d.channel = c.id), 0);
  CREATE FUNCTION hookbell_held_add() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE channels c SET held_bytes = c.held_bytes + n.bytes
      FROM (SELECT channel, SUM(size) AS bytes FROM added GROUP BY channel) n WHERE c.id = n.channel;
    RETURN NULL;
  END $$;
  CREATE FUNCTION hookbell_held_drop() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE channels c SET held_bytes = c.held_bytes - n.bytes
      FROM (SELECT channel, SUM(size) AS bytes FROM dropped GROUP BY channel) n WHERE c.id = n.channel;
    RETURN NULL;
  END $$;
  CREATE TRIGGER deliveries_held_add AFTER INSERT ON deliveries REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION hookbell_held_add();
  CREATE TRIGGER deliveries_held_drop AFTER DELETE ON deliveries REFERENCING OLD TABLE AS dropped
    FOR EACH STATEMENT EXECUTE FUNCTION hookbell_held_drop();
  ALTER TABLE deliveries ADD COLUMN credential TEXT;
  CREATE TABLE credentials (
    channel TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    integration TEXT NOT NULL,
    scheme TEXT NOT NULL,
    hashes TEXT NOT NULL,
    registered_by TEXT NOT NULL,
    registered_at BIGINT NOT NULL,
    PRIMARY KEY (channel, integration)
  );
  `,
  // 3: as SQLite's 5. The items each channel holds, beside its bytes: the count is a quota at append time
  // (507), no longer a cleanup that deleted the oldest deliveries whether or not a reader had them. The rate
  // bucket moves to each instance's memory (relay-server.ts): a round trip per delivery less.
  `
  DROP TABLE rate_buckets;
  ALTER TABLE channels ADD COLUMN held_items BIGINT NOT NULL DEFAULT 0;
  UPDATE channels c SET held_items = (SELECT COUNT(*) FROM deliveries d WHERE d.channel = c.id);
  CREATE OR REPLACE FUNCTION hookbell_held_add() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE channels c SET held_bytes = c.held_bytes + n.bytes, held_items = c.held_items + n.items
      FROM (SELECT channel, SUM(size) AS bytes, COUNT(*) AS items FROM added GROUP BY channel) n WHERE c.id = n.channel;
    RETURN NULL;
  END $$;
  CREATE OR REPLACE FUNCTION hookbell_held_drop() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE channels c SET held_bytes = c.held_bytes - n.bytes, held_items = c.held_items - n.items
      FROM (SELECT channel, SUM(size) AS bytes, COUNT(*) AS items FROM dropped GROUP BY channel) n WHERE c.id = n.channel;
    RETURN NULL;
  END $$;
  `,
  // 4: as SQLite's 4 (registrations belong to their reader).
  `
  CREATE TABLE reader_credentials (
    channel TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    integration TEXT NOT NULL,
    reader TEXT NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    scheme TEXT NOT NULL,
    hashes TEXT NOT NULL,
    registered_at BIGINT NOT NULL,
    PRIMARY KEY (channel, integration, reader)
  );
  INSERT INTO reader_credentials (channel, integration, reader, scheme, hashes, registered_at)
    SELECT c.channel, c.integration, c.registered_by, c.scheme, c.hashes, c.registered_at
    FROM credentials c JOIN readers r ON r.id = c.registered_by AND r.channel = c.channel;
  DROP TABLE credentials;
  CREATE INDEX reader_credentials_reader ON reader_credentials (reader);
  `,
  // 5: as SQLite's 6 (a registration may name the header its tool sends the secret in).
  `
  ALTER TABLE reader_credentials ADD COLUMN header TEXT NOT NULL DEFAULT '';
  `,
]

// BIGINT (int8) and COUNT come back as strings by default; seqs and milliseconds stay far below 2^53.
const INT8 = 20
export const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/** Runs `work` on one pooled connection inside BEGIN/COMMIT; anything it throws rolls it all back. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

export async function migrate(pool: pg.Pool): Promise<void> {
  await transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)')
    const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations')
    const current = rows[0]?.v ?? 0
    if (current > MIGRATIONS.length)
      throw new Error(`relay database schema v${current} is newer than this Hookbell (v${MIGRATIONS.length}): update Hookbell`)
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version - 1]!)
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, Date.now()])
    }
  })
}
