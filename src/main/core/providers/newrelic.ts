// New Relic workflows with a webhook destination
// (https://docs.newrelic.com/docs/alerts/get-notified/notification-integrations/#webhook). New Relic cannot
// sign: the destination authenticates with a bearer token or basic auth (or a custom header), which carries
// this integration's secret. The body is the workflow's Handlebars payload template; New Relic's default
// template is the one Hookbell reads (NEW_RELIC_TEMPLATE), one issue per delivery.
import { verifyAuthorization } from './authorization'
import { arr, facts, firstOf, httpUrl, isObject, num, type Json } from './fields'
import { severityOfPriority } from './priority'
import type { IncidentAction, IncidentEvent, Provider } from './types'
import { newRelicSamples, newRelicUnknownEvent } from './samples/newrelic'

/** New Relic's default webhook payload template: paste it back if the workflow's was changed. */
export const NEW_RELIC_TEMPLATE = `{
  "id": {{ json issueId }},
  "issueUrl": {{ json issuePageUrl }},
  "title": {{ json annotations.title.[0] }},
  "priority": {{ json priority }},
  "impactedEntities": {{json entitiesData.names}},
  "totalIncidents": {{json totalIncidents}},
  "state": {{ json state }},
  "trigger": {{ json triggerEvent }},
  "isCorrelated": {{ json isCorrelated }},
  "createdAt": {{ createdAt }},
  "updatedAt": {{ updatedAt }},
  "sources": {{ json accumulations.source }},
  "alertPolicyNames": {{ json accumulations.policyName }},
  "alertConditionNames": {{ json accumulations.conditionName }},
  "workflowName": {{ json workflowName }}
}`

// Issue states: ACTIVATED opens the issue (the workflow's "Activated" trigger), ACKNOWLEDGED and CLOSED follow.
// CREATED is an issue not yet activated: recorded, not an incident, so that ACTIVATED is the one that toasts
// (an incident opened as pending would take ACTIVATED as a repeat).
const STATES: Record<string, IncidentAction> = {
  ACTIVATED: 'trigger',
  ACKNOWLEDGED: 'acknowledge',
  CLOSED: 'resolve',
}

const NEW_RELIC_AUTH = { tool: 'New Relic', setting: 'webhook destination authorization (Bearer token)' }

/** A template field that is a list (names) or one value; the default template sends lists. */
function names(payload: Json, key: string): string[] {
  const value = payload[key]
  if (typeof value === 'string') return value ? [value] : []
  return arr(payload, key).filter((v): v is string => typeof v === 'string' && v !== '')
}

/** `annotations.title.[0]` in the default template; a hand-written template may send the whole list. */
function titleOf(payload: Json): string | undefined {
  return firstOf(payload, ['title', 'issueTitle']) ?? names(payload, 'title')[0]
}

export const newrelic: Provider = {
  id: 'newrelic',
  name: 'New Relic',
  secret: 'user-chosen',
  signatureHeaders: [],
  template: NEW_RELIC_TEMPLATE,
  setup: [
    'In New Relic: Alerts → Destinations → Add a destination → Webhook. Endpoint URL: the receiver URL (or the relay URL).',
    "Authorization: Bearer token = this integration's secret (or Basic authentication with any user name and the secret as password). New Relic cannot sign its webhooks: this credential is what proves a delivery is yours.",
    'Alerts → Workflows → Add a workflow: filter the issues you want, Notify → Webhook → this destination.',
    "Payload: keep New Relic's default template (below; paste it back if it was changed). Hookbell reads id, state, priority, title and issueUrl: one incident per issue, opened when ACTIVATED, acknowledged and closed with it.",
    'Under the workflow\'s "Notify when", keep Activated, Acknowledged and Closed checked, so Hookbell hears the whole issue.',
  ],

  verify: (request, secrets, _now, options) => verifyAuthorization(request, secrets, NEW_RELIC_AUTH, options),
  relayMayVouch: () => true,

  normalize(payload) {
    if (!isObject(payload)) return { ok: false, reason: "expected a JSON object (New Relic's default payload template)" }
    const id = firstOf(payload, ['id', 'issueId'])
    if (!id) return { ok: false, reason: "no id (issueId): use New Relic's default payload template" }
    const state = firstOf(payload, ['state'])
    if (!state) return { ok: false, reason: "no state: use New Relic's default payload template" }
    const action = STATES[state.toUpperCase()]
    if (state.toUpperCase() === 'CREATED')
      return { ok: true, events: [], note: `New Relic issue ${id} created, not yet activated: the incident opens when it is` }
    if (!action)
      return {
        ok: true,
        events: [],
        note: `New Relic issue state "${state.slice(0, 40)}" is not one Hookbell acts on (ACTIVATED, ACKNOWLEDGED, CLOSED): recorded, no incident`,
      }
    const entities = names(payload, 'impactedEntities')
    const conditions = names(payload, 'alertConditionNames')
    const priority = firstOf(payload, ['priority'])
    const updatedAt = num(payload, 'updatedAt')
    const createdAt = num(payload, 'createdAt')
    const event: IncidentEvent = {
      dedupKey: `issue:${id}`,
      action,
      kind: 'alert',
      title: titleOf(payload) ?? conditions[0] ?? `New Relic issue ${id}`,
      severity: severityOfPriority(priority) ?? 'error',
      app: entities[0] ?? null,
      environment: null,
      url: httpUrl(firstOf(payload, ['issueUrl', 'issuePageUrl'])),
      facts: facts({
        state,
        priority,
        entities: entities.join(', '),
        conditions: conditions.join(', '),
        policies: names(payload, 'alertPolicyNames').join(', '),
        sources: names(payload, 'sources').join(', '),
        incidents: num(payload, 'totalIncidents') ?? undefined,
        trigger: firstOf(payload, ['trigger']),
        workflow: firstOf(payload, ['workflowName']),
        source: 'New Relic',
      }),
    }
    if (createdAt !== null) event.occurredAt = createdAt
    // A workflow notifies on each change; a late ACTIVATED must not reopen a CLOSED issue.
    if (updatedAt !== null) event.sourceTimestamp = updatedAt
    return { ok: true, events: [event] }
  },

  samples: newRelicSamples,

  sign(_body, secret) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'newrelic-notifications' }
    if (secret) headers.authorization = `Bearer ${secret}`
    return headers
  },
  conformance: { verifies: 'credential', unknownEvent: () => ({ body: newRelicUnknownEvent() }) },
}
