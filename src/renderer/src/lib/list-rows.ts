// The list's rows: incidents in order, with the members of one group (as the core names it) folded into one
// row at the place of its newest member. A group of one is just its incident.
import { SEVERITY_RANK, type Incident, type Severity, type Status } from '../../../shared/incident'

export interface GroupSummary {
  key: string
  label: string
  ids: string[]
  worst: Severity
  status: Record<Status, number>
  lastSeenAt: string
  occurrences: number
}

export type ListRow =
  | { type: 'incident'; key: string; id: string; member: boolean }
  | { type: 'group'; key: string; group: GroupSummary; expanded: boolean }

export function summarize(key: string, members: Incident[]): GroupSummary {
  const status: Record<Status, number> = { open: 0, acknowledged: 0, resolved: 0 }
  let worst: Severity = 'info'
  let occurrences = 0
  for (const m of members) {
    status[m.status]++
    occurrences += m.occurrences
    if (SEVERITY_RANK[m.severity] > SEVERITY_RANK[worst]) worst = m.severity
  }
  return {
    key,
    label: members[0]?.group?.label ?? key,
    ids: members.map((m) => m.id),
    worst,
    status,
    lastSeenAt: members[0]?.lastSeenAt ?? '',
    occurrences,
  }
}

export function buildRows(ids: string[], byId: Record<string, Incident>, expanded: Record<string, boolean>): ListRow[] {
  const members = new Map<string, Incident[]>()
  for (const id of ids) {
    const incident = byId[id]
    const key = incident?.group?.key
    if (!incident || !key) continue
    const list = members.get(key)
    if (list) list.push(incident)
    else members.set(key, [incident])
  }
  const rows: ListRow[] = []
  const placed = new Set<string>()
  for (const id of ids) {
    const incident = byId[id]
    if (!incident) continue
    const key = incident.group?.key
    const group = key ? members.get(key) : undefined
    if (!key || !group || group.length < 2) {
      rows.push({ type: 'incident', key: `i:${id}`, id, member: false })
      continue
    }
    if (placed.has(key)) continue
    placed.add(key)
    const open = Boolean(expanded[key])
    rows.push({ type: 'group', key: `g:${key}`, group: summarize(key, group), expanded: open })
    if (open) for (const m of group) rows.push({ type: 'incident', key: `i:${m.id}`, id: m.id, member: true })
  }
  return rows
}

/** Rows are derived often (every key press, every push); this keeps one answer per input. */
export function createRowsCache() {
  let last: { ids: string[]; byId: Record<string, Incident>; expanded: Record<string, boolean>; rows: ListRow[] } | null = null
  return (ids: string[], byId: Record<string, Incident>, expanded: Record<string, boolean>): ListRow[] => {
    if (last && last.ids === ids && last.byId === byId && last.expanded === expanded) return last.rows
    const rows = buildRows(ids, byId, expanded)
    last = { ids, byId, expanded, rows }
    return rows
  }
}

export const rowsOf = createRowsCache()
