// incident.io webhooks (https://docs.incident.io/integrations/webhooks, https://api-docs.incident.io/tag/Webhooks):
// sent through Svix, signed the Standard Webhooks way (standard-webhooks.ts) with the endpoint's whsec_ signing
// secret. Each body is `{ "event_type": T, T: payload }`; a private incident's payload carries only its id.
// incident.io retries a non-2xx for 24 hours and disables the endpoint after 5 days of failures, so an event
// type Hookbell does not read is answered 2xx and recorded.
import type { Severity } from '../../../shared/incident'
import { facts, httpUrl, isObject, obj, str, truncate, type Json } from './fields'
import { latestTimestamp, noSecret, parseTimestamp } from './signature'
import { signStandardWebhook, STANDARD_WEBHOOKS_TOLERANCE_MS, verifyStandardWebhook } from './standard-webhooks'
import type { IncidentAction, IncidentEvent, NormalizeResult, Provider } from './types'
import { incidentioSamples } from './samples/incidentio'

const SECRET_WHERE = 'the signing secret from incident.io Settings → Webhooks → your endpoint'

/**
 * incident.io's status categories: triage and live are open; learning (post-incident), closed, and the ways
 * out of triage (declined, merged, canceled) mean it is over for the responder.
 */
const CATEGORY_ACTIONS: Record<string, IncidentAction> = {
  triage: 'trigger',
  live: 'trigger',
  active: 'trigger',
  learning: 'resolve',
  post_incident: 'resolve',
  closed: 'resolve',
  declined: 'resolve',
  merged: 'resolve',
  canceled: 'resolve',
}

/** Severity names are each organisation's own; the common ones map, the rest are errors. */
function severityOf(name: string | undefined): Severity {
  const n = (name ?? '').toLowerCase()
  if (/critical|sev ?[01]\b|p[01]\b|major outage/.test(n)) return 'critical'
  if (/minor|low|sev ?[34]\b|p[34]\b/.test(n)) return 'warning'
  return 'error'
}

const INCIDENT_EVENTS = new Set([
  'public_incident.incident_created_v2',
  'public_incident.incident_updated_v2',
  'public_incident.incident_status_updated_v2',
])

function incidentEvent(type: string, incident: Json, newStatus: Json | undefined): NormalizeResult {
  const id = str(incident, 'id')
  if (!id) return { ok: false, reason: `${type} without the incident's id` }
  const status = newStatus ?? obj(incident, 'incident_status')
  const category = str(status, 'category')?.toLowerCase()
  const action: IncidentAction = (category && CATEGORY_ACTIONS[category]) || (type.endsWith('created_v2') ? 'trigger' : 'pending')
  const severity = obj(incident, 'severity')
  const reference = str(incident, 'reference')
  const mode = str(incident, 'mode')
  const event: IncidentEvent = {
    dedupKey: `incident:${id}`,
    action,
    kind: 'alert',
    title: truncate(`${reference ? `${reference}: ` : ''}${str(incident, 'name') ?? 'incident.io incident'}`, 300),
    severity: severityOf(str(severity, 'name')),
    app: str(obj(incident, 'incident_type'), 'name') ?? null,
    environment: mode && mode !== 'standard' ? mode : null,
    url: httpUrl(str(incident, 'permalink')),
    occurredAt: parseTimestamp(str(incident, 'created_at')),
    // updated_at moves with every change: a retried older delivery does not undo a later one.
    sourceTimestamp: latestTimestamp([str(incident, 'created_at'), str(incident, 'updated_at')]),
    facts: facts({
      summary: str(incident, 'summary'),
      severity: str(severity, 'name'),
      status: str(status, 'name'),
      'status category': category,
      visibility: str(incident, 'visibility'),
      mode,
      'last event': type,
    }),
  }
  return { ok: true, events: [event] }
}

export function normalizeIncidentIo(payload: unknown): NormalizeResult {
  if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
  const type = str(payload, 'event_type')
  if (!type) return { ok: false, reason: 'no event_type: is this an incident.io webhook?' }
  const data = obj(payload, type)
  if (type === 'private_incident.incident_created_v2' && data && str(data, 'id'))
    // Private incidents carry only their id; the title says where to look.
    return incidentEvent(type, { id: str(data, 'id'), name: 'Private incident (details in incident.io)' }, undefined)
  if (!INCIDENT_EVENTS.has(type) || !data)
    return { ok: true, events: [], note: `incident.io ${type} recorded; not an incident change Hookbell reads` }
  // Status changes wrap the incident with the statuses it moved between.
  const incident = obj(data, 'incident') ?? data
  return incidentEvent(type, incident, obj(data, 'new_status'))
}

export const incidentio: Provider = {
  id: 'incidentio',
  name: 'incident.io',
  secret: 'provider-generated',
  signatureHeaders: ['webhook-signature'],
  setup: [
    'In incident.io: Settings → Webhooks → Add endpoint. Endpoint URL: the receiver URL (or the relay URL).',
    'Subscribe to "Public incident created (v2)", "Public incident updated (v2)" and "Public incident status updated (v2)" (private incidents arrive as their id only).',
    "Copy the endpoint's Signing secret (whsec_…) into Hookbell as this integration's secret. Deliveries are signed Standard Webhooks style and refused more than 5 minutes from Hookbell's clock.",
  ],

  verify(request, secrets, now) {
    if (secrets.length === 0) return noSecret('signing secret', SECRET_WHERE)
    return verifyStandardWebhook(request, secrets, now, SECRET_WHERE)
  },

  normalize: (payload) => normalizeIncidentIo(payload),

  conformance: {
    toleranceMs: STANDARD_WEBHOOKS_TOLERANCE_MS,
    unknownEvent: () => ({
      body: {
        event_type: 'public_incident.follow_up_created_v2',
        'public_incident.follow_up_created_v2': {
          id: '01FCNDV6P870EA6S7TK1DSYDG0',
          incident_id: '01FDAG4SAP5TYPT98WGR2N7W91',
          title: 'Cat is stuck in the tree',
          status: 'outstanding',
        },
      },
    }),
  },

  samples: incidentioSamples,

  sign(body, secret, now) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Svix-Webhooks/1.0' }
    return secret ? { ...headers, ...signStandardWebhook(secret, body, now) } : headers
  },
}
