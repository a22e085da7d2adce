// The list's rows: incidents in order, with the members of one group (as the core names it) folded into one
// row at the place of its newest member. A group of one is just its incident. How many a group holds, and
// how bad they are, comes from the core's totals (every match under the filter), not from the loaded rows.
import { SEVERITIES, SEVERITY_RANK, type Incident, type Severity, type Status } from '../../../shared/incident'
import type { GroupTotals } from '../../../shared/model'
import { memberNames } from './member-names'

export interface GroupSummary {
  key: string
  label: string
  /** The loaded members, newest first. */
  ids: string[]
  /** Every member under the filter (the core's total); at least the loaded ones. */
  count: number
  /** Under a search with more matches than the core counts: `count` is a lower bound. */
  capped: boolean
  worst: Severity
  status: Record<Status, number>
  lastSeenAt: string
}

export type ListRow =
  | {
      type: 'incident'
      key: string
      id: string
      member: boolean
      /** A member's name among its group's members: the labels or words that set it apart (member-names.ts). */
      distinct?: string
    }
  | { type: 'group'; key: string; group: GroupSummary; expanded: boolean }

export function summarize(key: string, members: Incident[], totals?: GroupTotals): GroupSummary {
  const status: Record<Status, number> = { open: 0, acknowledged: 0, resolved: 0 }
  let worst: Severity = 'info'
  for (const m of members) {
    status[m.status]++
    if (SEVERITY_RANK[m.severity] > SEVERITY_RANK[worst]) worst = m.severity
  }
  // Totals can trail a push by a moment; the loaded members are a floor.
  const counted = totals && totals.count >= members.length
  return {
    key,
    label: members[0]?.group?.label ?? key,
    ids: members.map((m) => m.id),
    count: counted ? totals.count : members.length,
    capped: Boolean(counted && totals.capped),
    worst: counted ? (SEVERITIES.find((s) => totals.severity[s] > 0) ?? worst) : worst,
    status: counted ? { ...totals.status } : status,
    lastSeenAt: members[0]?.lastSeenAt ?? '',
  }
}

export function buildRows(
  ids: string[],
  byId: Record<string, Incident>,
  expanded: Record<string, boolean>,
  groups: Record<string, GroupTotals> = {},
): ListRow[] {
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
    // One loaded member of a larger group is still the group's row: the rest are further down the filter.
    if (!key || !group || (group.length < 2 && (groups[key]?.count ?? 0) < 2)) {
      rows.push({ type: 'incident', key: `i:${id}`, id, member: false })
      continue
    }
    if (placed.has(key)) continue
    placed.add(key)
    const open = Boolean(expanded[key])
    rows.push({ type: 'group', key: `g:${key}`, group: summarize(key, group, groups[key]), expanded: open })
    if (open) {
      const names = memberNames(group)
      for (const m of group) rows.push({ type: 'incident', key: `i:${m.id}`, id: m.id, member: true, distinct: names[m.id] })
    }
  }
  return rows
}

/** Rows are derived often (every key press, every push); this keeps one answer per input. */
export function createRowsCache() {
  type Input = Parameters<typeof buildRows>
  let last: { input: Input; rows: ListRow[] } | null = null
  return (...input: Input): ListRow[] => {
    if (last && input.every((v, i) => v === last!.input[i])) return last.rows
    const rows = buildRows(...input)
    last = { input, rows }
    return rows
  }
}

export const rowsOf = createRowsCache()
