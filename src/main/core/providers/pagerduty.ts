// PagerDuty v3 webhooks (https://developer.pagerduty.com/docs/webhooks/v3-overview/): one event per delivery,
// `event.event_type` naming what changed and `event.data` the incident. Signed with X-PagerDuty-Signature:
// comma-separated `v1=<hex HMAC-SHA256(secret, raw body)>`, one per signing secret while PagerDuty rotates it;
// any one matching is enough (docs/webhooks/04-Signatures.md in PagerDuty/developer-docs). PagerDuty waits 5 s,
// retries 5xx/429/timeouts with the same body and X-Webhook-Id (so the body fingerprint dedups them), drops a
// 4xx without retry and disables the subscription for 24 hours after 3 dropped in a row
// (docs/webhooks/02-Behavior.md): an event type Hookbell does not read is answered 2xx and recorded.
import type { Severity } from '../../../shared/incident'
import { arr, facts, httpUrl, isObject, obj, str, truncate, type Json } from './fields'
import { hmacHex, missingHeader, noSecret, parseTimestamp, safeEqual } from './signature'
import type { IncidentAction, NormalizeResult, Provider, VerifyResult } from './types'
import { pagerdutySamples } from './samples/pagerduty'

/** What each incident event type does to the incident; the rest (notes, responders, status updates) are recorded. */
const ACTIONS: Record<string, IncidentAction> = {
  'incident.triggered': 'trigger',
  'incident.acknowledged': 'acknowledge',
  // The acknowledgement timed out or was undone: the incident is triggered again.
  'incident.unacknowledged': 'trigger',
  'incident.resolved': 'resolve',
  'incident.reopened': 'trigger',
  // Who is paged or how urgent it is changed, not whether it is open: kept on the timeline.
  'incident.escalated': 'pending',
  'incident.priority_updated': 'pending',
  'incident.reassigned': 'pending',
  'incident.delegated': 'pending',
}

const PRIORITIES: Record<string, Severity> = { p1: 'critical', p2: 'error', p3: 'warning', p4: 'info', p5: 'info' }

function severityOf(incident: Json): Severity {
  const priority = str(obj(incident, 'priority'), 'summary')?.trim().toLowerCase()
  if (priority && PRIORITIES[priority]) return PRIORITIES[priority]
  return str(incident, 'urgency') === 'low' ? 'warning' : 'error'
}

function summaries(list: unknown[]): string | undefined {
  const names = list
    .filter(isObject)
    .map((x) => str(x, 'summary'))
    .filter((s): s is string => !!s)
  return names.length ? names.join(', ') : undefined
}

/** The v1 signatures of an X-PagerDuty-Signature value; other versions are skipped, as PagerDuty's verifiers do. */
export function v1Signatures(header: string): string[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.toLowerCase().startsWith('v1='))
    .map((part) => part.slice(3))
}

function verifyPagerDuty(body: Buffer, secrets: readonly string[], header: string): VerifyResult {
  const provided = v1Signatures(header)
  if (provided.length === 0)
    return { ok: false, status: 401, reason: 'X-PagerDuty-Signature has no v1= signature (a version Hookbell does not know)' }
  // Every secret against every signature, no early exit: timing does not tell which one matched.
  let matched = false
  for (const secret of secrets) {
    const expected = hmacHex(secret, body)
    for (const signature of provided) if (safeEqual(expected, signature)) matched = true
  }
  return matched
    ? { ok: true }
    : { ok: false, status: 401, reason: "signature mismatch: is the secret the webhook subscription's current one?" }
}

