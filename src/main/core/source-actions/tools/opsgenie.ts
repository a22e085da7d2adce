// Opsgenie's Alert API: acknowledge, unacknowledge, close and snooze the alert an outgoing webhook told Hookbell
// about (https://docs.opsgenie.com/docs/alert-api): POST /v2/alerts/{id}/acknowledge|unacknowledge|close|snooze
// with `identifierType=id`, a body of `user`, `source` and `note` (snooze adds `endTime`), and
// `Authorization: GenieKey <key>`. Alert actions are processed asynchronously: a valid request is answered
// 202 with a requestId, and whether Opsgenie then applied it shows in the alert's log (or Get Request Status).
// Errors carry `message` (and `errors` for a 422) (https://docs.opsgenie.com/docs/response).
import type { ActionInput, Done, Planned, SourceAnswer, SourceConnection, SourceRequest, SourceTool } from '../types'
import { opsgenie as provider } from '../../providers/opsgenie'
import { bodyObject, isObject, oneLine, sourceId, str, utcMinute } from './common'

const DEFAULT_URL = 'https://api.opsgenie.com'
/** Opsgenie's limits on the body fields (Alert API): longer values are refused with 422. */
const USER_MAX = 100
const NOTE_MAX = 25_000

const VERB = { acknowledge: 'acknowledge', unacknowledge: 'unacknowledge', resolve: 'close', snooze: 'snooze' } as const

function headers(connection: SourceConnection): Record<string, string> {
  return { Authorization: `GenieKey ${connection.credential}`, 'Content-Type': 'application/json' }
}

function noteFor(input: ActionInput): string {
  const who = input.user.trim() || 'someone'
  const what = {
    acknowledge: 'Acknowledged',
    unacknowledge: 'Acknowledgement taken back',
    resolve: 'Resolved',
    snooze: `Snoozed until ${utcMinute(input.until ?? input.now)}`,
  }[input.action as keyof typeof VERB]
  return `${what} in Hookbell by ${who}`.slice(0, NOTE_MAX)
}

function plan(input: ActionInput): Planned {
  const { action, incident, connection } = input
  if (action === 'reopen')
    return { kind: 'skip', why: 'Opsgenie cannot reopen a closed alert; the next alert with its alias opens a new one' }
  if (action === 'extend') return { kind: 'skip', why: 'an Opsgenie acknowledgement has nothing to extend' }
  const id = sourceId(incident, 'alert:')
  if (!id)
    return {
      kind: 'impossible',
      reason: `no Opsgenie alert id in this incident (key "${oneLine(incident.dedupKey, 60)}"): only incidents from Opsgenie's Webhook integration carry one`,
    }
  if (action === 'snooze' && input.until === null) return { kind: 'impossible', reason: 'a snooze without an end time' }
  if (action === 'snooze' && (input.until ?? 0) <= input.now) return { kind: 'skip', why: 'the snooze has already ended' }
  // The user Opsgenie logs the action under: the connection's Opsgenie user, else the name set in Hookbell.
  const user = (connection.user.trim() || input.user.trim() || 'Hookbell').slice(0, USER_MAX)
  const body: Record<string, string> = { user, source: 'Hookbell', note: noteFor(input) }
  if (action === 'snooze') body.endTime = new Date(input.until ?? input.now).toISOString()
  return {
    kind: 'request',
    request: {
      method: 'POST',
      path: `/v2/alerts/${id}/${VERB[action]}?identifierType=id`,
      headers: headers(connection),
      body,
    },
  }
}

function done(input: ActionInput, answer: SourceAnswer): Done {
  // The answer's text goes on the timeline: one short line, whatever a proxy or a wrong URL sent.
  const requestId = oneLine(str(bodyObject(answer), 'requestId') ?? answer.headers['x-request-id'] ?? '', 80)
  const what = {
    acknowledge: 'Acknowledgement',
    unacknowledge: 'Unacknowledgement',
    resolve: 'Close',
    snooze: `Snooze until ${utcMinute(input.until ?? input.now)}`,
    reopen: 'Reopen',
    extend: 'Extension',
  }[input.action]
  // 202: Opsgenie accepted the request and applies it on its own time; the request id finds it in its log.
  return { text: `${what} requested in Opsgenie${requestId ? ` — request ${requestId}` : ''}`, ref: null }
}

/** `message`, and for a 422 the field errors: "Request body is not processable… (endTime: must be in the future)". */
function refusal(answer: SourceAnswer): string | null {
  const body = bodyObject(answer)
  const message = str(body, 'message')
  const errors = isObject(body?.errors)
    ? Object.entries(body.errors)
        .filter(([, v]) => typeof v === 'string')
        .map(([k, v]) => `${k}: ${String(v)}`)
    : []
  if (!message && errors.length === 0) return null
  return oneLine([message, errors.length ? `(${errors.join('; ')})` : undefined].filter(Boolean).join(' '))
}

/** One alert, read: needs only the key's Read access, and proves the key and the instance (US or EU) are right. */
function probe(connection: SourceConnection): SourceRequest {
  return { method: 'GET', path: '/v2/alerts?limit=1', headers: { Authorization: `GenieKey ${connection.credential}` } }
}

function describeProbe(answer: SourceAnswer): string {
  const data = bodyObject(answer)?.data
  const some = Array.isArray(data) && data.length > 0 ? ' (and sees open ones)' : ''
  return `reads Opsgenie alerts${some}; acknowledging, closing and snoozing need the key's "Create and Update" access`
}

export const opsgenieTool: SourceTool = {
  provider: provider.id,
  name: provider.name,
  actions: ['acknowledge', 'unacknowledge', 'resolve', 'snooze'],
  fields: {
    apiUrl: {
      label: 'Opsgenie API URL',
      placeholder: DEFAULT_URL,
      help: 'https://api.opsgenie.com, or https://api.eu.opsgenie.com for an account on the EU instance.',
    },
    credential: {
      label: 'API key',
      placeholder: 'eb243592-faa2-4ba2-a551-1afdf565c889',
      help: 'Settings → Integrations → Add integration → API: its API Key, with Read and "Create and Update" access.',
    },
    user: {
      label: 'Opsgenie user (optional)',
      placeholder: 'ana@example.com',
      help: "Who Opsgenie logs the acknowledgement under; Hookbell's user name when empty.",
    },
  },
  suggestUrl: () => DEFAULT_URL,
  plan,
  done,
  refusal,
  probe,
  describeProbe,
}
