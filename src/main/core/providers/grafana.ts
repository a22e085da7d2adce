// Grafana alerting webhooks: the Alertmanager shape plus state, title, message and per-alert values.
// Optional HMAC (hmac_config): hex HMAC-SHA256 of "timestamp:body" when a timestamp header is configured,
// of the body alone otherwise.
import { normalizeAlertGroup, verifyAuthorization } from './alertmanager'
import { hmacHex, parseTimestamp, verifyBodyHmac } from './signature'
import type { Provider } from './types'
import { grafanaSamples } from './samples/grafana'

const SIGNATURE = 'x-grafana-alerting-signature'
const TIMESTAMP = 'x-grafana-alerting-timestamp'
/** Signed timestamps older or newer than this are refused: a captured delivery cannot be replayed later. */
export const GRAFANA_TOLERANCE_MS = 5 * 60_000

export const grafana: Provider = {
  id: 'grafana',
  name: 'Grafana Alerting',
  secret: 'user-chosen',
  signatureHeaders: [SIGNATURE],
  setup: [
    'In Grafana: Alerting → Contact points → Add contact point → Webhook, URL: the receiver URL (or relay URL).',
    "Optional settings → HMAC signature: secret = this integration's secret, header X-Grafana-Alerting-Signature, timestamp header X-Grafana-Alerting-Timestamp.",
    'Or, instead of HMAC, set Authorization header credentials to the secret (scheme Bearer).',
  ],

  verify(request, secrets, now) {
    if (secrets.length === 0) return { ok: true }
    const provided = request.headers[SIGNATURE]
    if (!provided) return verifyAuthorization(request, secrets, 'Grafana')
    const timestamp = request.headers[TIMESTAMP]
    if (timestamp) {
      const at = parseTimestamp(timestamp)
      if (at === undefined) return { ok: false, status: 401, reason: `${TIMESTAMP} is not a timestamp` }
      if (Math.abs(now - at) > GRAFANA_TOLERANCE_MS)
        return {
          ok: false,
          status: 401,
          reason: `stale timestamp: ${TIMESTAMP} is more than 5 minutes from now (check the clock, or a replay)`,
        }
    }
    // With a timestamp header Grafana signs "timestamp:body", without one the body alone.
    return verifyBodyHmac(
      request.body,
      secrets,
      provided,
      "is the HMAC secret the integration's current one?",
      timestamp ? `${timestamp}:` : '',
    )
  },

  normalize: (payload) => normalizeAlertGroup(payload, 'grafana'),

  samples: grafanaSamples,

  sign(body, secret, now) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Grafana' }
    if (secret) {
      const timestamp = String(Math.floor(now / 1000))
      headers[TIMESTAMP] = timestamp
      headers[SIGNATURE] = hmacHex(secret, `${timestamp}:${body}`)
    }
    return headers
  },
}
