// The relay wire format, shared by the relay server and the app's poller.
import { createHmac } from 'node:crypto'

/** One delivery as the relay kept it: verbatim, so the app can verify the provider's own signature. */
export interface RelayedDelivery {
  seq: number
  /** Absent from relays older than team notes; means 'delivery'. */
  kind?: 'delivery'
  receivedAt: number
  method: string
  /** The query string, with its `?` (carries `integration=<id>`). */
  query: string
  headers: Record<string, string>
  /** Raw body bytes, base64. */
  body: string
  /** Set when the relay removed an Authorization header (checked against the app's hash, or not). */
  credential?: RelayCredentialCheck
}

export const TEAM_ACTIONS = ['acknowledged', 'resolved', 'reopened', 'snoozed'] as const
export type TeamAction = (typeof TEAM_ACTIONS)[number]

/**
 * What a teammate did to an incident, posted by their app with its read token. The relay is trusted for
 * these, never for incidents: a note only changes an incident the reader already has.
 */
export interface TeamNote {
  integrationId: string
  dedupKey: string
  action: TeamAction
  /** The teammate's display name (their user-name setting). */
  user: string
  /** When they did it, ISO 8601. */
  at: string
  /** For `snoozed`: until when (ISO 8601), or null when a snooze was cleared. */
  until?: string | null
}

/** A team note in a page; `fromSelf` when the polling reader posted it (nothing to apply). */
export interface RelayedNote {
  seq: number
  kind: 'note'
  receivedAt: number
  note: TeamNote
  /**
   * The reader that posted it, as the relay knows it: its id and the name the operator gave it when adding
   * it. The note's own `user` is only what that reader claims. Null from a relay that predates authorship.
   */
  author?: { reader: string; name: string } | null
  fromSelf: boolean
  // Delivery-shaped fields so an app that predates notes refuses the item (no integration) and moves on.
  method: string
  query: string
  headers: Record<string, string>
  body: string
}

export type RelayItem = RelayedDelivery | RelayedNote

export interface RelayPage {
  deliveries: RelayItem[]
  /** The highest seq the relay holds for the channel (for the lag shown in status). */
  latestSeq: number
}

/** Longest long-poll the relay grants; proxies commonly cut idle requests at 60 s. */
export const MAX_WAIT_SECONDS = 30

const MAX_FIELD = 500

/** Checks a team note from outside (the relay checks what an app posts; the app checks what a relay sends). */
export function parseTeamNote(value: unknown): { note: TeamNote } | { error: string } {
  if (typeof value !== 'object' || value === null) return { error: 'a team note is a JSON object' }
  const v = value as Record<string, unknown>
  for (const field of ['integrationId', 'dedupKey', 'user', 'at'] as const) {
    const s = v[field]
    if (typeof s !== 'string' || s.length === 0 || s.length > MAX_FIELD)
      return { error: `${field} must be a string of 1–${MAX_FIELD} characters` }
  }
  if (!TEAM_ACTIONS.includes(v.action as TeamAction)) return { error: `action must be one of ${TEAM_ACTIONS.join(', ')}` }
  if (Number.isNaN(Date.parse(v.at as string))) return { error: 'at must be an ISO 8601 time' }
  const until = v.until ?? null
  if (until !== null && (typeof until !== 'string' || Number.isNaN(Date.parse(until))))
    return { error: 'until must be an ISO 8601 time or null' }
  return {
    note: {
      integrationId: v.integrationId as string,
      dedupKey: v.dedupKey as string,
      action: v.action as TeamAction,
      user: v.user as string,
      at: new Date(v.at as string).toISOString(),
      ...(v.action === 'snoozed' ? { until: until === null ? null : new Date(until).toISOString() } : {}),
    },
  }
}

/**
 * What the relay did with a delivery's Authorization header before storing it, so that its database never
 * holds a credential that could forge an incident. `checked`: it matched the hash the app registered for the
 * integration and was removed; the relay vouches for the delivery. `removed`: the relay had no hash for the
 * integration, so it removed the credential unchecked and vouches for nothing.
 */
export type RelayCredentialCheck =
  { outcome: 'checked'; integrationId: string; via: CredentialVia; scheme: string } | { outcome: 'removed' }

/**
 * How a checked credential came: after the Authorization scheme, as the basic-auth password, or as is in
 * one of SECRET_HEADERS (then `scheme` names the header).
 */
export type CredentialVia = 'scheme' | 'basic' | 'header'

/**
 * Headers some tools send their secret in as is, where others send Authorization (Honeybadger-Token:
 * https://docs.honeybadger.io/guides/security/; GitLab's X-Gitlab-Token:
 * https://docs.gitlab.com/user/project/integrations/webhooks/#secret-token). The relay treats them as it treats Authorization: checked
 * against a registered hash and never stored, so its database holds nothing that could forge a delivery.
 */
