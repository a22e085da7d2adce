// The relay wire format, shared by the relay server and the app's poller.

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
