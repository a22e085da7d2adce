// One zustand store of typed slices. Push events update it through actions wired once (wireEvents below);
// components read through selectors.
import { createStore, type StateCreator } from 'zustand/vanilla'
import type { PushEvent } from '../../../shared/contract'
import type { Client } from '../api/client'
import { createIncidentsSlice, type IncidentsSlice } from './incidents-slice'
import { createSelectionSlice, type SelectionSlice } from './selection-slice'
import { createSettingsSlice, type SettingsSlice } from './settings-slice'
import { createUiSlice, type UiSlice } from './ui-slice'

export type { IncidentsSlice } from './incidents-slice'
export type { SelectionSlice, Subject } from './selection-slice'
export type { SettingsSlice } from './settings-slice'
export type { UiSlice } from './ui-slice'

export type AppState = IncidentsSlice & SelectionSlice & SettingsSlice & UiSlice

export type Slice<T> = StateCreator<AppState, [], [], T>

export function createAppStore(client: Client) {
  return createStore<AppState>()((...a) => ({
    ...createIncidentsSlice(client)(...a),
    ...createSelectionSlice(...a),
    ...createSettingsSlice(client)(...a),
    ...createUiSlice(...a),
  }))
}

export type AppStore = ReturnType<typeof createAppStore>

/** Push events → store actions, wired once outside React. */
export function wireEvents(store: AppStore, client: Client): () => void {
  return client.subscribe(
    (event: PushEvent) => {
      const state = store.getState()
      switch (event.type) {
        case 'incident.created':
        case 'incident.updated':
          state.received(event.data)
          break
        case 'incidents.changed':
          // A storm, coalesced by the core: one reload of the page in view instead of one update each.
          void state.reload()
          if (state.selectedId) void state.refreshDetail()
          break
        case 'delivery.received':
        case 'delivery.rejected':
          if (state.view === 'settings')
            void client.call('integrations.list', {}).then((integrations) => store.setState({ integrations }))
          break
        case 'relay.status':
          if (state.status) store.setState({ status: { ...state.status, relay: event.data } })
          break
        case 'status.changed':
          store.setState({ status: event.data })
          break
        case 'ui.open':
          if (event.data.view === 'settings') state.show('settings')
          else if (event.data.incidentId) state.openIncident(event.data.incidentId)
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
