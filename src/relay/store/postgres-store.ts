// The relay on PostgreSQL: several relay instances share one database. Each append NOTIFYs in the same
// statement, and every instance LISTENs on one dedicated connection, so a delivery posted to instance A
// wakes a long-poll waiting on instance B at once. Seqs come from a per-channel counter updated in the
// appending statement: its row lock orders commits, so a reader never sees seq 11 before seq 10 commits.
// Concurrent appends to a channel share one statement (postgres-append.ts).
import pg from 'pg'
import { createPostgresAppender } from './postgres-append'
import { migrate, transaction, types } from './postgres-schema'
import { summarize, SEEN_RESOLUTION_MS, toItem, type ReaderRow } from './sqlite-store'
import { postgresCredentials } from './postgres-credentials'
import { hashToken, newChannelId, newReaderId, newToken, type NewItem, type RelayStore } from './types'

const NOTIFY_CHANNEL = 'hookbell_relay'

/** The connection string without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgres://…'
  }
}

export async function openPostgresRelayStore(
  connectionString: string,
  options: { log?: (message: string) => void; poolSize?: number } = {},
): Promise<RelayStore> {
  const log = options.log ?? ((m: string) => console.error(m))
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10, types })
  // An idle client that loses its server emits on the pool; without a listener that would crash the relay.
  pool.on('error', (error) => log(`[relay] database connection lost: ${error.message}`))
  await migrate(pool)

  const listeners = new Set<(channel: string) => void>()
  let listener: pg.Client | null = null
  let closed = false
  let retry: NodeJS.Timeout | null = null
  let failures = 0

  const emit = (channel: string) => {
    for (const l of listeners) l(channel)
  }

  /** One dedicated connection LISTENs; when it drops, it comes back and wakes every waiter to re-check. */
  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString, types })
    const reconnect = (error?: Error) => {
      if (closed || listener !== client) return
      listener = null
      client.removeAllListeners()
      client.on('error', () => undefined)
      void client.end().catch(() => undefined)
      const delay = Math.min(10_000, 250 * 2 ** failures++)
      log(`[relay] lost the LISTEN connection${error ? ` (${error.message})` : ''}; reconnecting in ${delay} ms`)
      retry = setTimeout(() => void listen().catch(() => reconnect()), delay)
    }
    listener = client
    client.on('notification', (message) => {
      if (message.channel === NOTIFY_CHANNEL && message.payload) emit(message.payload)
    })
    client.on('error', reconnect)
    client.on('end', () => reconnect())
    try {
      await client.connect()
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`)
    } catch (error) {
      reconnect(error as Error)
      throw error
    }
    failures = 0
    // Anything appended while the listener was away has no notification coming: let every waiter look.
    emit('*')
  }
  await listen()

  const q = async <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) =>
    (await pool.query<R>({ name, text, values })).rows

  const appender = createPostgresAppender(pool, NOTIFY_CHANNEL)

  const credentials = postgresCredentials(pool, q)

  return {
    kind: 'postgres',
    location: redactUrl(connectionString),
    async addChannel(name, readerName, now) {
      const id = newChannelId()
      const token = newToken()
      const readerId = newReaderId()
      await transaction(pool, async (client) => {
        await client.query('INSERT INTO channels (id, name, created_at) VALUES ($1, $2, $3)', [id, name, now])
        await client.query(
          'INSERT INTO readers (id, channel, name, token_hash, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)',
          [readerId, id, readerName, hashToken(token), now],
        )
      })
      return { id, readerId, token }
    },
    async addReader(channel, name, now) {
      const id = newReaderId()
      const token = newToken()
      const rows = await q(
        'relay-add-reader',
        `INSERT INTO readers (id, channel, name, token_hash, created_at, last_seen_at)
         SELECT $1, id, $3, $4, $5, $5 FROM channels WHERE id = $2 RETURNING id`,
        [id, channel, name, hashToken(token), now],
      )
      return rows.length ? { id, token } : null
    },
    async listChannels(now, retention) {
      const channels = await q<never>(
        'relay-list-channels',
        `SELECT c.id, c.name, c.created_at, c.last_seq, COUNT(d.seq) AS held, SUM(d.size) AS held_bytes
         FROM channels c LEFT JOIN deliveries d ON d.channel = c.id GROUP BY c.id ORDER BY c.created_at`,
        [],
      )
      const readers = await q<ReaderRow>(
        'relay-list-readers',
        `SELECT r.channel, r.id, r.name, r.created_at, r.last_seen_at, r.acked_seq,
           (SELECT COUNT(*) FROM deliveries d WHERE d.channel = r.channel AND d.seq > r.acked_seq) AS behind,
           (SELECT MIN(received_at) FROM deliveries d WHERE d.channel = r.channel AND d.seq > r.acked_seq) AS oldest
         FROM readers r ORDER BY r.created_at`,
        [],
      )
      return summarize(channels, readers, now - retention.readerIdleMs)
    },
    async channelExists(channel) {
      return (await q('relay-channel', 'SELECT 1 FROM channels WHERE id = $1', [channel])).length > 0
    },
    async authenticate(channel, token, now) {
      if (!token) return null
      const [row] = await q<{ id: string; last_seen_at: number }>(
        'relay-reader',
        'SELECT id, last_seen_at FROM readers WHERE channel = $1 AND token_hash = $2',
        [channel, hashToken(token)],
      )
      if (!row) return null
      if (now - row.last_seen_at > SEEN_RESOLUTION_MS)
        await q('relay-seen', 'UPDATE readers SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id = $1', [row.id, now])
      return row.id
    },
    async append(channel, item: NewItem) {
      const appended = await appender.append(channel, item, null)
      return 'seq' in appended ? appended.seq : null
    },
    appendWithin: (channel, item, quota) => appender.append(channel, item, quota),
    async heldBytes(channel) {
      const [row] = await q<{ held_bytes: number }>('relay-held', 'SELECT held_bytes FROM channels WHERE id = $1', [channel])
      return row?.held_bytes ?? 0
    },
    ...credentials,
    async after(channel, seq, limit) {
      const rows = await q<never>(
        'relay-after',
        `SELECT seq, kind, received_at, author, method, query, headers, body, credential FROM deliveries
         WHERE channel = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [channel, seq, limit],
      )
      return rows.map(toItem)
    },
    async latest(channel) {
      const [row] = await q<{ last_seq: number }>('relay-latest', 'SELECT last_seq FROM channels WHERE id = $1', [channel])
      return row?.last_seq ?? 0
    },
    async ack(channel, reader, upTo, now, retention) {
      // One statement: move the cursor (never past what exists), then drop what every active reader has.
      await q(
        'relay-ack',
        `WITH moved AS (
           UPDATE readers SET acked_seq = GREATEST(acked_seq, LEAST($3::bigint, (SELECT last_seq FROM channels WHERE id = $2))),
             last_seen_at = GREATEST(last_seen_at, $4)
           WHERE id = $1 AND channel = $2 RETURNING acked_seq)
         DELETE FROM deliveries WHERE channel = $2 AND seq <= (
           SELECT MIN(acked_seq) FROM (
             SELECT acked_seq FROM readers WHERE channel = $2 AND id <> $1 AND last_seen_at >= $5
             UNION ALL SELECT acked_seq FROM moved) a)`,
        [reader, channel, upTo, now, now - retention.readerIdleMs],
      )
    },
    async prune(now, retention) {
      await pool.query('DELETE FROM deliveries WHERE received_at < $1', [now - retention.maxAgeMs])
      await pool.query(
        `DELETE FROM deliveries d WHERE d.seq <= (
           SELECT MIN(acked_seq) FROM readers r WHERE r.channel = d.channel AND r.last_seen_at >= $1)`,
        [now - retention.readerIdleMs],
      )
    },
    onAppended(l) {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    async close() {
      closed = true
      if (retry) clearTimeout(retry)
      listeners.clear()
      const client = listener
      listener = null
      if (client) {
        client.removeAllListeners()
        client.on('error', () => undefined)
        await client.end().catch(() => undefined)
      }
      await pool.end()
    },
  }
}
