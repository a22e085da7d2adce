// The relay's storage: channels (read tokens kept as SHA-256 hashes) and deliveries kept verbatim.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { join } from 'node:path'
import { openDb, type Db } from '../server-common/sqlite'
import type { RelayedDelivery } from '../server-common/relay-protocol'

const RELAY_MIGRATIONS = [
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
]

export interface Retention {
  maxAgeMs: number
  maxPerChannel: number
}

export const DEFAULT_RETENTION: Retention = { maxAgeMs: 7 * 86_400_000, maxPerChannel: 10_000 }

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export function openRelayStore(dataDir: string) {
  const db: Db = openDb(join(dataDir, 'relay.db'), RELAY_MIGRATIONS)
  const stmt = {
    channel: db.prepare('SELECT id, token_hash FROM channels WHERE id = ?'),
    insert: db.prepare(
      'INSERT INTO deliveries (channel, received_at, method, query, headers, body) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq',
    ),
    after: db.prepare(
      'SELECT seq, received_at, method, query, headers, body FROM deliveries WHERE channel = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    latest: db.prepare('SELECT MAX(seq) AS seq FROM deliveries WHERE channel = ?'),
    ack: db.prepare('DELETE FROM deliveries WHERE channel = ? AND seq <= ?'),
  }

  return {
    db,
    addChannel(name: string): { id: string; token: string } {
      const id = `ch_${randomBytes(16).toString('base64url')}`
      const token = `hbr_${randomBytes(32).toString('base64url')}`
      db.prepare('INSERT INTO channels (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)').run(
        id,
        name,
        hashToken(token),
        Date.now(),
      )
      return { id, token }
    },
    listChannels(): { id: string; name: string; createdAt: string; pending: number }[] {
      return (
        db
          .prepare(
            'SELECT c.id, c.name, c.created_at, (SELECT COUNT(*) FROM deliveries d WHERE d.channel = c.id) AS pending FROM channels c ORDER BY c.created_at',
          )
          .all() as { id: string; name: string; created_at: number; pending: number }[]
      ).map((r) => ({ id: r.id, name: r.name, createdAt: new Date(r.created_at).toISOString(), pending: r.pending }))
    },
    channelExists: (id: string): boolean => stmt.channel.get(id) !== undefined,
    /** Constant-time check of a read token against the stored hash. */
    checkToken(id: string, token: string): boolean {
      const row = stmt.channel.get(id) as { token_hash: string } | undefined
      if (!row) return false
      const a = Buffer.from(row.token_hash)
      const b = Buffer.from(hashToken(token))
      return a.length === b.length && timingSafeEqual(a, b)
    },
    store(
      channel: string,
      d: { receivedAt: number; method: string; query: string; headers: Record<string, string>; body: Buffer },
    ): number {
      const { seq } = stmt.insert.get(channel, d.receivedAt, d.method, d.query, JSON.stringify(d.headers), d.body) as {
        seq: number
      }
      return seq
    },
    after(channel: string, seq: number, limit = 100): RelayedDelivery[] {
      return (
        stmt.after.all(channel, seq, limit) as {
          seq: number
          received_at: number
          method: string
          query: string
          headers: string
          body: Uint8Array
        }[]
      ).map((r) => ({
        seq: r.seq,
        receivedAt: r.received_at,
        method: r.method,
        query: r.query,
        headers: JSON.parse(r.headers) as Record<string, string>,
        body: Buffer.from(r.body).toString('base64'),
      }))
    },
    latest: (channel: string): number => (stmt.latest.get(channel) as { seq: number | null }).seq ?? 0,
    ack: (channel: string, upTo: number): void => void stmt.ack.run(channel, upTo),
    /** Age limit for all channels, then a count limit per channel (oldest go first). */
    prune(now: number, retention: Retention = DEFAULT_RETENTION): void {
      db.prepare('DELETE FROM deliveries WHERE received_at < ?').run(now - retention.maxAgeMs)
      db.prepare(
        `DELETE FROM deliveries WHERE seq IN (
           SELECT seq FROM (SELECT seq, ROW_NUMBER() OVER (PARTITION BY channel ORDER BY seq DESC) AS n FROM deliveries) WHERE n > ?)`,
      ).run(retention.maxPerChannel)
    },
    close: () => db.close(),
  }
}

export type RelayStore = ReturnType<typeof openRelayStore>
