// The relay's half of the trust model (README, "What a relay can and cannot do"): it keeps no credential that
// could forge an incident. A delivery's Authorization header is checked against the hashes the readers' apps
// registered for the integration, then removed before the delivery is stored. Each registration belongs to
// the reader that made it, and the delivery records which readers' registrations it matched: a reader is
// told "checked" only for a match with its own (relay-server.ts), so a hash one reader plants vouches to
// nobody else. A delivery without Authorization, for an integration that has a registration, is refused;
// without any registration it is removed unchecked. A tool that sends its secret as is in a header of its own
// (SECRET_HEADERS: Honeybadger-Token) is treated the same way, with that header in place of Authorization.
// Signature headers (HMAC) stay: they prove nothing to whoever cannot compute them.
import { timingSafeEqual } from 'node:crypto'
import { authorizationRule, credentialFrom } from '../server-common/credentials'
import { credentialHash, SECRET_HEADERS, type CredentialVia, type RelayCredentialCheck } from '../server-common/relay-protocol'
import type { ReaderRegistration, RelayStore, StoredCredential } from './store/types'

/** Headers that carry a credential rather than describe the delivery: never stored. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', ...SECRET_HEADERS])

export type CredentialOutcome =
  { ok: true; headers: Record<string, string>; credential: StoredCredential | null } | { ok: false; reason: string }

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

type Match = Extract<StoredCredential, { outcome: 'checked' }>['matches'][number]

/** The credential a registration looks at: Authorization after its scheme, or its own header as is. */
function credentialOf(headers: Record<string, string>, r: ReaderRegistration) {
  if (r.header === null) return credentialFrom(headers.authorization, authorizationRule({ authScheme: r.scheme }), WHERE)
  const value = headers[r.header]?.trim()
  return value
    ? { ok: true as const, credential: value, via: 'header' as const }
    : { ok: false as const, reason: `the ${r.header} header is missing: the tool sends its token there` }
}

/** The readers whose own registration the delivery's credential matches, or why it cannot be read for any. */
function matchAll(headers: Record<string, string>, registered: ReaderRegistration[]): { found: Match[] } | { reason: string } {
  const found: Match[] = []
  let unreadable: string | null = null
  let readable = 0
  let via: CredentialVia = 'scheme'
  let header: string | null = null
  for (const r of registered) {
    const read = credentialOf(headers, r)
    if (!read.ok) {
      unreadable ??= read.reason
      continue
    }
    readable++
    via = read.via
    header = r.header
    // Every hash is tried (no early exit), so timing does not tell which secret matched.
    let matched = false
    for (const h of r.hashes) if (matches(credentialHash(h.salt, read.credential), h.hash)) matched = true
    if (matched) found.push({ reader: r.reader, via: read.via, scheme: r.header ?? r.scheme })
  }
  if (found.length > 0) return { found }
  // Not readable under any registration's scheme (Token where Bearer is expected, or missing): say how.
  if (readable === 0 && unreadable !== null) return { reason: unreadable }
  const what =
    via === 'basic'
      ? 'Authorization basic-auth password does'
      : header
        ? `the ${header} header does`
        : 'Authorization credentials do'
  return { reason: `${what} not match the credential the app registered for this integration` }
}

/** The headers to store and what the relay did with the credential, or why the delivery is refused (401). */
export async function checkCredential(
  store: RelayStore,
  channel: string,
  integrationId: string | null,
  headers: Record<string, string>,
): Promise<CredentialOutcome> {
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name)))
  const presented = headers.authorization !== undefined || SECRET_HEADERS.some((name) => headers[name] !== undefined)
  // Signed and without a credential: stored as it came whatever was registered (below), so not looked up.
  if (!presented && isSigned(headers)) return { ok: true, headers: kept, credential: null }
  const registered = integrationId ? await store.credentialsFor(channel, integrationId) : []
  if (!presented) {
    // A provider that signs its body is stored as it came: the app verifies the signature (Grafana accepts
    // its HMAC header or a token, and is registered for the token). So is a delivery for an integration
    // with no registration (the app decides). But one with neither, for an integration an app registered a
    // credential for, would be stored, answered 202 and refused by the app, so the tool would never learn
    // it is misconfigured: refused here with the reason, like a mismatch.
    if (registered.length === 0 || isSigned(headers)) return { ok: true, headers: kept, credential: null }
  }
  if (registered.length === 0) return { ok: true, headers: kept, credential: { outcome: 'removed' } }
  const outcome = matchAll(headers, registered)
  if ('reason' in outcome) return { ok: false, reason: outcome.reason }
  return { ok: true, headers: kept, credential: { outcome: 'checked', integrationId: integrationId!, matches: outcome.found } }
}

/**
 * What the relay tells `reader` it did: "checked" only when the credential matched that reader's own
 * registration. A match with another reader's (one that reader may have planted) vouches to nobody else;
 * a check stored before registrations had owners (no `matches`) vouches to nobody.
 */
export function credentialForReader(stored: StoredCredential, reader: string): RelayCredentialCheck {
  if (stored.outcome !== 'checked' || !Array.isArray(stored.matches)) return { outcome: 'removed' }
  const own = stored.matches.find((m) => m.reader === reader)
  return own
    ? { outcome: 'checked', integrationId: stored.integrationId, via: own.via, scheme: own.scheme }
    : { outcome: 'removed' }
}
