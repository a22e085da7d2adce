// Grafana OnCall outgoing webhooks (https://grafana.com/docs/oncall/latest/configure/integrations/outgoing-webhooks/;
// payload built in grafana/oncall engine/apps/webhooks/tasks/trigger_webhook.py). OnCall cannot sign: the
// webhook's "Authorization Header" is sent verbatim, or its Username and Password as basic auth. With
// "Forward All" on, the body is OnCall's event data: `event.type`, `alert_group` (id, state, title,
// permalinks), the first alert's `alert_payload`. OnCall waits 4 s for an answer.
import type { IncidentAction, IncidentEvent, Provider } from './types'
import { verifyAuthorization } from './authorization'
import { facts, firstOf, httpUrl, isObject, obj, text, type Json } from './fields'
import { mapGenericSeverity } from './generic'
import { parseTimestamp } from './signature'
import { grafanaOnCallSamples, grafanaOnCallUnknownEvent } from './samples/grafana-oncall'

// event.type: lower case in current OnCall ("alert group created", "resolve"…), capitalized in older
// releases ("Firing", "Resolve"…); both read case-insensitively.
const EVENTS: Record<string, IncidentAction> = {
  'alert group created': 'trigger',
  firing: 'trigger',
  // The escalation-step trigger (the "Simple" preset): the group is paging someone.
  escalation: 'trigger',
  acknowledge: 'acknowledge',
  resolve: 'resolve',
  // Unresolved in OnCall: firing again, a regression here.
  unresolve: 'trigger',
}

// alert_group.state, for a webhook whose trigger is "Status change".
const STATES: Record<string, IncidentAction> = { firing: 'trigger', acknowledged: 'acknowledge', resolved: 'resolve' }

const KNOWN = 'alert group created, escalation, acknowledge, resolve, unresolve, status change'

const ONCALL_AUTH = { tool: 'Grafana OnCall', setting: 'outgoing webhook "Authorization Header" (Bearer <secret>)' }

function labelList(labels: Json | undefined): string | undefined {
  const entries = Object.entries(labels ?? {})
  return entries.length ? entries.map(([k, v]) => `${k}=${text(v)}`).join(', ') : undefined
}

/** What the delivery asks for, or why it changes nothing (silence, unacknowledge, anything newer). */
function actionOf(type: string, group: Json): { action: IncidentAction } | { note: string } {
  const key = type.toLowerCase()
  const mapped = key === 'status change' ? STATES[(firstOf(group, ['state']) ?? '').toLowerCase()] : EVENTS[key]
  if (mapped) return { action: mapped }
  const id = firstOf(group, ['id']) ?? '?'
  // Silencing and un-acknowledging have no counterpart in Hookbell's incident model: say what happened.
  return {
    note: `Grafana OnCall ${type.slice(0, 40)} on alert group ${id} recorded; Hookbell acts on ${KNOWN}`,
  }
}

export const grafanaOnCall: Provider = {
  id: 'grafana-oncall',
  name: 'Grafana OnCall',
  secret: 'user-chosen',
  signatureHeaders: [],
  answerLimitMs: 4000,
  setup: [
    'In Grafana OnCall: Outgoing Webhooks → + Create → Advanced. Webhook URL: the receiver URL (or the relay URL), HTTP Method POST.',
    "Authorization Header: Bearer <this integration's secret> (or Username: any name, Password: the secret). OnCall cannot sign its webhooks: this credential is what proves a delivery is yours.",
    "Forward All: on (Hookbell reads OnCall's own event data; leave Data empty).",
    'Trigger Type: Alert Group Created. Then make a copy with Trigger Type Status Change (acknowledge, resolve, unresolve), or one webhook per trigger (Acknowledged, Resolved, Unresolved).',
    'One incident per alert group (alert_group.id), linked to its OnCall page; OnCall waits 4 s for an answer and Hookbell answers well within it.',
  ],

  verify: (request, secrets, _now, options) => verifyAuthorization(request, secrets, ONCALL_AUTH, options),
  relayMayVouch: () => true,

  normalize(payload) {
    if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object (OnCall event data: turn "Forward All" on)' }
    const group = obj(payload, 'alert_group')
    const eventInfo = obj(payload, 'event')
    const type = eventInfo ? firstOf(eventInfo, ['type']) : undefined
    const id = (group && firstOf(group, ['id'])) ?? firstOf(payload, ['alert_group_id'])
    if (!group || !type || !id)
      return {
        ok: false,
        reason:
          'no event.type or alert_group.id: turn the outgoing webhook\'s "Forward All" on (or send its event data unchanged)',
      }
    const decided = actionOf(type, group)
    if ('note' in decided) return { ok: true, events: [], note: decided.note }

    const alert = obj(payload, 'alert_payload') ?? {}
    const labels = { ...(obj(alert, 'labels') ?? {}), ...(obj(group, 'labels') ?? {}) }
    const annotations = obj(alert, 'annotations') ?? {}
    const integration = obj(payload, 'integration') ?? {}
    const user = obj(payload, 'user')
    const severity = firstOf(labels, ['severity'])
    const event: IncidentEvent = {
      dedupKey: `alert-group:${id}`,
      action: decided.action,
      kind: 'alert',
      title:
        firstOf(group, ['title']) ??
        firstOf(annotations, ['summary', 'title']) ??
        firstOf(labels, ['alertname']) ??
        `Grafana OnCall alert group ${id}`,
      // An alert group that reaches OnCall pages someone: critical unless its labels say otherwise.
      severity: severity ? mapGenericSeverity(severity) : 'critical',
      app: firstOf(labels, ['service', 'app']) ?? firstOf(integration, ['name']) ?? null,
      environment: firstOf(labels, ['env', 'environment']) ?? null,
      url: httpUrl(firstOf(obj(group, 'permalinks') ?? {}, ['web'])),
      facts: facts({
        event: type,
        state: firstOf(group, ['state']),
        alerts: firstOf(group, ['alerts_count']),
        description: firstOf(annotations, ['description', 'message']),
        labels: labelList(labels),
        integration: firstOf(integration, ['name']),
        team: firstOf(integration, ['team']),
        by: user ? firstOf(user, ['username', 'email']) : undefined,
        source: 'Grafana OnCall',
      }),
    }
    const created = parseTimestamp(firstOf(group, ['created_at']))
    if (created !== undefined) event.occurredAt = created
    // OnCall retries a failed request: a late "alert group created" must not undo a later resolve.
    const at = eventInfo ? parseTimestamp(firstOf(eventInfo, ['time'])) : undefined
    if (at !== undefined) event.sourceTimestamp = at
    return { ok: true, events: [event] }
  },

  samples: grafanaOnCallSamples,

  sign(_body, secret) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Grafana OnCall' }
    if (secret) headers.authorization = `Bearer ${secret}`
    return headers
  },
  conformance: { verifies: 'credential', unknownEvent: () => ({ body: grafanaOnCallUnknownEvent() }) },
}
