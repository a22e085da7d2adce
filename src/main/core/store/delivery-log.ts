import type { DeliveryOutcome, DeliveryView } from '../../../shared/model'
import type { Db } from '../../../server-common/sqlite'

/** What the pipeline records: the view's fields (the time as ms) plus what replay and dedupe need. */
export interface DeliveryRecord extends Omit<DeliveryView, 'id' | 'receivedAt'> {
  receivedAt: number
  fingerprint: string | null
  /** Already redacted: signature and token values never reach the log. */
  headers: Record<string, string>
  body: Buffer | null
}

interface DeliveryRow {
  id: number
  received_at: number
  integration_id: string | null
  provider: string | null
  via: 'direct' | 'relay'
  status: number
  outcome: DeliveryOutcome
  reason: string | null
  size: number
  incident_ids: string
}

/**
 * What a refusal keeps of its body. Replay (after the user fixes a secret or a mapping) needs the whole body,
 * and only a refusal of a known integration for what the delivery said (400, 401, or 503 when storage
 * failed) can be replayed; the rest (unknown id, 413, 415, rate limited) keep a preview to diagnose with.
 */
export const REFUSED_PREVIEW_BYTES = 4 * 1024
/**
 * The refusal log's share of the disk. Junk to random ids costs a preview each, and the oldest refusals go
 * first when it is full, so a flood can not fill the disk; accepted deliveries never count against it.
 */
export const REFUSAL_QUOTA_BYTES = 16 * 1024 * 1024
/** Rows cost more than their body and headers (reason, indexes): counted so a flood of empty posts is bounded. */
const ROW_OVERHEAD_BYTES = 200
const REPLAYABLE_STATUSES = new Set([400, 401, 503])

function keptBody(entry: DeliveryRecord): Buffer | null {
  if (!entry.body || entry.body.length === 0) return null
  if (entry.outcome !== 'rejected') return entry.body
  if (entry.integrationId !== null && REPLAYABLE_STATUSES.has(entry.status)) return entry.body
  return entry.body.subarray(0, REFUSED_PREVIEW_BYTES)
}

const REFUSED_BYTES = `COALESCE(length(body), 0) + length(headers) + COALESCE(length(reason), 0) + ${ROW_OVERHEAD_BYTES}`

// An index probe per old delivery (migration 12); NOT IN over the subquery read every incident row each time.
export const NOT_SHOWN_BY_AN_INCIDENT = 'NOT EXISTS (SELECT 1 FROM incidents WHERE raw_delivery = deliveries.id)'

const VIEW_COLUMNS = 'id, received_at, integration_id, provider, via, status, outcome, reason, size, incident_ids'

