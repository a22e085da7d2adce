// Preferences as the API shows them: the relay read token is a secret like the integrations' and targets',
// so it is write-only (`hasReadToken`), and an update that leaves it blank keeps the stored one.
import type { DeepPartial } from '../../../shared/contract'
import type { Preferences, PreferencesView } from '../../../shared/model'

export function viewPreferences(p: Preferences): PreferencesView {
  return { ...p, relay: { url: p.relay.url, hasReadToken: Boolean(p.relay.readToken), enabled: p.relay.enabled } }
}

/** The change without a blank or absent read token (kept as stored); null still removes it. */
export function keepingWriteOnly(change: DeepPartial<Preferences>): DeepPartial<Preferences> {
  const relay = change.relay
  if (!relay || typeof relay !== 'object' || !('readToken' in relay)) return change
  if (relay.readToken !== undefined && relay.readToken !== '') return change
  const rest = { ...relay }
  delete rest.readToken
  return { ...change, relay: rest }
}
