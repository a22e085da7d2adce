// Generic JSON webhook with OpsKnight-style field mapping (docs/providers.md, "Generic JSON"): any tool that can POST JSON.
import type { Severity } from '../../../shared/incident'
import { facts, firstOf, httpUrl, isObject } from './fields'
import { hmacHex, missingHeader, parseTimestamp, sha256Hex, verifyBodyHmac } from './signature'
import type { IncidentAction, Provider } from './types'
import { genericSamples } from './samples/generic'

// OpsKnight's "Field Mapping" (https://opsknight.com/docs/v1/integrations/custom/webhooks): the first
// present field of each row wins.
export const GENERIC_FIELDS = {
  title: ['summary', 'title', 'message', 'name'],
  severity: ['severity', 'level', 'priority'],
  status: ['status', 'action', 'state'],
  dedupKey: ['dedup_key', 'id', 'alert_id'],
  source: ['source', 'origin', 'system'],
} as const

// OpsKnight's "Status Values".
const STATUS_ACTIONS: Record<string, IncidentAction> = {
  triggered: 'trigger',
  fired: 'trigger',
  alert: 'trigger',
  critical: 'trigger',
  error: 'trigger',
  open: 'trigger',
  resolved: 'resolve',
  ok: 'resolve',
  normal: 'resolve',
  closed: 'resolve',
  fixed: 'resolve',
  acknowledge: 'acknowledge',
  ack: 'acknowledge',
}

// OpsKnight's "Severity Mapping".
const SEVERITY_MAP: Record<string, Severity> = {
  critical: 'critical',
  high: 'critical',
  error: 'error',
  warning: 'warning',
  medium: 'warning',
  info: 'info',
  low: 'info',
}

/** Unknown or missing status: a delivery is an alert unless it says otherwise. */
export function mapGenericStatus(value: string | undefined): IncidentAction {
  return (value && STATUS_ACTIONS[value.toLowerCase()]) || 'trigger'
}

/** Unknown severities map to warning (docs/providers.md), never to a crash. */
export function mapGenericSeverity(value: string | undefined): Severity {
  return (value && SEVERITY_MAP[value.toLowerCase()]) || 'warning'
}

const SIGNATURE_HEADERS = ['x-signature', 'x-webhook-signature']

export const generic: Provider = {
  id: 'generic',
  name: 'Generic webhook',
  secret: 'user-chosen',
  signatureHeaders: SIGNATURE_HEADERS,
  setup: [
    'POST JSON to the receiver URL with Content-Type: application/json.',
    'Fields: summary/title/message/name (title), severity/level/priority, status/action/state, dedup_key/id/alert_id, source/origin/system.',
    'Status values: triggered, fired, alert, critical, error or open raise the alert; resolved, ok, normal, closed or fixed resolve it; acknowledge or ack acknowledge it.',
    'With a secret, sign the raw body: X-Signature: sha256=<hex HMAC-SHA256(secret, body)> (or X-Webhook-Signature).',
    'With a secret, put the time in every body ("timestamp": an ISO time): a signed resolve is remembered, and a byte-identical one sent for a later alert is taken as a replay and closes nothing.',
  ],

  verify(request, secrets) {
    // Signing is optional per integration: an integration without a secret accepts unsigned JSON.
    if (secrets.length === 0) return { ok: true }
    const header = SIGNATURE_HEADERS.map((name) => request.headers[name]).find(Boolean)
    if (!header)
      return missingHeader('X-Signature', 'this integration has a secret; sign the body as X-Signature: sha256=<hex HMAC>')
    const provided = header.replace(/^sha256=/i, '')
    return verifyBodyHmac(request.body, secrets, provided, 'is the sender using the current secret over the raw body?')
  },

  normalize(payload, request) {
    if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object at the top level' }
    const source = firstOf(payload, GENERIC_FIELDS.source)
    const title = firstOf(payload, GENERIC_FIELDS.title) ?? `Alert from ${source ?? 'a generic webhook'}`
    const dedupKey = firstOf(payload, GENERIC_FIELDS.dedupKey) ?? `title:${sha256Hex(source ?? '', '\0', title).slice(0, 32)}`
    const description = firstOf(payload, ['description', 'details', 'text', 'body'])
    return {
      ok: true,
      events: [
        {
          dedupKey,
          action: mapGenericStatus(firstOf(payload, GENERIC_FIELDS.status)),
          kind: 'alert',
          title,
          severity: mapGenericSeverity(firstOf(payload, GENERIC_FIELDS.severity)),
          app: firstOf(payload, ['app', 'service', 'application']) ?? source ?? null,
          environment: firstOf(payload, ['environment', 'env']) ?? null,
          url: httpUrl(firstOf(payload, ['url', 'link', 'href'])),
          occurredAt: parseTimestamp(firstOf(payload, ['timestamp', 'time', 'created_at'])) ?? request.receivedAt,
          facts: facts({ source, description }),
        },
      ],
    }
  },

  // The one tool anyone can be: the window's "Try it now" posts this with curl, signed like `sign` below.
  curl: {
    body: '{"summary":"Test alert","severity":"warning","dedup_key":"test-1"}',
    signatureHeader: 'X-Signature',
    signaturePrefix: 'sha256=',
  },

  conformance: {
    unknownEvent: { none: 'the generic fields have no event type: an unknown status raises an alert (docs/providers.md)' },
  },

  samples: genericSamples,

  sign(body, secret) {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (secret) headers['x-signature'] = `sha256=${hmacHex(secret, body)}`
    return headers
  },
}
