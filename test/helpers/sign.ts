// Signatures computed the way each provider's documentation says, independently of the code under test.
import { createHash, createHmac } from 'node:crypto'

export const hmacHex = (secret: string, body: string | Buffer) => createHmac('sha256', secret).update(body).digest('hex')

/** AppSignal: hex SHA-256 of (token + raw body); not an HMAC. */
export const appsignalSignature = (token: string, body: string) =>
  createHash('sha256')
    .update(token + body)
    .digest('hex')

/**
 * Standard Webhooks (incident.io, GitLab's signing token): `v1,` + base64 HMAC-SHA256 keyed with the base64 after
 * `whsec_`, over `id.timestamp.body` (standard-webhooks spec, "Signature scheme").
 */
export function standardWebhookHeaders(secret: string, body: string, seconds: number, id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W') {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const signature = createHmac('sha256', key).update(`${id}.${seconds}.${body}`).digest('base64')
  return { 'webhook-id': id, 'webhook-timestamp': String(seconds), 'webhook-signature': `v1,${signature}` }
}

/** How each provider's documentation says a delivery is signed: headers for (secret, raw body). */
/** `sent`: the headers the code under test produced, for values the sender picks per delivery (webhook-id). */
export const SIGNERS: Record<
  string,
  (secret: string, body: string, nowSeconds?: number, sent?: Record<string, string>) => Record<string, string>
> = {
  appsignal: (s, b) => ({ 'x-appsignal-signature': appsignalSignature(s, b) }),
  sentry: (s, b) => ({ 'sentry-hook-signature': hmacHex(s, b), 'sentry-hook-resource': 'event_alert' }),
  checkly: (s, b, t = Math.floor(Date.now() / 1000)) => ({
    'x-checkly-signature': hmacHex(s, b),
    'x-checkly-timestamp': String(t),
  }),
  generic: (s, b) => ({ 'x-signature': `sha256=${hmacHex(s, b)}` }),
  alertmanager: (s) => ({ authorization: `Bearer ${s}` }),
  // Datadog, New Relic, Opsgenie and Grafana OnCall cannot sign: the secret travels in the Authorization
  // header their setup steps have the user set (Custom Headers, destination bearer token, Authorization Header).
  datadog: (s) => ({ authorization: `Bearer ${s}` }),
  newrelic: (s) => ({ authorization: `Bearer ${s}` }),
  opsgenie: (s) => ({ authorization: `Bearer ${s}` }),
  'grafana-oncall': (s) => ({ authorization: `Bearer ${s}` }),
  // Azure puts the user-info of the webhook URI, Google its "Use HTTP Basic Auth" fields, in basic auth.
  'azure-monitor': (s) => ({ authorization: `Basic ${Buffer.from(`hookbell:${s}`).toString('base64')}` }),
  'google-cloud': (s) => ({ authorization: `Basic ${Buffer.from(`hookbell:${s}`).toString('base64')}` }),
  // Honeybadger sends the project token as is (docs.honeybadger.io/resources/security/).
  honeybadger: (s) => ({ 'honeybadger-token': s }),
  // Uptime Kuma's "Additional Headers" {"Authorization": "Bearer <secret>"}.
  uptimekuma: (s) => ({ authorization: `Bearer ${s}` }),
  // Better Stack's outgoing webhook basic-auth username and password.
  betterstack: (s) => ({ authorization: `Basic ${Buffer.from(`hookbell:${s}`).toString('base64')}` }),
  pagerduty: (s, b) => ({ 'x-pagerduty-signature': `v1=${hmacHex(s, b)}` }),
  incidentio: (s, b, t = Math.floor(Date.now() / 1000), sent) => standardWebhookHeaders(s, b, t, sent?.['webhook-id']),
  github: (s, b) => ({ 'x-hub-signature-256': `sha256=${hmacHex(s, b)}` }),
  gitlab: (s) => ({ 'x-gitlab-token': s }),
  grafana: (s, b, t = Math.floor(Date.now() / 1000)) => ({
    'x-grafana-alerting-signature': hmacHex(s, `${t}:${b}`),
    'x-grafana-alerting-timestamp': String(t),
  }),
}
