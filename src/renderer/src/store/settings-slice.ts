import type { DeepPartial } from '../../../shared/contract'
import type { IntegrationView, Preferences, PreferencesView, ProviderInfo, StatusView } from '../../../shared/model'
import type { TargetView } from '../../../shared/target'
import type { Client } from '../api/client'
import { learnProviderNames } from '../lib/format'
import type { Slice } from './store'

export interface SettingsSlice {
  providers: ProviderInfo[]
  integrations: IntegrationView[]
  targets: TargetView[]
  /** The read token is write-only: `relay.hasReadToken` says one is stored. */
  preferences: PreferencesView | null
  status: StatusView | null
  loadSettings(): Promise<void>
  refreshStatus(): Promise<void>
  updatePreferences(change: DeepPartial<Preferences>): Promise<void>
}

export const createSettingsSlice =
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
        learnProviderNames(providers)
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
        // The core pushes the new status (status.changed); no second request.
        set({ preferences: await client.call('settings.update', change) })
      } catch (error) {
        get().say('error', (error as Error).message)
      }
    },
  })
