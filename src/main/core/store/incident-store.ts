import { randomUUID } from 'node:crypto'
import type {
  AfterDeploy,
  Incident,
  IncidentDetail,
  IncidentDetails,
  Severity,
  Status,
  TimelineEntry,
  TimelineType,
} from '../../../shared/incident'
import { pickDetails, SEVERITIES, STATUSES } from '../../../shared/incident'
import type { IncidentCounts, IncidentQuery } from '../../../shared/model'
import {
  applyEvent,
  decide,
  isNoop,
  type IncidentState,
  type Refusal,
  type TimelineNote,
  type Transition,
  type UserAction,
} from '../incident/lifecycle'
import type { IncidentEvent } from '../providers/types'
import { badRequest, notFound } from '../../../server-common/errors'
import { transaction, type Db } from '../../../server-common/sqlite'

interface IncidentRow {
  seq: number
  id: string
  integration_id: string
  provider: string
  kind: string
  dedup_key: string
  title: string
  severity: string
  status: string
  occurrences: number
  first_seen_at: number
  last_seen_at: number
  app: string | null
  environment: string | null
  url: string | null
  snoozed_until: number | null
  read_at: number | null
  source_ts: number | null
  detail: string
  raw?: string | null
}

type Detail = IncidentDetails & Pick<Incident, 'afterDeploy'>

/** An incident after a change, and the lifecycle's decision that changed it. */
export interface Applied {
  incident: Incident
  transition: Transition
}

/** A user's action: applied (or a no-op, `changed: false`), or refused by the lifecycle with nothing written. */
export type ActResult = ({ ok: true; changed: boolean } & Applied) | { ok: false; refusal: Refusal }

export interface RawSnapshot {
  headers: Record<string, string>
  body: unknown
}

/** Occurrences this close together share one timeline row ("occurred again ×12") instead of twelve. */
const OCCURRENCE_BURST_MS = 10 * 60_000
const LIST_COLUMNS =
  'seq, id, integration_id, provider, kind, dedup_key, title, severity, status, occurrences, first_seen_at, last_seen_at, app, environment, url, snoozed_until, read_at, source_ts, detail'

