// Grafana OnCall's public HTTP API: acknowledge, unacknowledge, resolve, unresolve and silence the alert group
// an outgoing webhook told Hookbell about (https://grafana.com/docs/oncall/latest/oncall-api-reference/alertgroups/):
// POST {API_URL}/api/v1/alert_groups/{id}/acknowledge | unacknowledge | resolve | unresolve, and /silence with
// `{"delay": seconds}`. The OnCall API key goes in the Authorization header as it is, without a scheme
// (https://grafana.com/docs/oncall/latest/oncall-api-reference/). These actions are for user keys only: OnCall
// refuses them from service-account tokens (engine/apps/public_api/views/alert_groups.py in grafana/oncall),
// and it refuses to silence an acknowledged or resolved group. Answers are 200 without a body; refusals are
// Django REST framework's `{"detail": "..."}`.
import type { ActionInput, Done, Planned, SourceAnswer, SourceConnection, SourceRequest, SourceTool } from '../types'
import { grafanaOnCall as provider } from '../../providers/grafana-oncall'
import { bodyObject, oneLine, sourceId, str, strings, utcMinute } from './common'

const PATHS = { acknowledge: 'acknowledge', unacknowledge: 'unacknowledge', resolve: 'resolve', reopen: 'unresolve' } as const

function headers(connection: SourceConnection, json: boolean): Record<string, string> {
  return json
    ? { Authorization: connection.credential, 'Content-Type': 'application/json' }
    : { Authorization: connection.credential }
}

function plan(input: ActionInput): Planned {
  const { action, incident, connection } = input
  if (action === 'extend') return { kind: 'skip', why: 'an OnCall acknowledgement has nothing to extend' }
  const id = sourceId(incident, 'alert-group:')
  if (!id)
    return {
      kind: 'impossible',
      reason: `no Grafana OnCall alert group id in this incident (key "${oneLine(incident.dedupKey, 60)}")`,
    }
  if (action !== 'snooze')
    return {
      kind: 'request',
      request: { method: 'POST', path: `/api/v1/alert_groups/${id}/${PATHS[action]}`, headers: headers(connection, false) },
    }
  if (input.until === null) return { kind: 'impossible', reason: 'a snooze without an end time' }
  // OnCall answers "Can't silence an acknowledged alert group": the acknowledgement already stops its escalation.
  if (incident.status === 'acknowledged')
    return {
      kind: 'skip',
      why: 'Grafana OnCall does not silence an acknowledged alert group; its acknowledgement already stops the escalation',
    }
  const delay = Math.ceil((input.until - input.now) / 1000)
  if (delay <= 0) return { kind: 'skip', why: 'the snooze has already ended' }
  return {
    kind: 'request',
    request: { method: 'POST', path: `/api/v1/alert_groups/${id}/silence`, headers: headers(connection, true), body: { delay } },
  }
}

function done(input: ActionInput): Done {
  const group = `alert group ${sourceId(input.incident, 'alert-group:') ?? '?'}`
  const text = {
    acknowledge: `Acknowledged in Grafana OnCall — ${group}`,
    unacknowledge: `Unacknowledged in Grafana OnCall — ${group}`,
    resolve: `Resolved in Grafana OnCall — ${group}`,
    reopen: `Unresolved in Grafana OnCall — ${group}`,
    snooze: `Silenced in Grafana OnCall until ${utcMinute(input.until ?? input.now)} — ${group}`,
    extend: `Extended in Grafana OnCall — ${group}`,
  }[input.action]
  return { text, ref: null }
}

/** DRF's `detail` ("Can't acknowledge a resolved alert group"), or field messages for a 400 with a body per field. */
function refusal(answer: SourceAnswer): string | null {
  const body = bodyObject(answer)
  if (!body) return null
  const detail = str(body, 'detail')
  if (detail?.trim()) return oneLine(detail)
  const fields = Object.entries(body).flatMap(([field, value]) => strings(value).map((m) => `${field}: ${m}`))
  return fields.length ? oneLine(fields.join('; ')) : null
}

/** Get a user, `current`: who the key acts as, and nothing changed. */
function probe(connection: SourceConnection): SourceRequest {
  return { method: 'GET', path: '/api/v1/users/current/', headers: headers(connection, false) }
}

function describeProbe(answer: SourceAnswer): string {
  const body = bodyObject(answer)
  const name = str(body, 'username') ?? str(body, 'email')
  const role = str(body, 'role')
  const who = name ? `acts as ${name}${role ? ` (${role})` : ''}` : 'is accepted by Grafana OnCall'
  return `the key ${who}; acknowledging needs a user's OnCall API key with the alert-groups write permission (service-account tokens are refused)`
}

export const grafanaOnCallTool: SourceTool = {
  provider: provider.id,
  name: provider.name,
  actions: ['acknowledge', 'unacknowledge', 'resolve', 'reopen', 'snooze'],
  fields: {
    apiUrl: {
      label: 'OnCall API URL',
      placeholder: 'https://oncall-prod-us-central-0.grafana.net/oncall',
      help: "Shown in OnCall → Settings (Admin & API) as the API URL; it depends on your stack's region, or is your self-hosted OnCall engine's address.",
    },
    credential: {
      label: 'OnCall API key',
      placeholder: 'c8a2f1e6…',
      help: 'OnCall → Settings → API keys → Create: a key of a user allowed to acknowledge. Sent as it is, without "Bearer".',
    },
  },
  // The webhook names the Grafana stack, not the OnCall API, whose host depends on the stack's region.
  suggestUrl: () => null,
  plan,
  done,
  refusal,
  probe,
  describeProbe,
}
