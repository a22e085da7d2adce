// The relay's half of the trust model (README, "What a relay can and cannot do"): it keeps no credential that
// could forge an incident. A delivery's Authorization header is checked against the hash the app registered
// for the integration, then removed before the delivery is stored; a delivery without one, for an integration
// that has a registration, is refused. Without a registration it is removed unchecked. Signature headers (HMAC) stay: they prove nothing to whoever cannot compute them.
import { timingSafeEqual } from 'node:crypto'
import { authorizationRule, credentialFrom } from '../server-common/credentials'
import { credentialHash, type RelayCredentialCheck } from '../server-common/relay-protocol'
import type { RelayStore } from './store/types'

/** Headers that carry a credential rather than describe the delivery: never stored. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie']

export type CredentialOutcome =
  { ok: true; headers: Record<string, string>; credential: RelayCredentialCheck | null } | { ok: false; reason: string }

const WHERE = { tool: 'the tool', setting: 'Authorization (token or basic-auth password)' }

function matches(hash: string, expected: string): boolean {
  const a = Buffer.from(hash, 'hex')
  const b = Buffer.from(expected, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Whether a delivery carries a signature header (X-Grafana-Alerting-Signature, X-Signature...) for the app to check. */
function isSigned(headers: Record<string, string>): boolean {
  return Object.entries(headers).some(([name, value]) => name.includes('signature') && value.trim() !== '')
}

/** The headers to store and what the relay did with the credential, or why the delivery is refused (401). */
export async function checkCredential(
  store: RelayStore,
  channel: string,
  integrationId: string | null,
  headers: Record<string, string>,
): Promise<CredentialOutcome> {
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name)))
  // Signed and without Authorization: stored as it came whatever was registered (below), so not looked up.
  if (headers.authorization === undefined && isSigned(headers)) return { ok: true, headers: kept, credential: null }
  const registered = integrationId ? await store.credentialFor(channel, integrationId) : null
  if (headers.authorization === undefined) {
    // A provider that signs its body is stored as it came: the app verifies the signature (Grafana accepts
    // its HMAC header or a token, and is registered for the token). So is a delivery for an integration
    // with no registration (the app decides). But one with neither, for an integration the app registered a
    // credential for, would be stored, answered 202 and refused by the app, so the tool would never learn
    // it is misconfigured: refused here with the reason, like a mismatch.
    if (!registered || isSigned(headers)) return { ok: true, headers: kept, credential: null }
  }
  if (!registered) return { ok: true, headers: kept, credential: { outcome: 'removed' } }
  const found = credentialFrom(headers.authorization, authorizationRule({ authScheme: registered.scheme }), WHERE)
  if (!found.ok) return { ok: false, reason: found.reason }
  // Every hash is tried (no early exit), so timing does not tell which secret matched.
  let matched = false
  for (const h of registered.hashes) if (matches(credentialHash(h.salt, found.credential), h.hash)) matched = true
  if (!matched)
    return {
      ok: false,
      reason: `Authorization ${found.via === 'basic' ? 'basic-auth password' : 'credentials'} do not match the credential the app registered for this integration`,
    }
  return {
    ok: true,
    headers: kept,
    credential: { outcome: 'checked', integrationId: integrationId!, via: found.via, scheme: registered.scheme },
  }
}
