// AppSignal webhooks (https://docs.appsignal.com/application/integrations/webhooks.html): deploy markers, exception and performance incidents, anomaly alerts.
import type { MetricDetail } from '../../../shared/incident'
import { arr, facts, httpUrl, isObject, num, obj, str, truncate, type Json } from './fields'
import { framesFromLines, isAppFrame } from './frames'
import { latestTimestamp, missingHeader, noSecret, parseTimestamp, sha256Hex, verifyWithSecrets } from './signature'
import type { IncidentAction, IncidentEvent, NormalizeResult, Provider } from './types'
import { appsignalSamples } from './samples/appsignal'

/** Alert states: open opens, closed resolves; warming up / cooling down are in between (never resolved). */
function alertAction(state: string | undefined): IncidentAction {
  switch ((state ?? '').toLowerCase()) {
    case 'open':
    case 'ongoing': // older name for open
      return 'trigger'
    case 'closed':
      return 'resolve'
    default:
      return 'pending'
  }
}

function incidentFacts(x: Json): Record<string, string> {
  const metadata = obj(x, 'metadata') ?? {}
  return facts({
    namespace: str(x, 'namespace'),
    action: str(x, 'action'),
    path: str(x, 'path'),
    hostname: str(x, 'hostname'),
    revision: str(x, 'revision'),
    user: str(x, 'user'),
    'action label': str(x, 'action_label'),
    'app url': str(x, 'app_url'),
    ...Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`metadata.${k}`, v])),
  })
}

function incidentKey(x: Json): string | null {
  const site = str(x, 'site')
  const number = str(x, 'number') ?? str(x, 'incident_id')
  if (!site || !number) return null
  return `incident:${site}|${str(x, 'environment') ?? ''}|${number}`
}

function exception(x: Json): NormalizeResult {
  const key = incidentKey(x)
  if (!key) return { ok: false, reason: 'exception without site and number' }
  const type = str(x, 'exception') ?? 'Exception'
  const message = str(x, 'message') ?? ''
  const backtrace = arr(x, 'app_backtrace').filter((l): l is string => typeof l === 'string')
  return {
    ok: true,
    events: [
      {
        dedupKey: key,
        action: 'trigger',
        kind: 'exception',
        title: truncate(message ? `${type}: ${message}` : type, 300),
        severity: 'error',
        app: str(x, 'site') ?? null,
        environment: str(x, 'environment') ?? null,
        url: httpUrl(str(x, 'url')),
        occurredAt: parseTimestamp(str(x, 'time')),
        // app_backtrace is "application" by AppSignal's filter, which keeps gem frames the app calls through:
        // tell them apart by path.
        exception: { type, message, frames: framesFromLines(backtrace, isAppFrame) },
        facts: incidentFacts(x),
      },
    ],
  }
}

function performance(x: Json): NormalizeResult {
  const key = incidentKey(x)
  if (!key) return { ok: false, reason: 'performance incident without site and number' }
  const action = str(x, 'action') ?? str(x, 'path') ?? 'an action'
  const event: IncidentEvent = {
    dedupKey: key,
    action: 'trigger',
    kind: 'performance',
    title: `Slow ${str(x, 'action_label') ?? 'action'}: ${action}`,
    severity: 'warning',
    app: str(x, 'site') ?? null,
    environment: str(x, 'environment') ?? null,
    url: httpUrl(str(x, 'url')),
    occurredAt: parseTimestamp(str(x, 'time')),
    facts: incidentFacts(x),
  }
  const duration = num(x, 'duration')
  if (duration !== null) event.durationMs = duration
  return { ok: true, events: [event] }
}

function marker(x: Json): NormalizeResult {
  const revision = str(x, 'revision') ?? 'unknown revision'
  const id = str(x, 'marker_id') ?? `${str(x, 'site')}|${str(x, 'environment')}|${revision}`
  return {
    ok: true,
    events: [
      {
        dedupKey: `marker:${id}`,
        action: 'log',
        kind: 'deploy',
        title: `Deployed ${revision} to ${str(x, 'site') ?? 'app'}${str(x, 'environment') ? ` (${str(x, 'environment')})` : ''}`,
        severity: 'info',
        app: str(x, 'site') ?? null,
        environment: str(x, 'environment') ?? null,
        url: httpUrl(str(x, 'url')),
        occurredAt: parseTimestamp(str(x, 'time')),
        deploy: { revision, user: str(x, 'user') ?? null, repository: str(x, 'repository') ?? null },
      },
    ],
  }
}

