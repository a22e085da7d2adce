// The filter chips' counts and the groups' totals, kept up to date from the incidents the window already has,
// so an acknowledge does not cost a counts request. The rules match the core's: status counts ignore the
// status filter, severity counts ignore the severity filter. The caller only adjusts for incidents whose
// place under the search it knows (one it had loaded, or a new one while there is no search).
import type { Incident } from '../../../shared/incident'
import type { GroupTotals, IncidentCounts } from '../../../shared/model'
import type { Filters } from '../lib/route'

export function matches(incident: Incident, f: Filters, skip?: 'status' | 'severity'): boolean {
  if (skip !== 'status' && f.status.length && !f.status.includes(incident.status)) return false
  if (skip !== 'severity' && f.severity.length && !f.severity.includes(incident.severity)) return false
  if (f.integration.length && !f.integration.includes(incident.integrationId)) return false
  if (f.kind.length && !f.kind.includes(incident.kind)) return false
  return true
}

export function adjustCounts(counts: IncidentCounts, before: Incident | null, after: Incident, filters: Filters): IncidentCounts {
  const next = { ...counts, status: { ...counts.status }, severity: { ...counts.severity } }
  if (before && matches(before, filters, 'status')) {
    next.status[before.status]--
    next.total--
  }
  if (matches(after, filters, 'status')) {
    next.status[after.status]++
    next.total++
  }
  if (before && matches(before, filters, 'severity')) next.severity[before.severity]--
  if (matches(after, filters, 'severity')) next.severity[after.severity]++
  return next
}

/** A group's totals after one incident changed: it leaves its old state and enters the new one, if they match. */
export function adjustGroups(
  groups: Record<string, GroupTotals>,
  before: Incident | null,
  after: Incident,
  filters: Filters,
): Record<string, GroupTotals> {
  const next = { ...groups }
  const move = (incident: Incident | null, delta: 1 | -1) => {
    const key = incident?.group?.key
    const totals = key ? next[key] : undefined
    if (!incident || !key || !totals || !matches(incident, filters)) return
    next[key] = {
      ...totals,
      count: totals.count + delta,
      status: { ...totals.status, [incident.status]: totals.status[incident.status] + delta },
      severity: { ...totals.severity, [incident.severity]: totals.severity[incident.severity] + delta },
    }
  }
  move(before, -1)
  move(after, 1)
  return next
}
