// The relay on one machine: a SQLite file in the data directory (WAL, one process). Several instances need
// the PostgreSQL store; this one wakes only its own process's waiters.
import { join } from 'node:path'
import { openDb, transaction, type Db } from '../../server-common/sqlite'
import { sqliteCredentials } from './sqlite-credentials'
import {
  itemColumns,
  hashToken,
  newChannelId,
  newReaderId,
  newToken,
  type AppendRefusal,
  type ChannelSummary,
  type NewItem,
  type Quota,
  type RelayStore,
  type StoredItem,
} from './types'

export const MIGRATIONS = [
  // 1: one read token per channel, deliveries numbered across all channels.
  `
  CREATE TABLE channels (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    received_at INTEGER NOT NULL,
    method TEXT NOT NULL,
    query TEXT NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL
  );
  CREATE INDEX deliveries_channel ON deliveries (channel, seq);
  CREATE INDEX deliveries_age ON deliveries (received_at);
  `,
  // 2: several readers per channel, each with its own cursor; per-channel seq (as on PostgreSQL); team
  // notes; the rate-limit bucket. The old token becomes the channel's first reader, and numbering goes on
  // from the old high-water mark so the cursors apps saved stay valid.
  `
  CREATE TABLE readers (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    acked_seq INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX readers_channel ON readers (channel);
  INSERT INTO readers (id, channel, name, token_hash, created_at, last_seen_at)
    SELECT 'rd_' || lower(hex(randomblob(9))), id, name, token_hash, created_at, CAST(strftime('%s', 'now') AS INTEGER) * 1000
    FROM channels;
  ALTER TABLE channels DROP COLUMN token_hash;
  ALTER TABLE channels ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;
  UPDATE channels SET last_seq = COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'deliveries'), 0);
  CREATE TABLE items (
    channel TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    author TEXT,
    method TEXT NOT NULL,
    query TEXT NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    size INTEGER NOT NULL,
    UNIQUE (channel, seq)
  );
  INSERT INTO items (channel, seq, received_at, kind, method, query, headers, body, size)
    SELECT channel, seq, received_at, 'delivery', method, query, headers, body, length(body) FROM deliveries;
  DROP TABLE deliveries;
  ALTER TABLE items RENAME TO deliveries;
  CREATE INDEX deliveries_age ON deliveries (received_at);
  CREATE TABLE rate_buckets (
    channel TEXT PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
    tokens REAL NOT NULL,
    at INTEGER NOT NULL,
    allowed INTEGER NOT NULL
  );
  `,
  // 3: the bytes each channel holds, kept by triggers on every insert and delete (the byte quota is checked
  // when appending); what the relay did with a delivery's Authorization; the credential hashes apps register.
  `
  ALTER TABLE channels ADD COLUMN held_bytes INTEGER NOT NULL DEFAULT 0;
  UPDATE channels SET held_bytes = COALESCE((SELECT SUM(size) FROM deliveries d WHERE d.channel = channels.id), 0);
  CREATE TRIGGER deliveries_held_add AFTER INSERT ON deliveries BEGIN
    UPDATE channels SET held_bytes = held_bytes + NEW.size WHERE id = NEW.channel;
  END;
  CREATE TRIGGER deliveries_held_drop AFTER DELETE ON deliveries BEGIN
    UPDATE channels SET held_bytes = held_bytes - OLD.size WHERE id = OLD.channel;
  END;
  ALTER TABLE deliveries ADD COLUMN credential TEXT;
  CREATE TABLE credentials (
    channel TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    integration TEXT NOT NULL,
    scheme TEXT NOT NULL,
    hashes TEXT NOT NULL,
    registered_by TEXT NOT NULL,
    registered_at INTEGER NOT NULL,
    PRIMARY KEY (channel, integration)
  );
  `,
  // 4: a registration belongs to the reader that made them: keyed by reader too, so no reader replaces
  // another's, and removed with its reader. Rows whose reader is gone (kept by a removed reader) are dropped.
  `
  CREATE TABLE reader_credentials (
    channel TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    integration TEXT NOT NULL,
    reader TEXT NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    scheme TEXT NOT NULL,
    hashes TEXT NOT NULL,
    registered_at INTEGER NOT NULL,
    PRIMARY KEY (channel, integration, reader)
  );
  INSERT INTO reader_credentials (channel, integration, reader, scheme, hashes, registered_at)
    SELECT c.channel, c.integration, c.registered_by, c.scheme, c.hashes, c.registered_at
    FROM credentials c JOIN readers r ON r.id = c.registered_by AND r.channel = c.channel;
  DROP TABLE credentials;
  CREATE INDEX reader_credentials_reader ON reader_credentials (reader);
  `,
  // 5: the items each channel holds, beside its bytes: the count is a quota at append time (507), no longer
  // a cleanup that deleted the oldest deliveries whether or not a reader had them. The rate bucket moves to
  // memory (relay-server.ts), off the path of every delivery.
  `
  ALTER TABLE channels ADD COLUMN held_items INTEGER NOT NULL DEFAULT 0;
  UPDATE channels SET held_items = (SELECT COUNT(*) FROM deliveries d WHERE d.channel = channels.id);
  DROP TABLE rate_buckets;
  DROP TRIGGER deliveries_held_add;
  DROP TRIGGER deliveries_held_drop;
  CREATE TRIGGER deliveries_held_add AFTER INSERT ON deliveries BEGIN
    UPDATE channels SET held_bytes = held_bytes + NEW.size, held_items = held_items + 1 WHERE id = NEW.channel;
  END;
  CREATE TRIGGER deliveries_held_drop AFTER DELETE ON deliveries BEGIN
    UPDATE channels SET held_bytes = held_bytes - OLD.size, held_items = held_items - 1 WHERE id = OLD.channel;
  END;
  `,
  // 6: a registration may name the header its tool sends the secret in as is (Honeybadger-Token) instead of
  // Authorization; '' is Authorization.
  `
  ALTER TABLE reader_credentials ADD COLUMN header TEXT NOT NULL DEFAULT '';
  `,
]

