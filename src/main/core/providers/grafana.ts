// Grafana alerting webhooks: the Alertmanager shape plus state, title, message and per-alert values.
// Optional HMAC (grafana/alerting http/hmac.go): hex HMAC-SHA256 of "timestamp:body" when the contact point
// names a timestamp header, of the body alone otherwise. Both header names are the user's choice; a blank
// signature header means X-Grafana-Alert-Signature (the code's default), though the form's placeholder shows
// X-Grafana-Alerting-Signature, so both are looked at unless the integration names one.
// https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/
import type { IntegrationOptions } from '../../../shared/model'
import { authorizationRule, DEFAULT_AUTH_SCHEME } from '../../../server-common/credentials'
import { groupByAlertName, normalizeAlertGroup } from './alertmanager'
import type { Json } from './fields'
import { verifyAuthorization } from './authorization'
import { hmacHex, missingHeader, parseTimestamp, verifyBodyHmac } from './signature'
import type { Provider, RawRequest } from './types'
import { suggestedCustomPayload } from './samples/alertmanager'
import { grafanaSamples } from './samples/grafana'

/** What Grafana sends when the HMAC "Header" field is left blank (grafana/alerting http/hmac.go). */
const CODE_DEFAULT_SIGNATURE = 'x-grafana-alert-signature'
/** The name Grafana's form suggests, and what most users type. */
const SUGGESTED_SIGNATURE = 'x-grafana-alerting-signature'
const SUGGESTED_TIMESTAMP = 'x-grafana-alerting-timestamp'
/** Signed timestamps older or newer than this are refused: a captured delivery cannot be replayed later. */
export const GRAFANA_TOLERANCE_MS = 5 * 60_000

const GRAFANA_AUTH = {
  tool: 'Grafana',
  setting: 'contact point "Authorization Header - Scheme" and "Credentials"',
}

/** The signature header names this integration looks at, lower-case. */
function signatureHeaders(options: IntegrationOptions | undefined): string[] {
  return options?.signatureHeader ? [options.signatureHeader.toLowerCase()] : [SUGGESTED_SIGNATURE, CODE_DEFAULT_SIGNATURE]
}

/** The timestamp header to read: the configured one, none, or Grafana's suggested name when present. */
function timestampHeader(options: IntegrationOptions | undefined): string | null {
  if (options?.timestampHeader === null) return null
  return options?.timestampHeader ? options.timestampHeader.toLowerCase() : SUGGESTED_TIMESTAMP
}

function findSignature(request: RawRequest, options: IntegrationOptions | undefined): string | undefined {
  for (const name of signatureHeaders(options)) if (request.headers[name]) return request.headers[name]
  return undefined
}

