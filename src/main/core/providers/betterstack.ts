// Better Stack Uptime incident webhooks (https://docs.betteruptime.com/integrations/webhooks, the outgoing
// webhook's default incident body): `{"data": {"id", "type": "incident", "attributes": {name, url,
// cause, started_at, acknowledged_at, resolved_at, status, …}}}`, sent when an incident starts, is
// acknowledged and is resolved; older deliveries also say which in a top-level `event`. Better Stack cannot
// sign; its outgoing webhook takes a basic-auth username and password and custom headers
// (https://betterstack.com/docs/uptime/api/create-outgoing-webhook-integration/), so the secret travels as the
// basic-auth password or an `Authorization: Bearer` header, checked in constant time (or by a relay).
import { verifyAuthorization } from './authorization'
import { facts, isObject, obj, str, truncate, type Json } from './fields'
import { latestTimestamp, parseTimestamp } from './signature'
import type { IncidentAction, NormalizeResult, Provider } from './types'
import { betterStackSamples } from './samples/betterstack'

const BETTERSTACK_AUTH = {
  tool: 'Better Stack',
  setting: 'outgoing webhook\'s basic-auth password, or a header "Authorization: Bearer <secret>"',
}

// The top-level `event` (started, acknowledged, resolved) and the incident's own status (the API's values:
// Unconfirmed, Started, Acknowledged, Resolved, Validating), lower-cased.
const ACTIONS: Record<string, IncidentAction> = {
  started: 'trigger',
  acknowledged: 'acknowledge',
  resolved: 'resolve',
  // Not yet confirmed from other regions, or a recovery being checked: stored, the incident left as it is.
  unconfirmed: 'pending',
  validating: 'pending',
}

/** What happened: the event when sent, else the status, else what the timestamps say. */
function stateOf(payload: Json, attributes: Json): string | undefined {
  const said = str(payload, 'event') ?? str(attributes, 'status')
  if (said) return said.toLowerCase()
  if (str(attributes, 'resolved_at')) return 'resolved'
  if (str(attributes, 'acknowledged_at')) return 'acknowledged'
  if (str(attributes, 'started_at')) return 'started'
  return undefined
}

function incident(payload: Json, data: Json): NormalizeResult {
  const id = str(data, 'id')
  const attributes = obj(data, 'attributes')
  if (!id || !attributes) return { ok: false, reason: 'incident without data.id and data.attributes' }
  const state = stateOf(payload, attributes)
  const action = state ? ACTIONS[state] : undefined
  if (!action)
    return {
      ok: true,
      events: [],
      note: `Better Stack incident state "${(state ?? '(none)').slice(0, 40)}" recorded; not one Hookbell knows`,
    }
  const name = str(attributes, 'name') ?? str(attributes, 'url') ?? `incident ${id}`
  const cause = str(attributes, 'cause')
  const monitorId = str(obj(obj(obj(data, 'relationships'), 'monitor'), 'data'), 'id')
  const times = ['started_at', 'acknowledged_at', 'resolved_at'].map((k) => str(attributes, k))
  return {
    ok: true,
    events: [
      {
        // One Better Stack incident is one of ours: acknowledged and resolved carry the id it started with.
        dedupKey: `incident:${id}`,
        action,
        kind: 'check',
        title: truncate(cause ? `${name}: ${cause}` : name, 300),
        severity: 'critical',
        app: str(attributes, 'team_name') ?? null,
        environment: null,
        url: null,
        occurredAt: parseTimestamp(action === 'resolve' ? times[2] : action === 'acknowledge' ? times[1] : times[0]),
        // An incident gains acknowledged_at and resolved_at as it moves on: a retried "started" delivered
        // after its "resolved" is older than the state already applied.
        sourceTimestamp: latestTimestamp(times),
        check: {
          name,
          checkId: monitorId ?? id,
          checkType: str(attributes, 'http_method') ? 'http' : 'uptime',
          ...(cause ? { errorMessage: cause } : {}),
        },
        facts: facts({
          'monitored URL': str(attributes, 'url'),
          'acknowledged by': str(attributes, 'acknowledged_by'),
          'resolved by': str(attributes, 'resolved_by'),
          screenshot: str(attributes, 'screenshot_url'),
          response: str(attributes, 'response_url'),
          monitor: monitorId,
        }),
      },
    ],
  }
}

export const betterStack: Provider = {
  id: 'betterstack',
  name: 'Better Stack Uptime',
  secret: 'user-chosen',
  signatureHeaders: [],
  setup: [
    'In Better Stack Uptime: Integrations → Outgoing webhooks (Exporting data) → Add webhook, trigger type "Incident change", with "Incident started", "Incident acknowledged" and "Incident resolved" on.',
    'URL: the receiver URL (or the relay URL), method POST; keep the default request body.',
    "Better Stack cannot sign: set the basic-auth password to this integration's secret (any username), or add a header Authorization: Bearer <secret>. Hookbell compares it in constant time; without it a delivery is refused.",
  ],

  verify: (request, secrets, _now, options) => verifyAuthorization(request, secrets, BETTERSTACK_AUTH, options),

  // It authenticates with an Authorization credential only, which a relay can check and remove.
  relayMayVouch: () => true,

  normalize(payload) {
    if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
    const data = obj(payload, 'data')
    if (!data)
      return { ok: false, reason: 'expected "data" (Better Stack\'s default incident body); a custom body template is not read' }
    const type = str(data, 'type')
    if (type !== 'incident')
      return {
        ok: true,
        events: [],
        note: `Better Stack ${type ? `"${type.slice(0, 40)}"` : 'untyped'} webhook recorded; only incidents become incidents`,
      }
    return incident(payload, data)
  },

  samples: betterStackSamples,

  sign(_body, secret) {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (secret) headers.authorization = `Basic ${Buffer.from(`hookbell:${secret}`).toString('base64')}`
    return headers
  },
  conformance: {
    verifies: 'credential',
    unknownEvent: () => ({ body: { ...(betterStackSamples.started!() as object), event: 'paused' } }),
  },
}