interface ItemRow {
  seq: number
  kind: 'delivery' | 'note'
  received_at: number
  author: string | null
  method: string
  query: string
  headers: string
  body: Uint8Array
  credential: string | null
}

export function toItem(r: ItemRow): StoredItem {
  return {
    seq: Number(r.seq),
    kind: r.kind,
    receivedAt: Number(r.received_at),
    author: r.author,
    method: r.method,
    query: r.query,
    headers: JSON.parse(r.headers) as Record<string, string>,
    body: Buffer.from(r.body),
    credential: r.credential ? (JSON.parse(r.credential) as StoredItem['credential']) : null,
  }
}

/** Reader rows with their lag, as both stores select them. */
export interface ReaderRow {
  channel: string
  id: string
  name: string
  created_at: number
  last_seen_at: number
  acked_seq: number
  behind: number
  oldest: number | null
}

export function summarize(
  channels: { id: string; name: string; created_at: number; last_seq: number; held: number; held_bytes: number | null }[],
  readers: ReaderRow[],
  idleBefore: number,
): ChannelSummary[] {
  return channels.map((c) => ({
    id: c.id,
    name: c.name,
    createdAt: new Date(Number(c.created_at)).toISOString(),
    lastSeq: Number(c.last_seq),
    held: Number(c.held),
    heldBytes: Number(c.held_bytes ?? 0),
    readers: readers
      .filter((r) => r.channel === c.id)
      .map((r) => ({
        id: r.id,
        name: r.name,
        createdAt: new Date(Number(r.created_at)).toISOString(),
        lastSeenAt: new Date(Number(r.last_seen_at)).toISOString(),
        ackedSeq: Number(r.acked_seq),
        behind: Number(r.behind),
        oldestWaiting: r.oldest === null ? null : new Date(Number(r.oldest)).toISOString(),
        idle: Number(r.last_seen_at) < idleBefore,
      })),
  }))
}

/** How long a reader's last-seen time may lag before a poll writes it (a write per poll buys nothing). */
export const SEEN_RESOLUTION_MS = 60_000

