// Incidents in the window: the list under the filters, the one being looked at, and what the user does to
// them. One update path: an action applies its own answer, and the pushed event that echoes it is dropped;
// a push that is not an echo is applied once. An action costs its own request and at most one refresh.
import type { BulkAction, BulkResult, GroupTotals, IncidentCounts, IncidentQuery, RestoreItem } from '../../../shared/model'
import type { Incident, IncidentDetail } from '../../../shared/incident'
import type { Client } from '../api/client'
import { rowsOf } from '../lib/list-rows'
import { DEFAULT_FILTERS, type Filters } from '../lib/route'
import { adjustCounts, adjustGroups, matches } from './counts'
import type { Subject } from './selection-slice'
import type { Slice } from './store'

export type PushOutcome = 'echo' | 'queued' | 'applied' | 'unknown'

export interface IncidentsSlice {
  filters: Filters
  ids: string[]
  byId: Record<string, Incident>
  nextCursor: string | null
  loading: boolean
  /** False until the first list answer: the first-run screen must not flash before incidents load. */
  loaded: boolean
  counts: IncidentCounts | null
  /** The core's totals for the loaded groups, under the filter and search (every match, not only loaded rows). */
  groups: Record<string, GroupTotals>
  selectedId: string | null
  selectedGroup: string | null
  detail: IncidentDetail | null
  setFilters(change: Partial<Filters>): void
  reload(): Promise<void>
  refreshCounts(): Promise<void>
  loadMore(): Promise<void>
  select(id: string | null): Promise<void>
  selectGroup(key: string): void
  refreshDetail(): Promise<void>
  perform(action: BulkAction, subject: Subject, until?: string | null): Promise<void>
  act(action: 'acknowledge' | 'resolve' | 'reopen', id: string): Promise<void>
  snooze(id: string, until: string | null): Promise<void>
  forward(id: string, targetId: string): Promise<void>
  undo(): Promise<void>
  received(incident: Incident): PushOutcome
}

const newestFirst = (a: Incident, b: Incident) => (a.lastSeenAt < b.lastSeenAt ? 1 : a.lastSeenAt > b.lastSeenAt ? -1 : 0)

/** The fields a change can touch: equal keys mean the window already shows this state. */
const keyOf = (i: Incident) => [i.status, i.severity, i.occurrences, i.lastSeenAt, i.snoozedUntil, i.readAt, i.title].join('|')

const VERB: Record<BulkAction, string> = {
  acknowledge: 'Acknowledged',
  resolve: 'Resolved',
  reopen: 'Reopened',
  snooze: 'Snoozed',
}

function strip(detail: IncidentDetail): Incident {
  const { timeline: _t, raw: _r, ...incident } = detail
  return incident
}