export const grafana: Provider = {
  id: 'grafana',
  name: 'Grafana Alerting',
  secret: 'user-chosen',
  // Every name this integration may read a signature from: the delivery view redacts them all.
  signatureHeaders: [SUGGESTED_SIGNATURE, CODE_DEFAULT_SIGNATURE],
  options: ['signatureHeader', 'timestampHeader', 'authScheme', 'payload'],
  setup: grafanaSetup({}),
  setupFor: grafanaSetup,

  verify(request, secrets, now, options) {
    if (secrets.length === 0) return { ok: true }
    const provided = findSignature(request, options)
    if (!provided) {
      // A configured signature header that is missing says more than "Authorization missing" when the
      // delivery carries no Authorization either: the HMAC is what was set up.
      if (options?.signatureHeader && !request.headers.authorization)
        return missingHeader(
          options.signatureHeader,
          'set the contact point\'s HMAC Signature "Header" to this name and "Secret" to this integration\'s secret',
        )
      return verifyAuthorization(request, secrets, GRAFANA_AUTH, options)
    }
    const tsName = timestampHeader(options)
    const timestamp = tsName ? request.headers[tsName] : undefined
    if (tsName && options?.timestampHeader && !timestamp)
      return missingHeader(
        options.timestampHeader,
        'set the contact point\'s HMAC "Timestamp header" to this name, or tell Hookbell there is none',
      )
    if (timestamp) {
      const at = parseTimestamp(timestamp)
      if (at === undefined) return { ok: false, status: 401, reason: `${tsName} is not a timestamp` }
      if (Math.abs(now - at) > GRAFANA_TOLERANCE_MS)
        return {
          ok: false,
          status: 401,
          reason: `stale timestamp: ${tsName} is more than 5 minutes from now (check the clock, or a replay)`,
        }
    }
    // With a timestamp header Grafana signs "timestamp:body", without one the body alone.
    return verifyBodyHmac(
      request.body,
      secrets,
      provided,
      timestamp
        ? "is the HMAC secret the integration's current one?"
        : "is the HMAC secret the integration's current one? (if Grafana sends a timestamp header, name it in Hookbell's settings)",
      timestamp ? `${timestamp}:` : '',
    )
  },

  // With a signature header named in its settings, an unsigned delivery is refused (verify), so a relay
  // cannot vouch for one; otherwise a bearer token or basic-auth password is accepted, and the relay checks it.
  relayMayVouch: (options) => !options.signatureHeader,

  normalize: (payload) =>
    normalizeAlertGroup(payload, { name: 'Grafana', customPayloadSetting: 'the contact point has a Custom Payload template' }),
  groupOf: groupByAlertName,
  customPayload: (sample) => suggestedCustomPayload(sample as Json, 'grafana'),
  // Signed with a timestamp by default (sign), which verify holds to 5 minutes.
  conformance: {
    toleranceMs: GRAFANA_TOLERANCE_MS,
    unknownEvent: { none: 'a contact point sends one shape, an alert group whose alerts are firing or resolved' },
  },

  samples: grafanaSamples,

  sign(body, secret, now, options) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Grafana' }
    if (!secret) return headers
    // An integration set up for an Authorization scheme signs that way; otherwise as Grafana's HMAC does.
    if (options?.authScheme && !options.signatureHeader) {
      headers.authorization = `${authorizationRule(options).scheme} ${secret}`
      return headers
    }
    const signatureName = options?.signatureHeader ?? 'X-Grafana-Alerting-Signature'
    const tsName = options?.timestampHeader === null ? null : (options?.timestampHeader ?? 'X-Grafana-Alerting-Timestamp')
    if (tsName) {
      const timestamp = String(Math.floor(now / 1000))
      headers[tsName.toLowerCase()] = timestamp
      headers[signatureName.toLowerCase()] = hmacHex(secret, `${timestamp}:${body}`)
    } else headers[signatureName.toLowerCase()] = hmacHex(secret, body)
    return headers
  },
}

/** The contact point fields to fill in, with this integration's header names and scheme. */
function grafanaSetup(options: IntegrationOptions): string[] {
  const scheme = authorizationRule(options).scheme
  const signature = options.signatureHeader ?? 'X-Grafana-Alerting-Signature'
  const timestamp =
    options.timestampHeader === null
      ? 'leave "Timestamp header" blank'
      : `"Timestamp header" ${options.timestampHeader ?? 'X-Grafana-Alerting-Timestamp'}`
  const steps = [
    'In Grafana: Alerting → Contact points → Add contact point → Integration: Webhook, URL: the receiver URL (or relay URL), HTTP Method POST.',
    `Optional settings → HMAC Signature: "Secret" = this integration's secret, "Header" ${signature}, ${timestamp}.`,
    scheme === DEFAULT_AUTH_SCHEME
      ? 'Or, instead of HMAC: "Authorization Header - Credentials" = the secret (scheme Bearer, the default), or "HTTP Basic Authentication - Password" = the secret.'
      : `Or, instead of HMAC: "Authorization Header - Scheme" ${scheme} and "Authorization Header - Credentials" = the secret, or "HTTP Basic Authentication - Password" = the secret.`,
  ]
  if (options.payload === 'generic')
    steps.push(
      'This integration reads a custom payload with the generic fields. Set "Custom Payload → Payload Template" to: { "summary": "{{ .CommonAnnotations.summary }}", "severity": "{{ .CommonLabels.severity }}", "status": "{{ .Status }}", "dedup_key": "{{ .GroupKey }}", "source": "grafana" } (one incident per alert group).',
    )
  else
    steps.push(
      'Leave "Custom Payload" empty (the default body); with a custom payload template, switch this integration to generic fields.',
    )
  return steps
}
