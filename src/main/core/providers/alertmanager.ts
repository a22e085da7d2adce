// Prometheus Alertmanager webhook_config (payload version 4), and the shared reader Grafana reuses.
// No HMAC: Alertmanager authenticates with http_config (authorization with any type, or basic auth). It
// retries 5xx only, which is why every transient failure here is a 503 (pipeline.ts), never a 429.
// Newer versions add `routeLabels` (labels set on the route, 0.34) and `notification_reason` to the body:
// https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
import type { Severity } from '../../../shared/incident'
import type { IntegrationOptions } from '../../../shared/model'
import { authorizationRule, DEFAULT_AUTH_SCHEME } from '../../../server-common/credentials'
import type { IncidentGroupRef } from '../../../shared/incident'
import { parseLabels } from '../../../shared/labels'
import { verifyAuthorization } from './authorization'
import { arr, facts, httpUrl, isObject, obj, str, text, truncate, type Json } from './fields'
import { parseTimestamp, sha256Hex } from './signature'
import type { Groupable, IncidentEvent, NormalizeResult, Provider } from './types'
import { alertmanagerSamples, suggestedCustomPayload } from './samples/alertmanager'

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

const ALERTMANAGER_AUTH = { tool: 'Alertmanager', setting: 'http_config authorization (type and credentials)' }

/** Which tool sent an Alertmanager-shaped group: its name, and where its custom payload is set. */
export interface AlertGroupSource {
  name: string
  customPayloadSetting: string
}

const ALERTMANAGER_SOURCE: AlertGroupSource = {
  name: 'Alertmanager',
  customPayloadSetting: 'the webhook_config sets a custom payload',
}

/**
 * One group per alert name, whatever the instance (a storm of one rule across 30 instances is one problem);
 * Grafana declares the same.
 */
export function groupByAlertName(incident: Groupable): IncidentGroupRef | null {
  if (incident.kind !== 'alert') return null
  const name = parseLabels(incident.facts?.labels).alertname?.trim()
  return name ? { key: `alert:${name}`, label: name } : null
}

/** One incident per alert (fingerprint), Alertmanager v4 shape; Grafana adds `values` and its own fields. */
export function normalizeAlertGroup(payload: unknown, source: AlertGroupSource): NormalizeResult {
  if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
  const alerts = arr(payload, 'alerts').filter(isObject)
  if (!Array.isArray(payload.alerts))
    return {
      ok: false,
      reason: `no alerts[] array: if ${source.customPayloadSetting}, set this integration's payload to generic fields`,
    }
  const common = obj(payload, 'commonLabels') ?? {}
  const events: IncidentEvent[] = alerts.map((alert) => toEvent(alert, payload, common, source))
  return { ok: true, events, note: events.length === 0 ? 'alert group without alerts' : undefined }
}

/** Labels the route set (0.34: `routeLabels`), e.g. team or service: good grouping keys when alerts lack them. */
function routeLabelsOf(group: Json): Json {
  return obj(group, 'routeLabels') ?? obj(group, 'route_labels') ?? {}
}

function labelList(labels: Json): string | undefined {
  const entries = Object.entries(labels)
  return entries.length ? entries.map(([k, v]) => `${k}=${text(v)}`).join(', ') : undefined
}

function toEvent(alert: Json, group: Json, common: Json, source: AlertGroupSource): IncidentEvent {
  const labels = { ...common, ...(obj(alert, 'labels') ?? {}) }
  const route = routeLabelsOf(group)
  // Why Alertmanager sent this notification (newer versions): shown on the incident's timeline.
  const reason = str(group, 'notification_reason') ?? str(group, 'notificationReason')
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
    app:
      str(labels, 'service') ??
      str(labels, 'app') ??
      str(route, 'service') ??
      str(route, 'app') ??
      str(route, 'team') ??
      str(labels, 'job') ??
      null,
    environment: str(labels, 'env') ?? str(labels, 'environment') ?? str(route, 'env') ?? str(route, 'environment') ?? null,
    url: httpUrl(str(alert, 'generatorURL')) ?? httpUrl(str(alert, 'panelURL')) ?? httpUrl(str(group, 'externalURL')),
    occurredAt: resolved ? (endsAt ?? startsAt) : startsAt,
    facts: facts({
      description: str(annotations, 'description') ?? str(annotations, 'message'),
      runbook: str(annotations, 'runbook_url'),
      labels: labelList(labels),
      route: labelList(route),
      notification_reason: reason,
      values: values
        ? Object.entries(values)
            .map(([k, v]) => `${k}=${text(v)}`)
            .join(', ')
        : undefined,
      receiver: str(group, 'receiver'),
      source: source.name,
    }),
  }
  // A late "firing" must not undo a later "resolved": order by when the source says each happened.
  const stamp = resolved ? (endsAt ?? startsAt) : startsAt
  if (stamp !== undefined) event.sourceTimestamp = stamp
  if (reason) event.sourceNote = `${source.name}: ${reason}`
  return event
}

export const alertmanager: Provider = {
  id: 'alertmanager',
  name: 'Prometheus Alertmanager',
  secret: 'user-chosen',
  signatureHeaders: [],
  options: ['authScheme', 'payload'],
  setup: alertmanagerSetup({}),
  setupFor: alertmanagerSetup,
  verify: (request, secrets, _now, options) => verifyAuthorization(request, secrets, ALERTMANAGER_AUTH, options),
  relayMayVouch: () => true,
  normalize: (payload) => normalizeAlertGroup(payload, ALERTMANAGER_SOURCE),
  groupOf: groupByAlertName,
  customPayload: (sample) => suggestedCustomPayload(sample as Json, 'alertmanager'),
  conformance: {
    verifies: 'credential',
    unknownEvent: { none: 'a webhook_config sends one shape, an alert group whose alerts are firing or resolved' },
  },
  samples: alertmanagerSamples,
  sign(_body, secret, _now, options) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Alertmanager/0.28.1' }
    if (secret) headers.authorization = `${authorizationRule(options).scheme} ${secret}`
    return headers
  },
}

/** The alertmanager.yml settings to fill in, with this integration's scheme and payload choice. */
function alertmanagerSetup(options: IntegrationOptions): string[] {
  const scheme = authorizationRule(options).scheme
  const steps = [
    'In alertmanager.yml, add a receiver with webhook_configs: url: <receiver URL>, send_resolved: true.',
    scheme === DEFAULT_AUTH_SCHEME
      ? "Under that webhook_config's http_config, set authorization: credentials: <this integration's secret> (type Bearer is the default)."
      : `Under that webhook_config's http_config, set authorization: type: ${scheme} and credentials: <this integration's secret>.`,
    "Or, instead, http_config basic_auth: username: any name, password: <this integration's secret>.",
    'Route the alerts you want on your laptop to that receiver. Hookbell makes one incident per alert (fingerprint); route labels (routes[].labels) name the app and team when alerts lack them.',
  ]
  if (options.payload === 'generic')
    steps.push(
      "This integration reads a custom payload with the generic fields. In the webhook_config set payload: { summary: '{{ .CommonAnnotations.summary }}', severity: '{{ .CommonLabels.severity }}', status: '{{ .Status }}', dedup_key: '{{ .GroupKey }}', source: 'alertmanager' } (one incident per alert group).",
    )
  else
    steps.push(
      'Leave webhook_config payload unset (the default body); with a custom payload, switch this integration to generic fields.',
    )
  return steps
}