export const createIncidentsSlice =
  (client: Client): Slice<IncidentsSlice> =>
  (set, get) => {
    let generation = 0
    let busy = 0
    let queued: Incident[] = []
    const echoes = new Map<string, string>()

    const query = (): IncidentQuery => {
      const f = get().filters
      return { status: f.status, severity: f.severity, integration: f.integration, kind: f.kind, q: f.q || undefined }
    }

    /** Runs one user action; pushes that arrive meanwhile wait, so an echo is recognised, not applied twice. */
    const own = async (work: () => Promise<void>) => {
      busy++
      try {
        await work()
      } catch (error) {
        get().say('error', (error as Error).message)
      } finally {
        busy--
        if (busy === 0 && queued.length) {
          const waiting = queued
          queued = []
          for (const incident of waiting) get().received(incident)
        }
      }
    }

    // Pushes from the sources come in bursts: one status (and, when needed, counts) request per burst.
    let soonTimer: ReturnType<typeof setTimeout> | null = null
    let soonCounts = false
    const refreshSoon = (counts: boolean) => {
      soonCounts ||= counts
      soonTimer ??= setTimeout(() => {
        soonTimer = null
        void get().refreshStatus()
        if (soonCounts) void get().refreshCounts()
        soonCounts = false
      }, 300)
    }

    /** Puts one incident's new state into the list and the counts. Returns false if its old state was unknown. */
    const place = (incident: Incident): boolean => {
      const { byId, ids, filters, selectedId, counts, groups } = get()
      const before = byId[incident.id] ?? null
      const fits = matches(incident, filters) && !filters.q
      const nextById = { ...byId }
      let nextIds = ids
      if (fits || before) nextById[incident.id] = incident
      if (fits && !before) {
        // Insert in place (newest first) without re-sorting the whole list.
        const at = ids.findIndex((id) => {
          const other = byId[id]
          return other !== undefined && newestFirst(incident, other) <= 0
        })
        nextIds = [...ids]
        nextIds.splice(at === -1 ? ids.length : at, 0, incident.id)
      } else if (before && !matches(incident, filters)) {
        // Keep it visible while it is the one being looked at; it goes on the next reload.
        if (incident.id !== selectedId) nextIds = ids.filter((id) => id !== incident.id)
      } else if (before && before.lastSeenAt !== incident.lastSeenAt) {
        nextIds = [incident.id, ...ids.filter((id) => id !== incident.id)].sort((a, b) => newestFirst(nextById[a]!, nextById[b]!))
      }
      // A new incident is known to have been nowhere before; an update of one never loaded is not. Under a
      // search, whether a new one matches is the core's to say: the counts are asked for again.
      const knownBefore = before !== null || (incident.firstSeenAt === incident.lastSeenAt && !filters.q)
      const nextCounts = counts && knownBefore ? adjustCounts(counts, before, incident, filters) : counts
      const detail = get().detail
      set({
        byId: nextById,
        ids: nextIds,
        counts: nextCounts,
        groups: knownBefore ? adjustGroups(groups, before, incident, filters) : groups,
        detail: detail && detail.id === incident.id ? { ...detail, ...incident } : detail,
      })
      return knownBefore
    }

    /** After the user's own change: apply the answers and remember them, so their echoes are dropped. */
    const applyOwn = (incidents: Incident[]) => {
      for (const incident of incidents) {
        if (get().byId[incident.id] && keyOf(get().byId[incident.id]!) === keyOf(incident)) continue
        echoes.set(incident.id, keyOf(incident))
        place(incident)
      }
    }

    /** When the incident being looked at left the filter by the user's hand, look at its neighbour instead. */
    const moveOnIfGone = async (id: string) => {
      const s = get()
      if (s.selectedId !== id) return
      const incident = s.byId[id]
      if (!incident || matches(incident, s.filters)) return
      const rows = rowsOf(s.ids, s.byId, s.expanded, s.groups)
      const at = rows.findIndex((r) => r.type === 'incident' && r.id === id)
      const ids = s.ids.filter((other) => other !== id)
      set({ ids })
      const after = rowsOf(ids, s.byId, s.expanded, s.groups)
      const next = after[Math.min(Math.max(at, 0), after.length - 1)]
      if (!next) await get().select(null)
      else if (next.type === 'group') get().selectGroup(next.group.key)
      else await get().select(next.id)
    }

    // An action's answer hands the keys back to the list, unless the user went on while it was on its way
    // (pressed s and the snooze menu opened, opened the help, or sent focus elsewhere): a late answer must
    // not pull focus out of the menu, where the next Enter would then act on the list instead.
    const focusNow = () => get().focus?.seq
    const backToList = (since: number | undefined) => {
      const s = get()
      if (s.menu || s.help || s.focus?.seq !== since) return
      s.requestFocus('list')
    }

    const offerUndo = (action: BulkAction, result: { count: number; previous: RestoreItem[] }, what: string) => {
      if (result.count === 0) {
        get().say(
          'info',
          `Nothing to ${action === 'snooze' ? 'snooze' : action}: ${what} already ${action === 'snooze' ? 'resolved' : 'there'}.`,
        )
        return
      }
      get().toastUndo(`${VERB[action]} ${what}`, result.previous)
    }

    const afterBulk = async (result: BulkResult) => {
      // A group's members beyond the loaded rows changed too: their totals are the core's to give again.
      const unloaded = result.incidents.some((i) => !get().byId[i.id])
      applyOwn(result.incidents)
      // More changed than the answer carries: the one refresh is the list itself.
      if (result.truncated || unloaded) await get().reload()
    }

    return {
      filters: DEFAULT_FILTERS,
      ids: [],
      byId: {},
      nextCursor: null,
      loading: false,
      loaded: false,
      counts: null,
      groups: {},
      selectedId: null,
      selectedGroup: null,
      detail: null,
      setFilters(change) {
        set({ filters: { ...get().filters, ...change }, checked: {}, allMatching: false })
        void get().reload()
      },
      async reload() {
        const mine = ++generation
        set({ loading: true })
        try {
          const [page, counts] = await Promise.all([
            client.call('incidents.list', { ...query(), limit: 200 }),
            client.call('incidents.counts', query()),
          ])
          // A newer filter change won the race: drop this answer.
          if (mine !== generation) return
          const ids = page.incidents.map((i) => i.id)
          set({
            ids,
            byId: Object.fromEntries(page.incidents.map((i) => [i.id, i])),
            nextCursor: page.nextCursor,
            counts,
            groups: page.groups ?? {},
          })
          // The detail never shows an incident the filter no longer lists.
          const { selectedId } = get()
          if (selectedId && !ids.includes(selectedId)) set({ selectedId: null, detail: null })
        } catch (error) {
          get().say('error', (error as Error).message)
        } finally {
          if (mine === generation) set({ loading: false, loaded: true })
        }
      },
      async refreshCounts() {
        try {
          set({ counts: await client.call('incidents.counts', query()) })
        } catch {
          // Counts are a convenience: the next reload brings them back.
        }
      },
      async loadMore() {
        const { nextCursor, loading } = get()
        if (!nextCursor || loading) return
        const mine = generation
        set({ loading: true })
        try {
          const page = await client.call('incidents.list', { ...query(), limit: 200, cursor: nextCursor })
          if (mine !== generation) return
          const byId = { ...get().byId }
          const ids = [...get().ids]
          for (const i of page.incidents) {
            if (!byId[i.id]) ids.push(i.id)
            byId[i.id] = i
          }
          set({ ids, byId, nextCursor: page.nextCursor, groups: { ...get().groups, ...(page.groups ?? {}) } })
        } catch (error) {
          get().say('error', (error as Error).message)
        } finally {
          set({ loading: false })
        }
      },
      async select(id) {
        set({ selectedId: id, selectedGroup: null, detail: id && get().detail?.id === id ? get().detail : null })
        if (!id) return
        // Opened from a toast, the tray or a group's member list: its row is shown inside its group.
        const s = get()
        const key = s.byId[id]?.group?.key
        if (key && !s.expanded[key] && rowsOf(s.ids, s.byId, s.expanded, s.groups).some((r) => r.key === `g:${key}`))
          s.toggleExpanded(key)
        await own(async () => {
          // One request: the detail, marked read on the way.
          const unread = !get().byId[id]?.readAt
          const detail = await client.call('incidents.get', unread ? { id, markRead: true } : { id })
          if (get().selectedId !== id) return
          applyOwn([strip(detail)])
          set({ detail })
        })
      },
      selectGroup(key) {
        set({ selectedGroup: key, selectedId: null, detail: null })
      },
      async refreshDetail() {
        const id = get().selectedId
        if (!id) return
        try {
          const detail = await client.call('incidents.get', { id })
          if (get().selectedId === id) set({ detail })
        } catch (error) {
          get().say('error', (error as Error).message)
        }
      },
      async perform(action, subject, until = null) {
        if (subject.kind === 'incident') {
          if (action === 'snooze') return get().snooze(subject.id, until)
          return get().act(action, subject.id)
        }
        const since = focusNow()
        await own(async () => {
          const args =
            subject.kind === 'checked'
              ? { action, until, ids: subject.ids }
              : { action, until, query: query(), group: subject.kind === 'group' ? subject.key : undefined }
          const result = await client.call('incidents.bulk', args)
          await afterBulk(result)
          const what =
            subject.kind === 'group'
              ? `${result.count} in ${get().byId[result.incidents[0]?.id ?? '']?.group?.label ?? 'the group'}`
              : `${result.count} incident${result.count === 1 ? '' : 's'}`
          offerUndo(action, result, what)
          if (subject.kind !== 'group') get().clearChecked()
          backToList(since)
        })
      },
      async act(action, id) {
        const before = get().byId[id]
        const since = focusNow()
        await own(async () => {
          const detail = await client.call(`incidents.${action}`, { id })
          applyOwn([strip(detail)])
          if (get().selectedId === id) set({ detail })
          const previous = before ? [{ id, status: before.status, snoozedUntil: before.snoozedUntil }] : []
          offerUndo(action, { count: before?.status === detail.status ? 0 : 1, previous }, `“${detail.title}”`)
        })
        await moveOnIfGone(id)
        backToList(since)
      },
      async snooze(id, until) {
        const before = get().byId[id]
        const since = focusNow()
        await own(async () => {
          const detail = await client.call('incidents.snooze', { id, until })
          applyOwn([strip(detail)])
          if (get().selectedId === id) set({ detail })
          if (before && until)
            get().toastUndo(`Snoozed “${detail.title}” until ${new Date(until).toLocaleString()}`, [
              { id, status: before.status, snoozedUntil: before.snoozedUntil },
            ])
          else get().say('info', 'Snooze cleared.')
        })
        backToList(since)
      },
      async forward(id, targetId) {
        // The forward's result changes only the timeline, which the echo key cannot see, and the core may
        // coalesce its push with the echo of an action just before (snooze, then forward): that push must
        // refresh the detail, not be dropped as the echo.
        echoes.delete(id)
        const since = focusNow()
        await own(async () => {
          await client.call('incidents.forward', { id, targetId })
          get().say('info', 'Forward queued; its result will appear in the timeline.')
          await get().refreshDetail()
        })
        backToList(since)
      },
      async undo() {
        const toast = get().toast
        if (!toast?.undo) return
        get().dismissToast()
        const since = focusNow()
        await own(async () => {
          const result = await client.call('incidents.restore', { items: toast.undo! })
          await afterBulk(result)
          const id = get().selectedId
          if (id && result.incidents.some((i) => i.id === id)) {
            const incident = get().byId[id]
            const detail = get().detail
            if (incident && detail) set({ detail: { ...detail, ...incident } })
          }
          get().confirm(`Undone: ${toast.text.charAt(0).toLowerCase()}${toast.text.slice(1)}`)
        })
        backToList(since)
      },
      received(incident) {
        if (busy > 0) {
          queued.push(incident)
          return 'queued'
        }
        if (echoes.get(incident.id) === keyOf(incident)) {
          echoes.delete(incident.id)
          return 'echo'
        }
        echoes.delete(incident.id)
        const known = place(incident)
        refreshSoon(!known)
        if (get().selectedId === incident.id) void get().refreshDetail()
        return known ? 'applied' : 'unknown'
      },
    }
  }
