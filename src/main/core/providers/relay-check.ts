// What the relay did with a relayed delivery's Authorization header, carried on the request as a header the
// app's poller sets (relay/relay-items.ts), so that verification, the delivery log and replay all see it.
// It counts only on requests that came through the relay (`via: 'relay'`): a direct sender can write any
// header, and the poller removes any copy of it that arrived with the delivery before setting its own.
import type { CredentialVia } from '../../../server-common/relay-protocol'
import type { RawRequest } from './types'

export const RELAY_CHECK_HEADER = 'x-hookbell-relay'

export interface RelayCheck {
  /** The relay the delivery came through (the configured URL). */
  relay: string
  /**
   * `checked`: the Authorization matched the hash this app registered, and the relay removed it.
   * `removed`: the relay had no hash for the integration and removed it unchecked. `none`: there was none.
   */
  credential: 'checked' | 'removed' | 'none'
  /** For `checked`: the credential came as `<scheme> <token>`, as basic auth, or as is in the header `scheme` names. */
  via?: CredentialVia
  scheme?: string
}

export function encodeRelayCheck(check: RelayCheck): string {
  const params = new URLSearchParams({ relay: check.relay, credential: check.credential })
  if (check.via) params.set('via', check.via)
  if (check.scheme) params.set('scheme', check.scheme)
  return params.toString()
}

/** The relay's word on a relayed request, or null (direct, or no readable header). */
export function relayCheckOf(request: RawRequest): RelayCheck | null {
  const value = request.via === 'relay' ? request.headers[RELAY_CHECK_HEADER] : undefined
  if (!value) return null
  const params = new URLSearchParams(value)
  const relay = params.get('relay')
  const credential = params.get('credential')
  if (!relay || (credential !== 'checked' && credential !== 'removed' && credential !== 'none')) return null
  const via = params.get('via')
  const check: RelayCheck = { relay, credential }
  if (via === 'scheme' || via === 'basic' || via === 'header') check.via = via
  const scheme = params.get('scheme')
  if (scheme) check.scheme = scheme
  return check
}

/** "Bearer token", "basic-auth password" or "Honeybadger-Token header": what a check looked at, in words. */
export function credentialWords(via: CredentialVia | undefined, scheme: string | undefined): string {
  if (via === 'basic') return 'basic-auth password'
  if (via === 'header') return `${headerName(scheme ?? 'token')} header`
  return `${scheme ?? 'Bearer'} token`
}

/** honeybadger-token → Honeybadger-Token, as the tool's docs write it. */
function headerName(lower: string): string {
  return lower.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())
}
