// One zustand store of typed slices. Push events update it through actions wired once (wire-events.ts);
// components read through selectors.
import { createStore, type StateCreator } from 'zustand/vanilla'
import type { DeepPartial, PushEvent } from '../../../shared/contract'
import type { Incident, IncidentDetail } from '../../../shared/incident'
import type { IncidentCounts, IntegrationView, Preferences, ProviderInfo, StatusView } from '../../../shared/model'
import type { TargetView } from '../../../shared/target'
import type { Client } from '../api/client'
import { DEFAULT_FILTERS, type Filters, type SettingsTab } from '../lib/route'

export interface IncidentsSlice {
  filters: Filters
  ids: string[]
  byId: Record<string, Incident>
  nextCursor: string | null
  loading: boolean
  counts: IncidentCounts | null
  selectedId: string | null
  detail: IncidentDetail | null
  setFilters(change: Partial<Filters>): void
  reload(): Promise<void>
  refreshCounts(): Promise<void>
  loadMore(): Promise<void>
  select(id: string | null): Promise<void>
  refreshDetail(): Promise<void>
  act(action: 'acknowledge' | 'resolve' | 'reopen', id: string): Promise<void>
  snooze(id: string, until: string | null): Promise<void>
  forward(id: string, targetId: string): Promise<void>
  received(incident: Incident): void
}

export interface SettingsSlice {
  providers: ProviderInfo[]
  integrations: IntegrationView[]
  targets: TargetView[]
  preferences: Preferences | null
  status: StatusView | null
  loadSettings(): Promise<void>
  refreshStatus(): Promise<void>
  updatePreferences(change: DeepPartial<Preferences>): Promise<void>
}

export interface UiSlice {
  view: 'incidents' | 'settings'
  settingsTab: SettingsTab
  connected: boolean
  notice: { kind: 'error' | 'info'; text: string } | null
  show(view: 'incidents' | 'settings', tab?: SettingsTab): void
  say(kind: 'error' | 'info', text: string): void
  setConnected(connected: boolean): void
}

export type AppState = IncidentsSlice & SettingsSlice & UiSlice

type Slice<T> = StateCreator<AppState, [], [], T>

function matches(incident: Incident, f: Filters): boolean {
  if (f.status.length && !f.status.includes(incident.status)) return false
  if (f.severity.length && !f.severity.includes(incident.severity)) return false
  if (f.integration.length && !f.integration.includes(incident.integrationId)) return false
  if (f.kind.length && !f.kind.includes(incident.kind)) return false
  return true
}

const newestFirst = (a: Incident, b: Incident) => (a.lastSeenAt < b.lastSeenAt ? 1 : a.lastSeenAt > b.lastSeenAt ? -1 : 0)

const createIncidentsSlice =
  (client: Client): Slice<IncidentsSlice> =>
  (set, get) => {
    let generation = 0
    const query = () => {
      const f = get().filters
      return { status: f.status, severity: f.severity, integration: f.integration, kind: f.kind, q: f.q || undefined }
    }
    const guard = async (work: () => Promise<void>) => {
      try {
        await work()
      } catch (error) {
        get().say('error', (error as Error).message)
      }
    }
    return {
      filters: DEFAULT_FILTERS,
      ids: [],
      byId: {},
      nextCursor: null,
      loading: false,
      counts: null,
      selectedId: null,
      detail: null,
      setFilters(change) {
        set({ filters: { ...get().filters, ...change } })
        void get().reload()
      },
      async reload() {
        const mine = ++generation
        set({ loading: true })
        await guard(async () => {
          const [page, counts] = await Promise.all([
            client.call('incidents.list', { ...query(), limit: 200 }),
            client.call('incidents.counts', query()),
          ])
          // A newer filter change won the race: drop this answer.
          if (mine !== generation) return
          set({
            ids: page.incidents.map((i) => i.id),
            byId: Object.fromEntries(page.incidents.map((i) => [i.id, i])),
            nextCursor: page.nextCursor,
            counts,
          })
        })
        if (mine === generation) set({ loading: false })
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
        await guard(async () => {
          const page = await client.call('incidents.list', { ...query(), limit: 200, cursor: nextCursor })
          if (mine !== generation) return
          const byId = { ...get().byId }
          const ids = [...get().ids]
          for (const i of page.incidents) {
            if (!byId[i.id]) ids.push(i.id)
            byId[i.id] = i
          }
          set({ ids, byId, nextCursor: page.nextCursor })
        })
        set({ loading: false })
      },
      async select(id) {
        set({ selectedId: id, detail: id && get().detail?.id === id ? get().detail : null })
        if (!id) return
        await guard(async () => {
          const detail = await client.call('incidents.get', { id })
          if (get().selectedId !== id) return
          set({ detail })
          if (!detail.readAt) {
            const read = await client.call('incidents.markRead', { id })
            // Only the unread marker changed: no need to fetch the detail again.
            set({ byId: { ...get().byId, [id]: read }, detail: get().selectedId === id ? { ...detail, ...read } : get().detail })
          }
        })
      },
      async refreshDetail() {
        const id = get().selectedId
        if (!id) return
        await guard(async () => {
          const detail = await client.call('incidents.get', { id })
          if (get().selectedId === id) set({ detail })
        })
      },
      async act(action, id) {
        await guard(async () => {
          const method = `incidents.${action}` as const
          const incident = await client.call(method, { id })
          get().received(incident)
          void get().refreshCounts()
        })
      },
      async snooze(id, until) {
        await guard(async () => get().received(await client.call('incidents.snooze', { id, until })))
      },
      async forward(id, targetId) {
        await guard(async () => {
          await client.call('incidents.forward', { id, targetId })
          get().say('info', 'Forward queued; its result will appear in the timeline.')
          await get().refreshDetail()
        })
      },
      received(incident) {
        const { byId, ids, filters, selectedId } = get()
        const known = Boolean(byId[incident.id])
        const fits = matches(incident, filters) && !filters.q
        const nextById = { ...byId }
        let nextIds = ids
        if (fits || known) nextById[incident.id] = incident
        if (fits && !known) {
          // Insert in place (newest first) without re-sorting the whole list.
          const at = ids.findIndex((id) => {
            const other = byId[id]
            return other !== undefined && newestFirst(incident, other) <= 0
          })
          nextIds = [...ids]
          nextIds.splice(at === -1 ? ids.length : at, 0, incident.id)
        } else if (known && !matches(incident, filters)) {
          // Keep it visible while it is the one being looked at; it goes on the next reload.
          if (incident.id !== selectedId) nextIds = ids.filter((id) => id !== incident.id)
        } else if (known && byId[incident.id]!.lastSeenAt !== incident.lastSeenAt) {
          nextIds = [incident.id, ...ids.filter((id) => id !== incident.id)].sort((a, b) =>
            newestFirst(nextById[a]!, nextById[b]!),
          )
        }
        set({ byId: nextById, ids: nextIds })
        if (selectedId === incident.id) void get().refreshDetail()
      },
    }
  }

