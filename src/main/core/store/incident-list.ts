// Reading incidents in bulk: the filtered, keyset-paged list, the counts beside the filters, and the totals
// the tray shows.
import type { Severity, Status } from '../../../shared/incident'
import { SEVERITIES, STATUSES } from '../../../shared/incident'
import type { GroupTotals, IncidentCounts, IncidentPage, IncidentQuery } from '../../../shared/model'
import { badRequest } from '../../../server-common/errors'
import type { Db } from '../../../server-common/sqlite'
import { LIST_COLUMNS, toIncident, type IncidentRow } from './incident-rows'
import { toFtsQuery } from './search-index'

/** How many of a search's newest matches the counts cover (`capped` beyond it). */
export const SEARCH_COUNT_LIMIT = 1000

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

  /**
   * A search's newest SEARCH_COUNT_LIMIT matches, for counting (`capped` when there were more): counting
   * every match of a common word in 100,000 incidents holds the one connection, and ingest with it, for half
   * a second (`npm run bench -- store`). One full-text query, shared by every count of one request.
   */
  function newestMatches(query: IncidentQuery): { ids: string; capped: boolean } | null {
    const match = query.q ? toFtsQuery(query.q) : null
    if (!match) return null
    const rows = db
      .prepare('SELECT rowid AS r FROM incidents_fts WHERE incidents_fts MATCH ? ORDER BY rowid DESC LIMIT ?')
      .all(match, SEARCH_COUNT_LIMIT + 1) as { r: number }[]
    return { ids: JSON.stringify(rows.slice(0, SEARCH_COUNT_LIMIT).map((r) => r.r)), capped: rows.length > SEARCH_COUNT_LIMIT }
  }

  /** The incidents a query matches (search: its newest matches), as `FROM … WHERE …` over the alias `i`. */
  function matching(query: IncidentQuery, search: { ids: string } | null): { sql: string; params: (string | number)[] } {
    const { sql, params } = where(query, 'i.')
    if (!search) return { sql: `FROM incidents i WHERE ${sql}`, params }
    return { sql: `FROM incidents i WHERE i.seq IN (SELECT value FROM json_each(?)) AND ${sql}`, params: [search.ids, ...params] }
  }

  type Search = ReturnType<typeof newestMatches>

  function page(
    query: IncidentQuery,
    rows: IncidentRow[],
    limit: number,
    cursorOf: (row: IncidentRow) => string,
    search?: Search,
  ): IncidentPage {
    const shown = rows.slice(0, limit)
    const last = shown[shown.length - 1]
    const incidents = shown.map(toIncident)
    const keys = [...new Set(incidents.map((i) => i.group?.key).filter((k): k is string => Boolean(k)))]
    return {
      incidents,
      nextCursor: rows.length > limit && last ? cursorOf(last) : null,
      groups: groupTotals(query, keys, search),
    }
  }

  /** Every incident the query matches in each of these groups, by status and severity (not only a page's rows). */
  function groupTotals(query: IncidentQuery, keys: string[], known?: Search): Record<string, GroupTotals> {
    const out: Record<string, GroupTotals> = {}
    if (keys.length === 0) return out
    const inKeys = `group_key IN (${keys.map(() => '?').join(', ')})`
    let capped = false
    let rows: { g: string; s: Status; v: Severity; n: number }[]
    const search = known === undefined ? newestMatches(query) : known
    if (search) {
      capped = search.capped
      const { sql, params } = matching(query, search)
      rows = db
        .prepare(
          `SELECT i.group_key AS g, i.status AS s, i.severity AS v, COUNT(*) AS n ${sql} AND +i.${inKeys} GROUP BY 1, 2, 3`,
        )
        .all(...params, ...keys) as typeof rows
    } else {
      // Without a search, the totals the triggers keep (migration 7): a few rows per group, however large.
      const { sql, params } = where(query)
      rows = db
        .prepare(
          `SELECT group_key AS g, status AS s, severity AS v, SUM(n) AS n FROM group_counts WHERE ${sql} AND ${inKeys} GROUP BY 1, 2, 3`,
        )
        .all(...params, ...keys) as typeof rows
    }
    for (const r of rows) {
      if (r.n <= 0) continue
      const totals = (out[r.g] ??= { count: 0, status: zeros(STATUSES), severity: zeros(SEVERITIES), ...(capped && { capped }) })
      totals.count += r.n
      totals.status[r.s] += r.n
      totals.severity[r.v] += r.n
    }
    return out
  }

  /**
   * Newest first, keyset-paginated: page cost does not grow with history. Lists order by last seen. A search
   * orders by first seen instead (newest match first): walking the full-text index backwards stops after
   * one page, where sorting every match by last seen would touch all of them (a common word matches most
   * of 100k incidents; `npm run bench -- store`).
   */
  function list(query: IncidentQuery): IncidentPage {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500)
    const match = query.q ? toFtsQuery(query.q) : null
    if (match) {
      const { sql, params } = where(query, 'i.')
      const columns = LIST_COLUMNS.split(', ')
        .map((c) => `i.${c}`)
        .join(', ')
      // The first page comes from the newest matches the group totals count anyway: one full-text query for
      // both. Only when the filters leave too few of them is the index walked further.
      if (!query.cursor) {
        const search = newestMatches(query)!
        const rows = db
          .prepare(
            `SELECT ${columns} FROM incidents i WHERE i.seq IN (SELECT value FROM json_each(?)) AND ${sql} ORDER BY i.seq DESC LIMIT ?`,
          )
          .all(search.ids, ...params, limit + 1) as unknown as IncidentRow[]
        if (rows.length > limit || !search.capped) return page(query, rows, limit, (r) => encodeCursor(0, r.seq), search)
      }
      let keyset = ''
      if (query.cursor) {
        keyset = ' AND f.rowid < ?'
        params.push(decodeCursor(query.cursor)[1])
      }
      const rows = db
        .prepare(
          `SELECT ${columns} FROM incidents_fts f JOIN incidents i ON i.seq = f.rowid
           WHERE incidents_fts MATCH ? AND ${sql}${keyset} ORDER BY f.rowid DESC LIMIT ?`,
        )
        .all(match, ...params, limit + 1) as unknown as IncidentRow[]
      return page(query, rows, limit, (r) => encodeCursor(0, r.seq))
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
    return page(query, rows, limit, (r) => encodeCursor(r.last_seen_at, r.seq))
  }

  /**
   * Counts per status and severity under the other filters (status counts ignore the status filter), search
   * included: the chips beside a search say how many of its matches each chip would show.
   */
  function counts(query: IncidentQuery): IncidentCounts {
    const search = newestMatches(query)
    const byStatus = matching({ ...query, status: undefined }, search)
    const statusRows = db
      .prepare(`SELECT i.status AS k, COUNT(*) AS n ${byStatus.sql} GROUP BY i.status`)
      .all(...byStatus.params) as { k: Status; n: number }[]
    const bySeverity = matching({ ...query, severity: undefined }, search)
    const severityRows = db
      .prepare(`SELECT i.severity AS k, COUNT(*) AS n ${bySeverity.sql} GROUP BY i.severity`)
      .all(...bySeverity.params) as { k: Severity; n: number }[]
    const status = zeros(STATUSES)
    for (const r of statusRows) status[r.k] = r.n
    const severity = zeros(SEVERITIES)
    for (const r of severityRows) severity[r.k] = r.n
    return { total: statusRows.reduce((sum, r) => sum + r.n, 0), status, severity, capped: search?.capped ?? false }
  }

  function openIds(): string[] {
    return (db.prepare(`SELECT id FROM incidents WHERE status = 'open'`).all() as { id: string }[]).map((r) => r.id)
  }

  /** For the tray and the badge: what is open, how bad, and how many rows the window lists it as. */
  function totals(): { incidents: number; open: number; openGroups: number; worst: Severity | null } {
    const all = db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }
    const open = db.prepare(`SELECT severity, COUNT(*) AS n FROM incidents WHERE status = 'open' GROUP BY severity`).all() as {
      severity: Severity
      n: number
    }[]
    const worst = SEVERITIES.find((s) => open.some((r) => r.severity === s)) ?? null
    // A group counts once; an incident in no group ('') is its own row.
    const { n: openGroups } = db
      .prepare(
        `SELECT COUNT(DISTINCT CASE WHEN group_key = '' OR group_key IS NULL THEN 'i:' || id ELSE group_key END) AS n
         FROM incidents WHERE status = 'open'`,
      )
      .get() as { n: number }
    return { incidents: all.n, open: open.reduce((sum, r) => sum + r.n, 0), openGroups, worst }
  }

  return { list, counts, openIds, totals }
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
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
