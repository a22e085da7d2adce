// Prometheus Alertmanager webhook_config (payload version 4), and the shared reader Grafana reuses.
// No HMAC: Alertmanager authenticates with http_config (bearer token or basic auth). It retries 5xx only,
// which is why every transient failure here is a 503 (pipeline.ts), never a 429.
import { timingSafeEqual } from 'node:crypto'
import type { Severity } from '../../../shared/incident'
import { arr, facts, httpUrl, isObject, obj, str, truncate, type Json } from './fields'
import { parseTimestamp, sha256Hex } from './signature'
import type { IncidentEvent, NormalizeResult, Provider, RawRequest, VerifyResult } from './types'
import { alertmanagerSamples } from './samples/alertmanager'

const SEVERITIES: Record<string, Severity> = {
  critical: 'critical',
  page: 'critical',
  high: 'critical',
  error: 'error',
  major: 'error',
  warning: 'warning',
  warn: 'warning',
  minor: 'warning',
  info: 'info',
  none: 'info',
  low: 'info',
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(sha256Hex(a))
  const y = Buffer.from(sha256Hex(b))
  return timingSafeEqual(x, y)
}

/** Bearer token (authorization.credentials) or the basic-auth password: either may carry the secret. */
export function verifyAuthorization(request: RawRequest, secrets: readonly string[], tool: string): VerifyResult {
  if (secrets.length === 0) return { ok: true }
  const header = request.headers.authorization
  if (!header)
    return {
      ok: false,
      status: 401,
      reason: `Authorization missing: set ${tool}'s http_config authorization (Bearer) to this integration's secret`,
    }
  let given: string | undefined
  const [scheme, value = ''] = header.split(/\s+/, 2)
  if (/^bearer$/i.test(scheme ?? '')) given = value
  else if (/^basic$/i.test(scheme ?? '')) given = Buffer.from(value, 'base64').toString('utf8').split(':').slice(1).join(':')
  if (given === undefined)
    return { ok: false, status: 401, reason: 'Authorization must be Bearer <secret> or Basic with the secret as password' }
  let matched = false
  for (const secret of secrets) if (sameSecret(secret, given)) matched = true
  return matched ? { ok: true } : { ok: false, status: 401, reason: "Authorization does not match this integration's secret" }
}

/** One incident per alert (fingerprint), Alertmanager v4 shape; Grafana adds `values` and its own fields. */
export function normalizeAlertGroup(payload: unknown, kind: 'alertmanager' | 'grafana'): NormalizeResult {
  if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
  const alerts = arr(payload, 'alerts').filter(isObject)
  if (!Array.isArray(payload.alerts))
    return { ok: false, reason: 'no alerts[] array: is this an Alertmanager (version 4) webhook?' }
  const common = obj(payload, 'commonLabels') ?? {}
  const events: IncidentEvent[] = alerts.map((alert) => toEvent(alert, payload, common, kind))
  return { ok: true, events, note: events.length === 0 ? 'alert group without alerts' : undefined }
}

function toEvent(alert: Json, group: Json, common: Json, kind: 'alertmanager' | 'grafana'): IncidentEvent {
  const labels = { ...common, ...(obj(alert, 'labels') ?? {}) }
  const annotations = obj(alert, 'annotations') ?? {}
  const name = str(labels, 'alertname') ?? 'alert'
  const resolved = str(alert, 'status') === 'resolved'
  const startsAt = parseTimestamp(str(alert, 'startsAt'))
  const endsAt = parseTimestamp(str(alert, 'endsAt'))
  const fingerprint = str(alert, 'fingerprint') ?? sha256Hex(JSON.stringify(Object.entries(labels).sort())).slice(0, 16)
  const values = obj(alert, 'values')
  const event: IncidentEvent = {
    dedupKey: `alert:${fingerprint}`,
    action: resolved ? 'resolve' : 'trigger',
    kind: 'alert',
    title: truncate(
      str(annotations, 'summary') ??
        str(annotations, 'title') ??
        (labels.instance ? `${name} on ${str(labels, 'instance')}` : name),
      300,
    ),
    severity: SEVERITIES[(str(labels, 'severity') ?? '').toLowerCase()] ?? 'warning',
    app: str(labels, 'service') ?? str(labels, 'app') ?? str(labels, 'job') ?? null,
    environment: str(labels, 'env') ?? str(labels, 'environment') ?? null,
    url: httpUrl(str(alert, 'generatorURL')) ?? httpUrl(str(alert, 'panelURL')) ?? httpUrl(str(group, 'externalURL')),
    occurredAt: resolved ? (endsAt ?? startsAt) : startsAt,
    facts: facts({
      description: str(annotations, 'description') ?? str(annotations, 'message'),
      runbook: str(annotations, 'runbook_url'),
      labels: Object.entries(labels)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', '),
      values: values
        ? Object.entries(values)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(', ')
        : undefined,
      receiver: str(group, 'receiver'),
      source: kind === 'grafana' ? 'Grafana' : 'Alertmanager',
    }),
  }
  // A late "firing" must not undo a later "resolved": order by when the source says each happened.
  const stamp = resolved ? (endsAt ?? startsAt) : startsAt
  if (stamp !== undefined) event.sourceTimestamp = stamp
  return event
}

export const alertmanager: Provider = {
  id: 'alertmanager',
  name: 'Prometheus Alertmanager',
  secret: 'user-chosen',
  signatureHeaders: [],
  setup: [
    'In alertmanager.yml, add a receiver with webhook_configs: url: <receiver URL>, send_resolved: true.',
    "Under http_config.authorization set type: Bearer and credentials: <this integration's secret>.",
    'Route the alerts you want on your laptop to that receiver. Hookbell makes one incident per alert (fingerprint).',
  ],
  verify: (request, secrets) => verifyAuthorization(request, secrets, 'Alertmanager'),
  normalize: (payload) => normalizeAlertGroup(payload, 'alertmanager'),
  samples: alertmanagerSamples,
  sign(_body, secret) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Alertmanager/0.28.1' }
    if (secret) headers.authorization = `Bearer ${secret}`
    return headers
  },
}