function normalizePagerDuty(payload: unknown): NormalizeResult {
  const event = obj(payload, 'event')
  if (!event) return { ok: false, reason: 'no event object: is this a PagerDuty v3 webhook (not v2)?' }
  const type = str(event, 'event_type') ?? ''
  const data = obj(event, 'data')
  const action = ACTIONS[type]
  if (!action || !data || str(data, 'type') !== 'incident')
    return { ok: true, events: [], note: `PagerDuty ${type || 'event without event_type'} recorded; not an incident change` }
  const id = str(data, 'id')
  if (!id) return { ok: false, reason: `${type} without event.data.id` }
  const occurredAt = parseTimestamp(str(event, 'occurred_at'))
  const agent = str(obj(event, 'agent'), 'summary')
  return {
    ok: true,
    events: [
      {
        dedupKey: `incident:${id}`,
        action,
        kind: 'alert',
        title: truncate(str(data, 'title') ?? `PagerDuty incident #${str(data, 'number') ?? id}`, 300),
        severity: severityOf(data),
        app: str(obj(data, 'service'), 'summary') ?? null,
        environment: null,
        url: httpUrl(str(data, 'html_url')),
        occurredAt,
        // PagerDuty sends one incident's events in order, but a retried one can land after the next: the
        // event's own time orders them (incident/lifecycle.ts).
        sourceTimestamp: occurredAt,
        sourceNote:
          action === 'pending'
            ? `PagerDuty: ${type.replace('incident.', '').replace('_', ' ')}${agent ? ` by ${agent}` : ''}`
            : undefined,
        facts: facts({
          number: str(data, 'number'),
          'PagerDuty status': str(data, 'status'),
          urgency: str(data, 'urgency'),
          priority: str(obj(data, 'priority'), 'summary'),
          assignees: summaries(arr(data, 'assignees')),
          'escalation policy': str(obj(data, 'escalation_policy'), 'summary'),
          teams: summaries(arr(data, 'teams')),
          'resolve reason': str(data, 'resolve_reason'),
          'last event': type,
          by: agent,
        }),
      },
    ],
  }
}

export const pagerduty: Provider = {
  id: 'pagerduty',
  name: 'PagerDuty',
  secret: 'provider-generated',
  signatureHeaders: ['x-pagerduty-signature'],
  answerLimitMs: 5000,
  setup: [
    'In PagerDuty: Integrations → Generic Webhooks (v3) → New Webhook.',
    'Webhook URL: the receiver URL (or the relay URL). Scope Type: Service, Team or Account, as wide as the incidents you want here.',
    'Event Subscription: incident.triggered, incident.acknowledged, incident.unacknowledged, incident.resolved, incident.reopened, incident.escalated and incident.priority_updated (others are recorded, not shown).',
    "Add Webhook, then copy the Secret PagerDuty shows once into Hookbell as this integration's secret. While PagerDuty rotates it, it signs with both; add the new one here as a second secret.",
  ],

  verify(request, secrets) {
    if (secrets.length === 0) return noSecret('signing secret', 'the Secret PagerDuty showed when the webhook was added')
    const header = request.headers['x-pagerduty-signature']
    if (!header)
      return missingHeader('X-PagerDuty-Signature', 'is this a v3 webhook subscription (v1 and v2 webhooks are not signed)?')
    return verifyPagerDuty(request.body, secrets, header)
  },

  normalize: (payload) => normalizePagerDuty(payload),

  conformance: {
    unknownEvent: () => ({
      body: {
        event: {
          id: '01DFWEMM5NPTDEFXJBGQ4SBG2V',
          event_type: 'service.updated',
          resource_type: 'service',
          occurred_at: '2026-03-01T10:00:00.000Z',
          agent: null,
          client: null,
          data: { id: 'PF9KMXH', type: 'service', summary: 'API Service' },
        },
      },
    }),
  },

  samples: pagerdutySamples,

  sign(body, secret) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'PagerDuty-Webhook/V3.0',
      'x-webhook-id': crypto.randomUUID(),
      'x-webhook-subscription': 'PY1OEFZ',
    }
    if (secret) headers['x-pagerduty-signature'] = `v1=${hmacHex(secret, body)}`
    return headers
  },
}