export function createIncidentStore(db: Db, options: { deployWindowMinutes: () => number }) {
  const stmt = {
    byKey: db.prepare(`SELECT ${LIST_COLUMNS} FROM incidents WHERE integration_id = ? AND dedup_key = ?`),
    byId: db.prepare(`SELECT ${LIST_COLUMNS}, raw FROM incidents WHERE id = ?`),
    insert: db.prepare(`INSERT INTO incidents (id, integration_id, provider, kind, dedup_key, title, severity, status,
      occurrences, first_seen_at, last_seen_at, app, environment, url, source_ts, resolved_at, detail, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`),
    update: db.prepare(`UPDATE incidents SET title = ?, severity = ?, status = ?, occurrences = ?, last_seen_at = ?,
      app = ?, environment = ?, url = ?, source_ts = ?, resolved_at = ?, detail = ?, raw = ? WHERE seq = ?`),
    setStatus: db.prepare('UPDATE incidents SET status = ?, resolved_at = ? WHERE seq = ?'),
    setSnooze: db.prepare('UPDATE incidents SET snoozed_until = ? WHERE seq = ?'),
    setRead: db.prepare('UPDATE incidents SET read_at = ? WHERE seq = ? AND read_at IS NULL'),
    lastDeploy: db.prepare(`SELECT id, detail, first_seen_at FROM incidents
      WHERE app IS ? AND environment IS ? AND kind = 'deploy' AND first_seen_at >= ? AND first_seen_at <= ?
      ORDER BY first_seen_at DESC LIMIT 1`),
    lastTimeline: db.prepare('SELECT id, type, at, count FROM timeline WHERE incident_seq = ? ORDER BY id DESC LIMIT 1'),
    bumpTimeline: db.prepare('UPDATE timeline SET count = count + 1, at = ? WHERE id = ?'),
    addTimeline: db.prepare('INSERT INTO timeline (incident_seq, at, type, actor, text, count) VALUES (?, ?, ?, ?, ?, ?)'),
    timeline: db.prepare('SELECT id, at, type, actor, text, count FROM timeline WHERE incident_seq = ? ORDER BY id'),
    ftsDelete: db.prepare('DELETE FROM incidents_fts WHERE rowid = ?'),
    ftsInsert: db.prepare(
      'INSERT INTO incidents_fts (rowid, title, message, exception_type, frames, app, environment) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
  }

  function addNote(seq: number, at: number, n: TimelineNote): void {
    if (n.type === 'occurrence') {
      const last = stmt.lastTimeline.get(seq) as { id: number; type: string; at: number } | undefined
      if (last && last.type === 'occurrence' && at - last.at < OCCURRENCE_BURST_MS) {
        stmt.bumpTimeline.run(at, last.id)
        return
      }
      stmt.addTimeline.run(seq, at, n.type, n.actor, n.text, 1)
      return
    }
    stmt.addTimeline.run(seq, at, n.type, n.actor, n.text, null)
  }

  function indexText(seq: number, title: string, detail: Detail, app: string | null, env: string | null, isNew: boolean): void {
    const frames = detail.exception?.frames.map((f) => `${f.file} ${f.function}`).join('\n') ?? ''
    if (!isNew) stmt.ftsDelete.run(seq)
    stmt.ftsInsert.run(
      seq,
      title,
      detail.exception?.message ?? detail.check?.errorMessage ?? detail.facts?.description ?? '',
      detail.exception?.type ?? '',
      frames,
      app ?? '',
      env ?? '',
    )
  }

  function findAfterDeploy(event: IncidentEvent, at: number): AfterDeploy | undefined {
    if (event.kind === 'deploy' || !event.app) return undefined
    const windowMs = options.deployWindowMinutes() * 60_000
    const row = stmt.lastDeploy.get(event.app, event.environment ?? null, at - windowMs, at) as
      { id: string; detail: string; first_seen_at: number } | undefined
    if (!row) return undefined
    const deploy = (JSON.parse(row.detail) as Detail).deploy
    if (!deploy) return undefined
    return { incidentId: row.id, revision: deploy.revision, user: deploy.user, at: row.first_seen_at }
  }

  function detailOf(event: IncidentEvent, previous?: Detail): Detail {
    return { ...pickDetails(event), afterDeploy: previous?.afterDeploy }
  }

  /** Applies one normalized event. Call inside the delivery's transaction. */
  function apply(integrationId: string, provider: string, event: IncidentEvent, raw: RawSnapshot, now: number): Applied {
    const at = event.occurredAt ?? now
    const rawText = JSON.stringify(raw)
    const row = stmt.byKey.get(integrationId, event.dedupKey) as IncidentRow | undefined
    if (!row) {
      const transition = applyEvent(null, event)
      const detail = detailOf(event)
      const afterDeploy = findAfterDeploy(event, at)
      if (afterDeploy) detail.afterDeploy = afterDeploy
      const id = randomUUID()
      const { seq } = stmt.insert.get(
        id,
        integrationId,
        provider,
        event.kind,
        event.dedupKey,
        event.title,
        transition.severity,
        transition.status,
        at,
        at,
        event.app ?? null,
        event.environment ?? null,
        event.url ?? null,
        event.sourceTimestamp ?? null,
        transition.status === 'resolved' ? now : null,
        JSON.stringify(detail),
        rawText,
      ) as { seq: number }
      for (const n of transition.notes) addNote(seq, now, n)
      if (afterDeploy) addNote(seq, now, { type: 'note', actor: 'hookbell', text: `after deploy ${afterDeploy.revision}` })
      indexText(seq, event.title, detail, event.app ?? null, event.environment ?? null, true)
      return { incident: toIncident(stmt.byId.get(id) as unknown as IncidentRow), transition }
    }

    const transition = applyEvent(stateOf(row), event)
    for (const n of transition.notes) addNote(row.seq, now, n)
    if (!transition.stale) {
      const previous = JSON.parse(row.detail) as Detail
      const detail = transition.updateDetail ? detailOf(event, previous) : previous
      const title = transition.updateDetail ? event.title : row.title
      const app = event.app ?? row.app
      const env = event.environment ?? row.environment
      stmt.update.run(
        title,
        transition.severity,
        transition.status,
        row.occurrences + (transition.occurrence ? 1 : 0),
        transition.occurrence ? Math.max(row.last_seen_at, at) : row.last_seen_at,
        app,
        env,
        event.url ?? row.url,
        event.sourceTimestamp ?? row.source_ts,
        transition.status === 'resolved' ? (row.status === 'resolved' ? null : now) : null,
        JSON.stringify(detail),
        rawText,
        row.seq,
      )
      if (transition.updateDetail) indexText(row.seq, title, detail, app, env, false)
    }
    return { incident: toIncident(stmt.byId.get(row.id) as unknown as IncidentRow), transition }
  }

  function rowOrThrow(id: string): IncidentRow {
    const row = stmt.byId.get(id) as IncidentRow | undefined
    if (!row) throw notFound(`no incident ${id}`)
    return row
  }

  /** A user's acknowledge, resolve, reopen or snooze: the lifecycle decides, this writes what it decided. */
  function act(id: string, action: UserAction, now: number): ActResult {
    return transaction(db, () => {
      const row = rowOrThrow(id)
      const decision = decide(stateOf(row), { by: 'user', action })
      if (!decision.ok) return decision
      const { transition } = decision
      if (isNoop(transition)) return { ok: true, changed: false, incident: toIncident(row), transition }
      if (transition.status !== row.status)
        stmt.setStatus.run(transition.status, transition.status === 'resolved' ? now : null, row.seq)
      if (transition.snoozedUntil !== undefined) stmt.setSnooze.run(transition.snoozedUntil, row.seq)
      for (const n of transition.notes) addNote(row.seq, now, n)
      return { ok: true, changed: true, incident: toIncident(rowOrThrow(id)), transition }
    })
  }

  function markRead(id: string, now: number): Incident {
    const row = rowOrThrow(id)
    stmt.setRead.run(now, row.seq)
    return toIncident(rowOrThrow(id))
  }

  function note(id: string, type: TimelineType, text: string, now: number): void {
    addNote(rowOrThrow(id).seq, now, { type, actor: 'hookbell', text })
  }

  function get(id: string): Incident | undefined {
    const row = stmt.byId.get(id) as IncidentRow | undefined
    return row ? toIncident(row) : undefined
  }

  function getDetail(id: string): IncidentDetail {
    const row = rowOrThrow(id)
    const timeline = (stmt.timeline.all(row.seq) as unknown as TimelineRow[]).map(toTimeline)
    return { ...toIncident(row), timeline, raw: row.raw ? (JSON.parse(row.raw) as RawSnapshot) : null }
  }

  function where(query: IncidentQuery, alias = ''): { sql: string; params: (string | number)[] } {
    const clauses: string[] = []
    const params: (string | number)[] = []
    const inList = (column: string, values: readonly string[] | undefined) => {
      if (!values || values.length === 0) return
      clauses.push(`${alias}${column} IN (${values.map(() => '?').join(', ')})`)
      params.push(...values)
    }
    inList('status', query.status)
    inList('severity', query.severity)
    inList('integration_id', query.integration)
    inList('kind', query.kind)
    return { sql: clauses.length ? clauses.join(' AND ') : '1', params }
  }

  function page(rows: IncidentRow[], limit: number, cursorOf: (row: IncidentRow) => string) {
    const shown = rows.slice(0, limit)
    const last = shown[shown.length - 1]
    return { incidents: shown.map(toIncident), nextCursor: rows.length > limit && last ? cursorOf(last) : null }
  }

  /**
   * Newest first, keyset-paginated: page cost does not grow with history. Lists order by last seen. A search
   * orders by first seen instead (newest match first): walking the full-text index backwards stops after
   * one page, where sorting every match by last seen would touch all of them (a common word matches most
   * of 100k incidents; `npm run bench -- store`).
   */
  function list(query: IncidentQuery): { incidents: Incident[]; nextCursor: string | null } {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500)
    const match = query.q ? toFtsQuery(query.q) : null
    if (match) {
      const { sql, params } = where(query, 'i.')
      let keyset = ''
      if (query.cursor) {
        keyset = ' AND f.rowid < ?'
        params.push(decodeCursor(query.cursor)[1])
      }
      const rows = db
        .prepare(
          `SELECT ${LIST_COLUMNS.split(', ')
            .map((c) => `i.${c}`)
            .join(', ')} FROM incidents_fts f JOIN incidents i ON i.seq = f.rowid
           WHERE incidents_fts MATCH ? AND ${sql}${keyset} ORDER BY f.rowid DESC LIMIT ?`,
        )
        .all(match, ...params, limit + 1) as unknown as IncidentRow[]
      return page(rows, limit, (r) => encodeCursor(0, r.seq))
    }
    const { sql, params } = where(query)
    let keyset = ''
    if (query.cursor) {
      const [lastSeen, seq] = decodeCursor(query.cursor)
      keyset = ' AND (last_seen_at < ? OR (last_seen_at = ? AND seq < ?))'
      params.push(lastSeen, lastSeen, seq)
    }
    const rows = db
      .prepare(`SELECT ${LIST_COLUMNS} FROM incidents WHERE ${sql}${keyset} ORDER BY last_seen_at DESC, seq DESC LIMIT ?`)
      .all(...params, limit + 1) as unknown as IncidentRow[]
    return page(rows, limit, (r) => encodeCursor(r.last_seen_at, r.seq))
  }

  /**
   * Counts per status and severity under the other filters (status counts ignore the status filter). The
   * search text is left out: counting every match of a common word costs far more than the page itself.
   */
  function counts(query: IncidentQuery): IncidentCounts {
    const byStatus = where({ ...query, status: undefined })
    const statusRows = db
      .prepare(`SELECT status AS k, COUNT(*) AS n FROM incidents WHERE ${byStatus.sql} GROUP BY status`)
      .all(...byStatus.params) as { k: Status; n: number }[]
    const bySeverity = where({ ...query, severity: undefined })
    const severityRows = db
      .prepare(`SELECT severity AS k, COUNT(*) AS n FROM incidents WHERE ${bySeverity.sql} GROUP BY severity`)
      .all(...bySeverity.params) as { k: Severity; n: number }[]
    const status = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>
    for (const r of statusRows) status[r.k] = r.n
    const severity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
    for (const r of severityRows) severity[r.k] = r.n
    return { total: statusRows.reduce((sum, r) => sum + r.n, 0), status, severity }
  }

  function openIds(): string[] {
    return (db.prepare(`SELECT id FROM incidents WHERE status = 'open'`).all() as { id: string }[]).map((r) => r.id)
  }

  function totals(): { incidents: number; open: number; worst: Severity | null } {
    const all = db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }
    const open = db.prepare(`SELECT severity, COUNT(*) AS n FROM incidents WHERE status = 'open' GROUP BY severity`).all() as {
      severity: Severity
      n: number
    }[]
    const worst = SEVERITIES.find((s) => open.some((r) => r.severity === s)) ?? null
    return { incidents: all.n, open: open.reduce((sum, r) => sum + r.n, 0), worst }
  }

  /**
   * Retention: resolved incidents older than `resolvedDays`, then the oldest resolved ones beyond
   * `maxIncidents`. Open and acknowledged incidents are never pruned. Works in small batches so ingest,
   * which shares the connection, never waits long; returns how many rows it removed in this batch.
   */
  function pruneBatch(opts: { resolvedDays: number; maxIncidents: number; now: number; batch?: number }): number {
    const batch = opts.batch ?? 500
    const cutoff = opts.now - opts.resolvedDays * 86_400_000
    return transaction(db, () => {
      let seqs = (
        db.prepare(`SELECT seq FROM incidents WHERE status = 'resolved' AND resolved_at < ? LIMIT ?`).all(cutoff, batch) as {
          seq: number
        }[]
      ).map((r) => r.seq)
      if (seqs.length === 0) {
        const { n } = db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }
        const excess = Math.min(n - opts.maxIncidents, batch)
        if (excess > 0) {
          seqs = (
            db.prepare(`SELECT seq FROM incidents WHERE status = 'resolved' ORDER BY last_seen_at ASC LIMIT ?`).all(excess) as {
              seq: number
            }[]
          ).map((r) => r.seq)
        }
      }
      if (seqs.length === 0) return 0
      const list = seqs.join(',')
      db.exec(`DELETE FROM incidents_fts WHERE rowid IN (${list})`)
      db.exec(`DELETE FROM incidents WHERE seq IN (${list})`)
      return seqs.length
    })
  }

  return {
    apply,
    act,
    markRead,
    note,
    get,
    getDetail,
    list,
    counts,
    openIds,
    totals,
    pruneBatch,
  }
}