export function openSqliteRelayStore(dataDir: string): RelayStore & { db: Db } {
  const path = join(dataDir, 'relay.db')
  const db: Db = openDb(path, MIGRATIONS)
  const listeners = new Set<(channel: string) => void>()
  const stmt = {
    channel: db.prepare('SELECT 1 FROM channels WHERE id = ?'),
    reader: db.prepare('SELECT id, last_seen_at FROM readers WHERE channel = ? AND token_hash = ?'),
    seen: db.prepare('UPDATE readers SET last_seen_at = ? WHERE id = ?'),
    // With a quota (?2 not null), only when the channel then holds at most ?2 bytes and ?4 items.
    nextSeq: db.prepare(
      'UPDATE channels SET last_seq = last_seq + 1 WHERE id = ?1 AND (?2 IS NULL OR (held_bytes + ?3 <= ?2 AND held_items < ?4)) RETURNING last_seq',
    ),
    insert: db.prepare(
      'INSERT INTO deliveries (channel, seq, received_at, kind, author, method, query, headers, body, size, credential) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    after: db.prepare(
      'SELECT seq, kind, received_at, author, method, query, headers, body, credential FROM deliveries WHERE channel = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    held: db.prepare('SELECT held_bytes, held_items FROM channels WHERE id = ?'),
    latest: db.prepare('SELECT last_seq FROM channels WHERE id = ?'),
    ack: db.prepare(
      `UPDATE readers SET acked_seq = MAX(acked_seq, MIN(?, (SELECT last_seq FROM channels WHERE id = readers.channel))),
         last_seen_at = ? WHERE id = ? AND channel = ?`,
    ),
    // NULL when no reader is active: nothing is dropped for acknowledgement then, quotas still apply.
    dropAcked: db.prepare(
      'DELETE FROM deliveries WHERE channel = ? AND seq <= (SELECT MIN(acked_seq) FROM readers WHERE channel = ? AND last_seen_at >= ?)',
    ),
  }

  function appendItem(channel: string, item: NewItem, quota: Quota | null): { seq: number } | AppendRefusal {
    const c = itemColumns(item)
    const seq = transaction(db, () => {
      const next = stmt.nextSeq.get(channel, quota?.maxBytes ?? null, c.size, quota?.maxItems ?? null) as
        { last_seq: number } | undefined
      if (!next) return null
      stmt.insert.run(
        channel,
        next.last_seq,
        item.receivedAt,
        item.kind,
        c.author,
        c.method,
        c.query,
        c.headers,
        c.body,
        c.size,
        c.credential,
      )
      return Number(next.last_seq)
    })
    if (seq === null) {
      const held = stmt.held.get(channel) as { held_bytes: number; held_items: number } | undefined
      return held
        ? { refused: 'quota', heldBytes: Number(held.held_bytes), heldItems: Number(held.held_items) }
        : { refused: 'no_channel' }
    }
    for (const listener of listeners) listener(channel)
    return { seq }
  }

  return {
    kind: 'sqlite',
    location: path,
    db,
    ...sqliteCredentials(db),
    async addChannel(name, readerName, now) {
      const id = newChannelId()
      const token = newToken()
      const readerId = newReaderId()
      transaction(db, () => {
        db.prepare('INSERT INTO channels (id, name, created_at) VALUES (?, ?, ?)').run(id, name, now)
        db.prepare('INSERT INTO readers (id, channel, name, token_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)').run(
          readerId,
          id,
          readerName,
          hashToken(token),
          now,
          now,
        )
      })
      return { id, readerId, token }
    },
    async addReader(channel, name, now) {
      if (!stmt.channel.get(channel)) return null
      const id = newReaderId()
      const token = newToken()
      db.prepare('INSERT INTO readers (id, channel, name, token_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        id,
        channel,
        name,
        hashToken(token),
        now,
        now,
      )
      return { id, token }
    },
    async listChannels(now, retention) {
      const channels = db
        .prepare(
          `SELECT c.id, c.name, c.created_at, c.last_seq, COUNT(d.seq) AS held, SUM(d.size) AS held_bytes
           FROM channels c LEFT JOIN deliveries d ON d.channel = c.id GROUP BY c.id ORDER BY c.created_at`,
        )
        .all() as never[]
      const readers = db
        .prepare(
          `SELECT r.channel, r.id, r.name, r.created_at, r.last_seen_at, r.acked_seq,
             (SELECT COUNT(*) FROM deliveries d WHERE d.channel = r.channel AND d.seq > r.acked_seq) AS behind,
             (SELECT MIN(received_at) FROM deliveries d WHERE d.channel = r.channel AND d.seq > r.acked_seq) AS oldest
           FROM readers r ORDER BY r.created_at`,
        )
        .all() as unknown as ReaderRow[]
      return summarize(channels, readers, now - retention.readerIdleMs)
    },
    channelExists: async (channel) => stmt.channel.get(channel) !== undefined,
    async authenticate(channel, token, now) {
      if (!token) return null
      const row = stmt.reader.get(channel, hashToken(token)) as { id: string; last_seen_at: number } | undefined
      if (!row) return null
      if (now - row.last_seen_at > SEEN_RESOLUTION_MS) stmt.seen.run(now, row.id)
      return row.id
    },
    async append(channel, item: NewItem) {
      const appended = appendItem(channel, item, null)
      return 'seq' in appended ? appended.seq : null
    },
    async appendWithin(channel, item, quota) {
      return appendItem(channel, item, quota)
    },
    heldBytes: async (channel) => Number((stmt.held.get(channel) as { held_bytes: number } | undefined)?.held_bytes ?? 0),
    async after(channel, seq, limit) {
      return (stmt.after.all(channel, seq, limit) as unknown as ItemRow[]).map(toItem)
    },
    latest: async (channel) => Number((stmt.latest.get(channel) as { last_seq: number } | undefined)?.last_seq ?? 0),
    async ack(channel, reader, upTo, now, retention) {
      transaction(db, () => {
        stmt.ack.run(upTo, now, reader, channel)
        stmt.dropAcked.run(channel, channel, now - retention.readerIdleMs)
      })
    },
    async prune(now, retention) {
      transaction(db, () => {
        db.prepare('DELETE FROM deliveries WHERE received_at < ?').run(now - retention.maxAgeMs)
        db.prepare(
          `DELETE FROM deliveries WHERE seq <= (
             SELECT MIN(acked_seq) FROM readers r WHERE r.channel = deliveries.channel AND r.last_seen_at >= ?)`,
        ).run(now - retention.readerIdleMs)
      })
    },
    onAppended(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      listeners.clear()
      db.close()
    },
  }
}
