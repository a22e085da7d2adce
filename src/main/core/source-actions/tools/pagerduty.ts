// PagerDuty's REST API v2: acknowledge, resolve and snooze the incident a v3 webhook told Hookbell about.
// - Update an incident: PUT /incidents/{id} with an incident_reference and the new status
//   (https://developer.pagerduty.com/api-reference/8a0e1aa2ec666-update-an-incident); the From header names the
//   PagerDuty user the change is made as, required with an account (general access) API key.
// - Snooze an incident: POST /incidents/{id}/snooze with a duration in seconds, for an acknowledged incident
//   (https://developer.pagerduty.com/api-reference/4c0934f83db89-snooze-an-incident).
// - Authentication `Authorization: Token token=<key>` and the versioned Accept header
//   (https://developer.pagerduty.com/docs/rest-api-v2/authentication/); errors are `{ error: { message, code,
//   errors[] } }` (https://developer.pagerduty.com/docs/rest-api-v2/errors/).
// The Events API v2 (routing key + dedup key) is not used: Hookbell's PagerDuty incidents come from v3 webhooks,
// which name the incident by its REST id, and the dedup key (incident_key) is not kept on the incident.
import type { ActionInput, Done, Planned, SourceAnswer, SourceConnection, SourceRequest, SourceTool } from '../types'
import { pagerduty as provider } from '../../providers/pagerduty'
import { bodyObject, isObject, oneLine, sourceId, str, strings, utcMinute } from './common'

const DEFAULT_URL = 'https://api.pagerduty.com'

function headers(connection: SourceConnection, write: boolean): Record<string, string> {
  const out: Record<string, string> = {
    Authorization: `Token token=${connection.credential}`,
    Accept: 'application/vnd.pagerduty+json;version=2',
  }
  if (write) {
    out['Content-Type'] = 'application/json'
    // Only sent when set: a user API key acts as its user, and an empty From is refused as an unknown user.
    if (connection.user.trim()) out.From = connection.user.trim()
  }
  return out
}

/** The API host a payload's `self` link names (api.eu.pagerduty.com for EU accounts), else the default. */
function suggestUrl(rawBody: unknown): string {
  const self = str(isObject(rawBody) && isObject(rawBody.event) ? rawBody.event.data : undefined, 'self')
  if (!self) return DEFAULT_URL
  try {
    const url = new URL(self)
    return url.protocol === 'https:' && /(^|\.)pagerduty\.com$/.test(url.hostname) ? url.origin : DEFAULT_URL
  } catch {
    return DEFAULT_URL
  }
}

function statusChange(id: string, status: 'acknowledged' | 'resolved', input: ActionInput): Planned {
  return {
    kind: 'request',
    request: {
      method: 'PUT',
      path: `/incidents/${id}`,
      headers: headers(input.connection, true),
      body: { incident: { type: 'incident_reference', status } },
    },
  }
}

function plan(input: ActionInput): Planned {
  const { action, incident } = input
  const id = sourceId(incident, 'incident:')
  if (!id)
    return {
      kind: 'impossible',
      reason: `no PagerDuty incident id in this incident (key "${oneLine(incident.dedupKey, 60)}"): only incidents from PagerDuty's v3 webhooks carry one`,
    }
  switch (action) {
    case 'acknowledge':
      return statusChange(id, 'acknowledged', input)
    case 'resolve':
      return statusChange(id, 'resolved', input)
    case 'snooze': {
      if (input.until === null) return { kind: 'impossible', reason: 'a snooze without an end time' }
      // PagerDuty snoozes only an acknowledged incident (error 1012 otherwise): say so instead of being refused.
      if (incident.status !== 'acknowledged')
        return { kind: 'skip', why: 'PagerDuty snoozes only acknowledged incidents: acknowledge it first, then snooze' }
      const duration = Math.ceil((input.until - input.now) / 1000)
      if (duration <= 0) return { kind: 'skip', why: 'the snooze has already ended' }
      return {
        kind: 'request',
        request: {
          method: 'POST',
          path: `/incidents/${id}/snooze`,
          headers: headers(input.connection, true),
          body: { duration },
        },
      }
    }
    case 'unacknowledge':
      return {
        kind: 'skip',
        why: "PagerDuty's REST API cannot take an acknowledgement back; it lapses by the service's acknowledgement timeout",
      }
    case 'reopen':
      return { kind: 'skip', why: "PagerDuty's REST API cannot reopen a resolved incident; a new alert opens a new one" }
    case 'extend':
      return { kind: 'skip', why: 'a PagerDuty acknowledgement has nothing to extend' }
  }
}

function incidentLabel(answer: SourceAnswer, input: ActionInput): string {
  const incident = bodyObject(answer)?.incident
  // The answer's text goes on the timeline: one short line each, whatever a proxy or a wrong URL sent.
  const number = oneLine(str(incident, 'incident_number') ?? '', 80)
  const id = oneLine(str(incident, 'id') ?? sourceId(input.incident, 'incident:') ?? '', 80) || '?'
  return number ? `incident #${number} (${id})` : `incident ${id}`
}

function done(input: ActionInput, answer: SourceAnswer): Done {
  const label = incidentLabel(answer, input)
  switch (input.action) {
    case 'snooze':
      return { text: `Snoozed in PagerDuty until ${utcMinute(input.until ?? input.now)} — ${label}`, ref: null }
    case 'resolve':
      return { text: `Resolved in PagerDuty — ${label}`, ref: null }
    default:
      return { text: `Acknowledged in PagerDuty — ${label}`, ref: null }
  }
}

/** `error.message` and its `errors` details: "Invalid Input Provided (Incident Already Resolved)". */
function refusal(answer: SourceAnswer): string | null {
  const error = bodyObject(answer)?.error
  if (!isObject(error)) return null
  const message = str(error, 'message')
  const details = strings(error.errors).filter((d) => d !== message)
  if (!message && details.length === 0) return null
  const text = [message, details.length ? `(${details.join('; ')})` : undefined].filter(Boolean).join(' ')
  return oneLine(text)
}

/**
 * One incident, read: works for account and user API keys alike (GET /users/me is refused for account keys).
 * `total=true` makes PagerDuty count what the key can see.
 */
function probe(connection: SourceConnection): SourceRequest {
  return { method: 'GET', path: '/incidents?limit=1&total=true', headers: headers(connection, false) }
}

function describeProbe(answer: SourceAnswer): string {
  const total = bodyObject(answer)?.total
  const seen = typeof total === 'number' ? ` (${total} visible to this key)` : ''
  return `reads PagerDuty incidents${seen}; acknowledging needs a full-access key (a read-only one is refused with 403) and, for a general access key, the From email of a PagerDuty user`
}

export const pagerdutyTool: SourceTool = {
  provider: provider.id,
  name: provider.name,
  actions: ['acknowledge', 'resolve', 'snooze'],
  fields: {
    apiUrl: {
      label: 'PagerDuty API URL',
      placeholder: DEFAULT_URL,
      help: 'https://api.pagerduty.com, or https://api.eu.pagerduty.com for an account in the EU service region.',
    },
    credential: {
      label: 'REST API key',
      placeholder: 'y_NbAkKc66ryYTWUXYEu',
      help: 'Integrations → API Access Keys → Create New API Key (full access, not read-only), or a user API key from My Profile → User Settings.',
    },
    user: {
      label: 'From (PagerDuty user email)',
      placeholder: 'ana@example.com',
      help: 'The PagerDuty user the acknowledgement is made as. Required with a general access key; a user API key acts as its own user.',
    },
  },
  suggestUrl,
  plan,
  done,
  refusal,
  probe,
  describeProbe,
}