export const SECRET_HEADERS: readonly string[] = ['honeybadger-token', 'x-gitlab-token']

/**
 * A hash of one accepted credential: HMAC-SHA256 keyed with a random salt. Fast on purpose: the relay
 * computes it for every delivery that carries an Authorization header, so a slow hash would be a CPU lever
 * for anyone posting junk; Hookbell's generated secrets are 192 random bits, past any offline guessing.
 */
export interface CredentialHash {
  /** base64url, at least 16 bytes. */
  salt: string
  /** hex HMAC-SHA256(salt, credential). */
  hash: string
}

/** An integration that authenticates with an Authorization credential (bearer token or basic auth). */
export interface CredentialRegistration {
  integrationId: string
  /** The token scheme the tool sends (Bearer unless set); basic auth is always accepted too. */
  scheme: string
  /** The header the tool sends the secret in as is (one of SECRET_HEADERS); absent: Authorization. */
  header?: string
  /** One per accepted secret (several while one is being rotated). */
  hashes: CredentialHash[]
}

export const MAX_REGISTRATIONS = 200
const MAX_HASHES = 8

export function credentialHash(salt: string, credential: string): string {
  return createHmac('sha256', Buffer.from(salt, 'base64url')).update(credential, 'utf8').digest('hex')
}

/** Checks registrations from outside (`PUT /r/:channel/credentials`): errors as values, with the reason. */
export function parseRegistrations(value: unknown): { registrations: CredentialRegistration[] } | { error: string } {
  const list = (value as { integrations?: unknown } | null)?.integrations
  if (typeof value !== 'object' || value === null || !Array.isArray(list))
    return { error: 'expected {"integrations": [{"integrationId", "scheme", "hashes": [{"salt", "hash"}]}]}' }
  if (list.length > MAX_REGISTRATIONS) return { error: `at most ${MAX_REGISTRATIONS} integrations per request` }
  const registrations: CredentialRegistration[] = []
  for (const [i, entry] of list.entries()) {
    const e = (entry ?? {}) as Record<string, unknown>
    if (typeof e.integrationId !== 'string' || e.integrationId.length === 0 || e.integrationId.length > MAX_FIELD)
      return { error: `integrations[${i}].integrationId must be a string of 1–${MAX_FIELD} characters` }
    // A NUL is not even storable as PostgreSQL text; no integration id has control characters.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\u0000-\u001f\u007f]/.test(e.integrationId)) return { error: `integrations[${i}].integrationId has control characters` }
    if (typeof e.scheme !== 'string' || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/.test(e.scheme))
      return { error: `integrations[${i}].scheme must be an HTTP auth scheme such as Bearer` }
    if (!Array.isArray(e.hashes) || e.hashes.length === 0 || e.hashes.length > MAX_HASHES)
      return { error: `integrations[${i}].hashes must list 1–${MAX_HASHES} hashes` }
    const hashes: CredentialHash[] = []
    for (const h of e.hashes as unknown[]) {
      const { salt, hash } = (h ?? {}) as Record<string, unknown>
      if (
        typeof salt !== 'string' ||
        !/^[A-Za-z0-9_-]{22,88}$/.test(salt) ||
        typeof hash !== 'string' ||
        !/^[0-9a-f]{64}$/.test(hash)
      )
        return { error: `integrations[${i}].hashes: each is {"salt": base64url of 16–64 bytes, "hash": 64 hex digits}` }
      hashes.push({ salt, hash })
    }
    if (e.header !== undefined && (typeof e.header !== 'string' || !SECRET_HEADERS.includes(e.header)))
      return { error: `integrations[${i}].header must be one of ${SECRET_HEADERS.join(', ')}, or absent for Authorization` }
    registrations.push({ integrationId: e.integrationId, scheme: e.scheme, hashes, ...(e.header ? { header: e.header } : {}) })
  }
  return { registrations }
}

/** The acknowledgement body (`POST /r/:channel/ack`): `{"upTo": <seq>}`. */
export function parseAck(text: string): { upTo: number } | { error: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { error: 'the ack body is not JSON: send {"upTo": <the last seq you stored>}' }
  }
  const upTo = (value as { upTo?: unknown } | null)?.upTo
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'the ack body must be a JSON object: {"upTo": <the last seq you stored>}' }
  if (typeof upTo !== 'number' || !Number.isSafeInteger(upTo) || upTo < 0)
    return { error: 'upTo must be a delivery seq (a whole number, 0 or more)' }
  return { upTo }
}