/** Every delivery, accepted or rejected, with the reason: so a user can fix their setup. */
export function createDeliveryLog(db: Db, options: { refusalQuotaBytes?: number } = {}) {
  const quota = options.refusalQuotaBytes ?? REFUSAL_QUOTA_BYTES
  const stmt = {
    insert: db.prepare(`INSERT INTO deliveries (id, received_at, integration_id, provider, via, status, outcome, reason,
      fingerprint, headers, body, size, incident_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    seen: db.prepare(
      `SELECT id FROM deliveries WHERE fingerprint = ? AND received_at >= ? AND outcome IN ('accepted', 'ignored') LIMIT 1`,
    ),
    last: db.prepare(`SELECT ${VIEW_COLUMNS} FROM deliveries WHERE integration_id = ? ORDER BY id DESC LIMIT 1`),
    refusedBytes: db.prepare(`SELECT COALESCE(SUM(${REFUSED_BYTES}), 0) AS bytes FROM deliveries WHERE outcome = 'rejected'`),
    oldestRefused: db.prepare(
      `SELECT id, ${REFUSED_BYTES} AS bytes FROM deliveries WHERE outcome = 'rejected' ORDER BY id LIMIT 256`,
    ),
    deleteUpTo: db.prepare(`DELETE FROM deliveries WHERE outcome = 'rejected' AND id <= ?`),
    lastRejected: db.prepare(
      `SELECT ${VIEW_COLUMNS} FROM deliveries WHERE integration_id = ? AND outcome = 'rejected' ORDER BY id DESC LIMIT 1`,
    ),
    lastAccepted: db.prepare(
      `SELECT ${VIEW_COLUMNS} FROM deliveries WHERE integration_id = ? AND outcome = 'accepted' ORDER BY id DESC LIMIT 1`,
    ),
  }

  let refusedBytes = (stmt.refusedBytes.get() as { bytes: number }).bytes
  // Ids are handed out here, not by SQLite, so a delivery's incidents can point at it before its row (which
  // lists them) is written. Every insert takes its id from this counter; one that is rolled back leaves a gap.
  let lastId = (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM deliveries').get() as { id: number }).id
  const reserveId = (): number => ++lastId

  /** Drops the oldest refusals until the log is back under 90 % of its quota (so not one delete per insert). */
  function enforceQuota(): void {
    const target = quota * 0.9
    while (refusedBytes > target) {
      const rows = stmt.oldestRefused.all() as { id: number; bytes: number }[]
      if (rows.length === 0) break
      let upTo = 0
      for (const row of rows) {
        refusedBytes -= row.bytes
        upTo = row.id
        if (refusedBytes <= target) break
      }
      stmt.deleteUpTo.run(upTo)
    }
  }

  /** Logs a delivery under `id` (from `reserveId`), or under the next id. */
  function record(entry: DeliveryRecord, id: number = reserveId()): DeliveryView {
    const body = keptBody(entry)
    const headers = JSON.stringify(entry.headers)
    stmt.insert.run(
      id,
      entry.receivedAt,
      entry.integrationId,
      entry.provider,
      entry.via,
      entry.status,
      entry.outcome,
      entry.reason,
      entry.fingerprint,
      headers,
      body,
      entry.size,
      JSON.stringify(entry.incidentIds),
    )
    if (entry.outcome === 'rejected') {
      refusedBytes += (body?.length ?? 0) + headers.length + (entry.reason?.length ?? 0) + ROW_OVERHEAD_BYTES
      if (refusedBytes > quota) enforceQuota()
    }
    return describeDelivery(entry, id)
  }

  /** Whether a delivery with this fingerprint was already committed since `since`. */
  function seenSince(fingerprint: string, since: number): boolean {
    return stmt.seen.get(fingerprint, since) !== undefined
  }

  function list(opts: { limit?: number; cursor?: string; integration?: string; outcome?: DeliveryOutcome }): {
    deliveries: DeliveryView[]
    nextCursor: string | null
  } {
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500)
    const clauses: string[] = []
    const params: (string | number)[] = []
    if (opts.integration) {
      clauses.push('integration_id = ?')
      params.push(opts.integration)
    }
    if (opts.outcome) {
      clauses.push('outcome = ?')
      params.push(opts.outcome)
    }
    if (opts.cursor) {
      clauses.push('id < ?')
      params.push(Number(opts.cursor) || 0)
    }
    const rows = db
      .prepare(
        `SELECT ${VIEW_COLUMNS} FROM deliveries ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      )
      .all(...params, limit + 1) as unknown as DeliveryRow[]
    const page = rows.slice(0, limit)
    return {
      deliveries: page.map(toView),
      nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
    }
  }

  function lastFor(integrationId: string): { last: DeliveryView | null; lastRejected: DeliveryView | null } {
    const last = stmt.last.get(integrationId) as DeliveryRow | undefined
    const rejected = stmt.lastRejected.get(integrationId) as DeliveryRow | undefined
    return { last: last ? toView(last) : null, lastRejected: rejected ? toView(rejected) : null }
  }

  /**
   * The latest delivery verification accepted: what the integration's own tool sent. Anything read from a
   * body to act on (the API URL "Act on the source" suggests) comes from this one, never from `lastFor`'s
   * `last`, which may be a refused post by anyone who knows the receiver URL.
   */
  function lastAccepted(integrationId: string): DeliveryView | null {
    const row = stmt.lastAccepted.get(integrationId) as DeliveryRow | undefined
    return row ? toView(row) : null
  }

  /**
   * Bounded retention: raw bodies are the bulk, so they go after `bodyDays`, rows after `rowDays`. A delivery
   * an incident still shows as its raw view (incidents.raw_delivery) keeps both for as long as the incident.
   */
  function prune(now: number, opts = { bodyDays: 7, rowDays: 30 }): void {
    db.prepare(
      `UPDATE deliveries SET body = NULL WHERE received_at < ? AND body IS NOT NULL AND ${NOT_SHOWN_BY_AN_INCIDENT}`,
    ).run(now - opts.bodyDays * 86_400_000)
    db.prepare(`DELETE FROM deliveries WHERE received_at < ? AND ${NOT_SHOWN_BY_AN_INCIDENT}`).run(
      now - opts.rowDays * 86_400_000,
    )
    refusedBytes = (stmt.refusedBytes.get() as { bytes: number }).bytes
  }

  /** The stored request, for replay; null when unknown or its body is gone or was only kept in part. */
  function request(
    id: number,
  ): { integrationId: string | null; via: 'direct' | 'relay'; headers: Record<string, string>; body: Buffer } | null {
    const row = db.prepare('SELECT integration_id, via, headers, body, size FROM deliveries WHERE id = ?').get(id) as
      | { integration_id: string | null; via: 'direct' | 'relay'; headers: string; body: Uint8Array | null; size: number }
      | undefined
    if (!row || !row.body || row.body.length < row.size) return null
    return {
      integrationId: row.integration_id,
      via: row.via,
      headers: JSON.parse(row.headers) as Record<string, string>,
      body: Buffer.from(row.body),
    }
  }

  // Verified ones only: anyone can post junk for any integration id to the relay, and that alone must not
  // make an integration fed directly (whose incidents are not the team's) answer to teammates' notes.
  const relayed = db.prepare(
    "SELECT 1 FROM deliveries WHERE integration_id = ? AND via = 'relay' AND outcome IN ('accepted', 'ignored') LIMIT 1",
  )
  /** Whether this integration's deliveries come through the relay, verified (its incidents are the team's). */
  const comesThroughRelay = (integrationId: string): boolean => relayed.get(integrationId) !== undefined

  return {
    reserveId,
    record,
    seenSince,
    list,
    lastFor,
    lastAccepted,
    prune,
    request,
    comesThroughRelay,
    refusedBytes: () => refusedBytes,
  }
}

export type DeliveryLog = ReturnType<typeof createDeliveryLog>

/** How a logged delivery is shown; id 0 when it could not be logged. */
export function describeDelivery(entry: DeliveryRecord, id: number): DeliveryView {
  return {
    id,
    receivedAt: new Date(entry.receivedAt).toISOString(),
    integrationId: entry.integrationId,
    provider: entry.provider,
    via: entry.via,
    status: entry.status,
    outcome: entry.outcome,
    reason: entry.reason,
    incidentIds: entry.incidentIds,
    size: entry.size,
  }
}

function toView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    receivedAt: new Date(row.received_at).toISOString(),
    integrationId: row.integration_id,
    provider: row.provider,
    via: row.via,
    status: row.status,
    outcome: row.outcome,
    reason: row.reason,
    incidentIds: JSON.parse(row.incident_ids) as string[],
    size: row.size,
  }
}
