// Reading incidents in bulk: the filtered, keyset-paged list, the counts beside the filters, and the totals
// the tray shows.
import type { Incident, Severity, Status } from '../../../shared/incident'
import { SEVERITIES, STATUSES } from '../../../shared/incident'
import type { IncidentCounts, IncidentQuery } from '../../../shared/model'
import { badRequest } from '../../../server-common/errors'
import type { Db } from '../../../server-common/sqlite'
import { LIST_COLUMNS, toIncident, type IncidentRow } from './incident-rows'
import { toFtsQuery } from './search-index'

export function createIncidentList(db: Db) {
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

  return { list, counts, openIds, totals }
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