function anomaly(x: Json): NormalizeResult {
  const alertId = str(x, 'alert_id') ?? str(x, 'id')
  if (!alertId) return { ok: false, reason: 'anomaly alert without alert_id' }
  const state = str(x, 'state')
  const metric: MetricDetail = {
    name: str(x, 'metric_name') ?? 'metric',
    field: str(x, 'field') ?? '',
    lastValue: num(x, 'last_value'),
    peakValue: num(x, 'peak_value'),
    meanValue: num(x, 'mean_value'),
    comparisonOperator: str(x, 'comparison_operator') ?? null,
    comparisonValue: num(x, 'comparison_value'),
    human: {
      lastValue: str(x, 'human_last_value'),
      peakValue: str(x, 'human_peak_value'),
      meanValue: str(x, 'human_mean_value'),
      comparisonValue: str(x, 'human_comparison_value'),
    },
    state,
    openedAt: str(x, 'opened_at') ?? null,
    closedAt: str(x, 'closed_at') ?? null,
    warmupMinutes: num(x, 'warmup_duration'),
    cooldownMinutes: num(x, 'cooldown_duration'),
  }
  const label = str(x, 'name') ?? str(x, 'trigger_label') ?? metric.name
  const tags = arr(x, 'human_tags').filter((t): t is string => typeof t === 'string')
  return {
    ok: true,
    events: [
      {
        dedupKey: `alert:${alertId}`,
        action: alertAction(state),
        kind: 'anomaly',
        title: `${label} on ${str(x, 'site') ?? 'app'}`,
        severity: 'warning',
        app: str(x, 'site') ?? null,
        environment: str(x, 'environment') ?? null,
        url: httpUrl(str(x, 'alert_url')),
        occurredAt: parseTimestamp(str(x, 'closed_at') ?? str(x, 'resolved_at') ?? str(x, 'opened_at') ?? str(x, 'created_at')),
        // An alert gains opened_at, resolved_at and closed_at as it moves on: a late "open" after its "closed"
        // (or a captured one replayed) is older than the state already applied.
        sourceTimestamp: latestTimestamp(['created_at', 'opened_at', 'resolved_at', 'closed_at'].map((k) => str(x, k))),
        metric,
        facts: facts({
          description: str(x, 'trigger_description') ?? str(x, 'message'),
          tags: tags.join(', '),
          'edit trigger': str(x, 'edit_trigger_url'),
        }),
      },
    ],
  }
}

export const appsignal: Provider = {
  id: 'appsignal',
  name: 'AppSignal',
  secret: 'provider-generated',
  signatureHeaders: ['x-appsignal-signature'],
  setup: [
    'In AppSignal: App settings → Notifications → Add integration → Webhook.',
    'Paste the receiver URL (or the relay URL) and choose the payloads: exceptions, performance, deploys, anomaly alerts.',
    "Copy the integration's Webhook verification token from AppSignal and paste it into Hookbell as this integration's secret.",
  ],

  verify(request, secrets) {
    if (secrets.length === 0) return noSecret('verification token', "AppSignal's webhook verification token")
    const provided = request.headers['x-appsignal-signature']
    if (!provided) return missingHeader('X-Appsignal-Signature', 'is the verification token set in AppSignal?')
    // Not an HMAC: SHA-256 over the token followed by the raw body (docs/providers.md).
    return verifyWithSecrets(
      secrets,
      provided,
      (token) => sha256Hex(token, request.body),
      'does the token match the one AppSignal shows for this webhook?',
    )
  },

  normalize(payload) {
    if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
    if (isObject(payload.marker)) return marker(payload.marker)
    if (isObject(payload.exception)) return exception(payload.exception)
    if (isObject(payload.performance)) return performance(payload.performance)
    // Anomaly alerts come both at the root (seed) and wrapped in `alert` (seen in real deliveries).
    if (isObject(payload.alert)) return anomaly(payload.alert)
    if ('alert_id' in payload) return anomaly(payload)
    // A signed payload of a kind AppSignal adds later: kept in the delivery log, not an incident.
    const keys = Object.keys(payload).slice(0, 5).join(', ') || 'no keys'
    return {
      ok: true,
      events: [],
      note: `AppSignal payload (${keys}) recorded; not one Hookbell reads (marker, exception, performance or an anomaly alert)`,
    }
  },

  conformance: {
    unknownEvent: () => ({ body: { uptime_monitor: { name: 'checkout', state: 'down' } } }),
  },

  samples: appsignalSamples,

  sign(body, secret) {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (secret) headers['x-appsignal-signature'] = sha256Hex(secret, body)
    return headers
  },
}
