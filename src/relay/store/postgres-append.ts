// Appends on PostgreSQL, batched: deliveries that arrive for a channel while its previous statement is in
// flight share the next one, the way the app's group commit shares a transaction (server-common/group-commit.ts).
// A delivery alone costs one round trip as before; under a storm one statement numbers, checks and stores up
// to MAX_BATCH of them. Every append still waits for its own statement to commit before it is answered.
import type pg from 'pg'
import { itemColumns, type AppendRefusal, type NewItem, type Quota } from './types'

/** Items per statement: bounds the statement's size (bodies go as hex) and how long one batch holds the row lock. */
const MAX_BATCH = 256
const MAX_BATCH_BYTES = 4 * 1024 * 1024

type Appended = { seq: number } | AppendRefusal

interface Pending {
  item: NewItem
  quota: Quota | null
  resolve: (value: Appended) => void
  reject: (error: unknown) => void
}

/**
 * One statement for a batch to one channel: the seqs (the channel row's counter, whose lock orders commits
 * across instances), the quota check, the inserts and the NOTIFY. The items accepted are the longest prefix
 * that keeps the channel within its quota, so concurrent batches on several instances never overshoot it.
 */
const APPEND_BATCH = (notifyChannel: string) => `
  WITH input AS (
    SELECT * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[],
      $9::int[], $10::text[]) WITH ORDINALITY AS t(received_at, kind, author, method, query, headers, body, size, credential, n)),
  fit AS (SELECT n, SUM(size) OVER (ORDER BY n) AS cum FROM input),
  next AS (
    UPDATE channels c SET last_seq = c.last_seq + (
      SELECT COUNT(*) FROM fit
      WHERE $11::bigint IS NULL OR (c.held_bytes + fit.cum <= $11::bigint AND c.held_items + fit.n <= $12::bigint))
    WHERE c.id = $1
    RETURNING c.last_seq, c.held_bytes, c.held_items, (
      SELECT COUNT(*) FROM fit
      WHERE $11::bigint IS NULL OR (c.held_bytes + fit.cum <= $11::bigint AND c.held_items + fit.n <= $12::bigint)) AS accepted),
  ins AS (
    INSERT INTO deliveries (channel, seq, received_at, kind, author, method, query, headers, body, size, credential)
    SELECT $1, next.last_seq - next.accepted + i.n, i.received_at, i.kind, i.author, i.method, i.query, i.headers,
      i.body, i.size, i.credential
    FROM input i, next WHERE i.n <= next.accepted
    RETURNING seq)
  SELECT last_seq, held_bytes, held_items, accepted,
    CASE WHEN accepted > 0 THEN pg_notify('${notifyChannel}', $1) END AS notified
  FROM next`

const sameQuota = (a: Quota | null, b: Quota | null) =>
  a === b || (a !== null && b !== null && a.maxBytes === b.maxBytes && a.maxItems === b.maxItems)

export function createPostgresAppender(pool: pg.Pool, notifyChannel: string) {
  const text = APPEND_BATCH(notifyChannel)
  const queues = new Map<string, Pending[]>()
  /** Channels with a statement in flight or scheduled: what arrives meanwhile waits for the next one. */
  const busy = new Set<string>()

  /** The next batch: consecutive items with the same quota, within MAX_BATCH and MAX_BATCH_BYTES. */
  function take(queue: Pending[]): Pending[] {
    let bytes = 0
    let n = 0
    while (n < queue.length && n < MAX_BATCH && sameQuota(queue[n]!.quota, queue[0]!.quota)) {
      bytes += queue[n]!.item.kind === 'delivery' ? (queue[n]!.item as { body: Buffer }).body.length : 0
      if (n > 0 && bytes > MAX_BATCH_BYTES) break
      n++
    }
    return queue.splice(0, n)
  }

  /** Sends the channel's batches one after the other until its queue is empty. */
  async function flush(channel: string): Promise<void> {
    for (;;) {
      const queue = queues.get(channel)
      if (!queue || queue.length === 0) {
        queues.delete(channel)
        busy.delete(channel)
        return
      }
      await send(channel, take(queue))
    }
  }

  async function send(channel: string, batch: Pending[]): Promise<void> {
    const columns = batch.map((p) => ({ ...itemColumns(p.item), receivedAt: p.item.receivedAt, kind: p.item.kind }))
    const quota = batch[0]!.quota
    try {
      const { rows } = await pool.query<{ last_seq: number; held_bytes: number; held_items: number; accepted: number }>({
        name: 'relay-append-batch',
        text,
        values: [
          channel,
          columns.map((c) => c.receivedAt),
          columns.map((c) => c.kind),
          columns.map((c) => c.author),
          columns.map((c) => c.method),
          columns.map((c) => c.query),
          columns.map((c) => c.headers),
          columns.map((c) => c.body),
          columns.map((c) => c.size),
          columns.map((c) => c.credential),
          quota?.maxBytes ?? null,
          quota?.maxItems ?? null,
        ],
      })
      const row = rows[0]
      if (!row) for (const p of batch) p.resolve({ refused: 'no_channel' })
      else {
        const first = row.last_seq - row.accepted + 1
        let held = row.held_bytes
        batch.forEach((p, i) => {
          if (i < row.accepted) {
            held += columns[i]!.size
            p.resolve({ seq: first + i })
          } else p.resolve({ refused: 'quota', heldBytes: held, heldItems: row.held_items + row.accepted })
        })
      }
    } catch (error) {
      for (const p of batch) p.reject(error)
    }
  }

  return {
    append(channel: string, item: NewItem, quota: Quota | null): Promise<Appended> {
      return new Promise<Appended>((resolve, reject) => {
        const queue = queues.get(channel) ?? []
        queue.push({ item, quota, resolve, reject })
        queues.set(channel, queue)
        if (busy.has(channel)) return
        busy.add(channel)
        // One turn of the event loop: deliveries read in the same I/O phase join the first statement.
        setImmediate(() => void flush(channel))
      })
    },
  }
}