export type IncidentStore = ReturnType<typeof createIncidentStore>

interface TimelineRow {
  id: number
  at: number
  type: TimelineType
  actor: TimelineEntry['actor']
  text: string
  count: number | null
}

function toTimeline(row: TimelineRow): TimelineEntry {
  const entry: TimelineEntry = {
    id: row.id,
    at: new Date(row.at).toISOString(),
    type: row.type,
    actor: row.actor,
    text: row.text,
  }
  if (row.count !== null && row.count > 1) entry.count = row.count
  return entry
}

function stateOf(row: IncidentRow): IncidentState {
  return { status: row.status as Status, severity: row.severity as Severity, sourceTs: row.source_ts }
}

function toIncident(row: IncidentRow): Incident {
  const detail = JSON.parse(row.detail) as Detail
  const incident: Incident = {
    id: row.id,
    integrationId: row.integration_id,
    provider: row.provider,
    kind: row.kind as Incident['kind'],
    title: row.title,
    severity: row.severity as Severity,
    status: row.status as Status,
    dedupKey: row.dedup_key,
    occurrences: row.occurrences,
    firstSeenAt: new Date(row.first_seen_at).toISOString(),
    lastSeenAt: new Date(row.last_seen_at).toISOString(),
    app: row.app,
    environment: row.environment,
    url: row.url,
    snoozedUntil: row.snoozed_until ? new Date(row.snoozed_until).toISOString() : null,
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  }
  Object.assign(incident, pickDetails(detail))
  if (detail.afterDeploy !== undefined) incident.afterDeploy = detail.afterDeploy
  return incident
}

function encodeCursor(lastSeen: number, seq: number): string {
  return Buffer.from(`${lastSeen}:${seq}`).toString('base64url')
}

function decodeCursor(cursor: string): [number, number] {
  const [a, b] = Buffer.from(cursor, 'base64url').toString().split(':').map(Number)
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b))
    throw badRequest('cursor is not one this server gave out', 'bad_cursor')
  return [a!, b!]
}

/**
 * Turns what a person types into a safe FTS5 query: each word quoted (so `-`, `:` or `"` in it are not FTS
 * syntax), all words required, the last one a prefix so results follow typing.
 */
export function toFtsQuery(input: string): string | null {
  const words = input.match(/[\p{L}\p{N}_]+/gu)
  if (!words || words.length === 0) return null
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ')
}