const createSettingsSlice =
  (client: Client): Slice<SettingsSlice> =>
  (set, get) => ({
    providers: [],
    integrations: [],
    targets: [],
    preferences: null,
    status: null,
    async loadSettings() {
      try {
        const [providers, integrations, targets, preferences, status] = await Promise.all([
          client.call('providers.list', {}),
          client.call('integrations.list', {}),
          client.call('targets.list', {}),
          client.call('settings.get', {}),
          client.call('status.get', {}),
        ])
        set({ providers, integrations, targets, preferences, status })
      } catch (error) {
        get().say('error', (error as Error).message)
      }
    },
    async refreshStatus() {
      try {
        set({ status: await client.call('status.get', {}) })
      } catch {
        // The connection indicator already says what is wrong.
      }
    },
    async updatePreferences(change) {
      try {
        set({ preferences: await client.call('settings.update', change) })
        await get().refreshStatus()
      } catch (error) {
        get().say('error', (error as Error).message)
      }
    },
  })

const createUiSlice: Slice<UiSlice> = (set) => ({
  view: 'incidents',
  settingsTab: 'integrations',
  connected: false,
  notice: null,
  show: (view, tab) => set((s) => ({ view, settingsTab: tab ?? s.settingsTab })),
  say: (kind, text) => set({ notice: { kind, text } }),
  setConnected: (connected) => set({ connected }),
})

export function createAppStore(client: Client) {
  return createStore<AppState>()((...a) => ({
    ...createIncidentsSlice(client)(...a),
    ...createSettingsSlice(client)(...a),
    ...createUiSlice(...a),
  }))
}

export type AppStore = ReturnType<typeof createAppStore>

/** Push events → store actions, wired once outside React. */
export function wireEvents(store: AppStore, client: Client): () => void {
  // Bursts of events refresh status and counts once.
  let statusTimer: ReturnType<typeof setTimeout> | null = null
  const refreshStatusSoon = (counts = false) => {
    wantCounts ||= counts
    statusTimer ??= setTimeout(() => {
      statusTimer = null
      void store.getState().refreshStatus()
      if (wantCounts) void store.getState().refreshCounts()
      wantCounts = false
    }, 300)
  }
  let wantCounts = false
  return client.subscribe(
    (event: PushEvent) => {
      const state = store.getState()
      switch (event.type) {
        case 'incident.created':
        case 'incident.updated':
          state.received(event.data)
          refreshStatusSoon(true)
          break
        case 'delivery.received':
        case 'delivery.rejected':
          if (state.view === 'settings')
            void client.call('integrations.list', {}).then((integrations) => store.setState({ integrations }))
          break
        case 'relay.status':
        case 'status.changed':
          refreshStatusSoon()
          break
        case 'ui.open':
          if (event.data.view === 'settings') state.show('settings')
          else if (event.data.incidentId) {
            state.show('incidents')
            void state.select(event.data.incidentId)
          }
          break
      }
    },
    (connected) => {
      const was = store.getState().connected
      store.getState().setConnected(connected)
      // Back after a drop: what happened meanwhile is only in the store, so reload.
      if (connected && !was) void store.getState().reload()
    },
  )
}
