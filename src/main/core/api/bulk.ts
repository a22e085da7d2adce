// Many incidents, one call: the window's multi-select, a group's Acknowledge, "everything matching this
// filter", and Undo. Each incident still goes through the store's single-incident change, so its timeline
// and the forward rules see exactly what a one-by-one click would have produced, and its forwards commit
// with it (incident/effects.ts); what follows the commits runs once per call.
import { BULK_RETURN_LIMIT, type BulkArgs, type BulkResult, type RestoreItem } from '../../../shared/model'
import { STATUSES, type Incident, type Status } from '../../../shared/incident'
import { badRequest } from '../../../server-common/errors'
import type { UserAction } from '../incident/lifecycle'
import { groupOf } from '../groups/group-of'
import type { IncidentStore } from '../store/incident-store'
import type { Effects } from '../incident/effects'
import { optionalString, optionalTime } from './validate'

const ACTIONS = ['acknowledge', 'resolve', 'reopen', 'snooze'] as const
/** The store keeps at most 100,000 incidents by default; a bulk call never walks more than that. */
const MAX_SELECTED = 100_000

export interface BulkDeps {
  incidents: IncidentStore
  now: () => number
  /** Once per bulk call, so the tray and the badge update once, not per incident. */
  effects: Pick<Effects, 'afterCommit'>
}

function snapshot(i: Incident): RestoreItem {
  return { id: i.id, status: i.status, snoozedUntil: i.snoozedUntil }
}

/** The user actions that lead from one status to another (the lifecycle has no "set status"). */
const PATH: Record<Status, Record<Status, UserAction['type'][]>> = {
  open: { open: [], acknowledged: ['acknowledge'], resolved: ['resolve'] },
  acknowledged: { open: ['reopen'], acknowledged: [], resolved: ['resolve'] },
  resolved: { open: ['reopen'], acknowledged: ['reopen', 'acknowledge'], resolved: [] },
}

export function createBulk(deps: BulkDeps) {
  const { incidents } = deps

  /** One user action through the lifecycle; a refused one (acknowledge a resolved incident) is skipped. */
  function apply(id: string, action: UserAction): Incident | null {
    const result = incidents.act(id, action, deps.now())
    if (!result.ok || !result.changed) return null
    return result.incident
  }

  function select(args: BulkArgs, listQuery: (q: unknown) => Parameters<IncidentStore['list']>[0]): Incident[] {
    if (Array.isArray(args.ids)) {
      if (args.ids.length > MAX_SELECTED) throw badRequest(`at most ${MAX_SELECTED} ids in one call`)
      return args.ids.map((id) => {
        if (typeof id !== 'string') throw badRequest('ids must be strings')
        const incident = incidents.get(id)
        if (!incident) throw badRequest(`no incident ${id}`, 'not_found')
        return incident
      })
    }
    if (typeof args.query !== 'object' || args.query === null)
      throw badRequest('say which incidents: ids, or a query (with an optional group)')
    const group = optionalString(args, 'group', 500)
    const query = { ...listQuery(args.query), limit: 500, cursor: undefined as string | undefined }
    const chosen: Incident[] = []
    // Walk the filter's pages (keyset-paginated, so each page costs the same) and keep the group's members.
    for (let seen = 0; seen < MAX_SELECTED;) {
      const page = incidents.list(query)
      seen += page.incidents.length
      for (const incident of page.incidents) if (!group || groupOf(incident)?.key === group) chosen.push(incident)
      if (!page.nextCursor) break
      query.cursor = page.nextCursor
    }
    return chosen
  }

  function finish(changed: Incident[], previous: RestoreItem[]): BulkResult {
    deps.effects.afterCommit(changed)
    return {
      count: changed.length,
      incidents: changed.slice(0, BULK_RETURN_LIMIT),
      truncated: changed.length > BULK_RETURN_LIMIT,
      previous,
    }
  }

  function run(args: BulkArgs, listQuery: (q: unknown) => Parameters<IncidentStore['list']>[0]): BulkResult {
    if (typeof args !== 'object' || args === null || !ACTIONS.includes(args.action))
      throw badRequest(`action must be one of ${ACTIONS.join(', ')}`)
    const until = args.action === 'snooze' ? optionalTime(args, 'until') : null
    if (until !== null && until <= deps.now()) throw badRequest('until must be in the future')
    const action: UserAction = args.action === 'snooze' ? { type: 'snooze', until } : { type: args.action }
    const changed: Incident[] = []
    const previous: RestoreItem[] = []
    for (const incident of select(args, listQuery)) {
      const next = apply(incident.id, action)
      if (!next) continue
      changed.push(next)
      previous.push(snapshot(incident))
    }
    return finish(changed, previous)
  }

  function restore(items: unknown): BulkResult {
    if (!Array.isArray(items) || items.length > MAX_SELECTED) throw badRequest('items must be a list of incidents to restore')
    const changed: Incident[] = []
    const previous: RestoreItem[] = []
    for (const item of items as RestoreItem[]) {
      if (typeof item?.id !== 'string' || !STATUSES.includes(item.status))
        throw badRequest('each item needs an id and a status (open, acknowledged, resolved)')
      const until = optionalTime(item, 'snoozedUntil')
      const before = incidents.get(item.id)
      if (!before) continue
      let now: Incident = before
      for (const type of PATH[before.status][item.status]) now = apply(item.id, { type } as UserAction) ?? now
      const beforeUntil = before.snoozedUntil ? Date.parse(before.snoozedUntil) : null
      // A snooze that has run out is not put back: it would end in the past.
      if (beforeUntil !== until && (until === null || until > deps.now())) now = apply(item.id, { type: 'snooze', until }) ?? now
      if (now !== before) {
        changed.push(now)
        previous.push(snapshot(before))
      }
    }
    return finish(changed, previous)
  }

  return { run, restore }
}
