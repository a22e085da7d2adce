// Sentry integration-platform webhooks
// (https://docs.sentry.io/organization/integrations/integration-platform/webhooks/).
import type { ExceptionDetail, Severity, StackFrame } from '../../../shared/incident'
import { arr, facts, httpUrl, isObject, obj, str, truncate, type Json } from './fields'
import { MAX_FRAMES } from './frames'
import { hmacHex, latestTimestamp, missingHeader, noSecret, verifyBodyHmac } from './signature'
import type { IncidentAction, IncidentEvent, NormalizeResult, Provider } from './types'
import { sentrySamples } from './samples/sentry'

const LEVELS: Record<string, Severity> = {
  fatal: 'critical',
  error: 'error',
  warning: 'warning',
  info: 'info',
  debug: 'info',
  sample: 'info',
}
const level = (value: string | undefined): Severity => LEVELS[(value ?? '').toLowerCase()] ?? 'error'

/** Sentry tags arrive as [key, value] pairs. */
function tag(event: Json, key: string): string | undefined {
  for (const pair of arr(event, 'tags')) {
    if (Array.isArray(pair) && pair[0] === key && typeof pair[1] === 'string') return pair[1]
  }
  return undefined
}

/** The last entry of exception.values is the one raised (the others are its causes). */
function exceptionOf(event: Json): ExceptionDetail | undefined {
  const values = arr(obj(event, 'exception'), 'values').filter(isObject)
  const primary = values[values.length - 1]
  if (!primary) return undefined
  const frames: StackFrame[] = arr(obj(primary, 'stacktrace'), 'frames')
    .filter(isObject)
    .slice(-MAX_FRAMES)
    .map((f) => ({
      file: str(f, 'filename') ?? str(f, 'abs_path') ?? str(f, 'module') ?? '?',
      line: typeof f.lineno === 'number' ? f.lineno : null,
      function: str(f, 'function') ?? '',
      inApp: f.in_app === true,
    }))
  return { type: str(primary, 'type') ?? 'Error', message: str(primary, 'value') ?? '', frames }
}

function eventIncident(event: Json, extra: Record<string, string | undefined>): NormalizeResult {
  const issueId = str(event, 'issue_id') ?? str(event, 'group_id')
  if (!issueId) return { ok: false, reason: 'event without issue_id' }
  const exception = exceptionOf(event)
  const incident: IncidentEvent = {
    dedupKey: `issue:${issueId}`,
    action: 'trigger',
    kind: 'exception',
    title: truncate(str(event, 'title') ?? (exception ? `${exception.type}: ${exception.message}` : 'Sentry event'), 300),
    severity: level(str(event, 'level')),
    app: tag(event, 'project') ?? str(event, 'project_slug') ?? null,
    environment: tag(event, 'environment') ?? str(event, 'environment') ?? null,
    url: httpUrl(str(event, 'web_url') ?? str(event, 'issue_url')),
    facts: facts({
      culprit: str(event, 'culprit'),
      release: tag(event, 'release'),
      'event id': str(event, 'event_id'),
      ...extra,
    }),
  }
  if (exception) incident.exception = exception
  const timestamp = typeof event.timestamp === 'number' ? event.timestamp * 1000 : Date.parse(str(event, 'datetime') ?? '')
  if (Number.isFinite(timestamp)) incident.occurredAt = timestamp
  return { ok: true, events: [incident] }
}

// created and unresolved (re)open; resolved, ignored and archived close it at the source; assigned changes
// nothing but who is on it.
const ISSUE_ACTIONS: Record<string, IncidentAction> = {
  created: 'trigger',
  unresolved: 'trigger',
  resolved: 'resolve',
  ignored: 'resolve',
  archived: 'resolve',
  assigned: 'pending',
}

function issue(action: string, data: Json): NormalizeResult {
  const issue = obj(data, 'issue')
  const id = str(issue, 'id')
  if (!issue || !id) return { ok: false, reason: 'issue webhook without data.issue.id' }
  const mapped = ISSUE_ACTIONS[action]
  if (!mapped) return { ok: true, events: [], note: `Sentry issue action "${action}" recorded` }
  const project = obj(issue, 'project')
  const assignee = obj(issue, 'assignedTo') ?? obj(data, 'assignedTo')
  return {
    ok: true,
    events: [
      {
        dedupKey: `issue:${id}`,
        action: mapped,
        kind: 'issue',
        title: truncate(str(issue, 'title') ?? `Sentry issue ${str(issue, 'shortId') ?? id}`, 300),
        severity: level(str(issue, 'level')),
        app: str(project, 'slug') ?? str(project, 'name') ?? null,
        environment: null,
        url: httpUrl(str(issue, 'web_url') ?? str(issue, 'permalink')),
        facts: facts({
          'short id': str(issue, 'shortId'),
          culprit: str(issue, 'culprit'),
          'events (Sentry)': str(issue, 'count'),
          'Sentry status': str(issue, 'status'),
          'assigned to': str(assignee, 'name') ?? str(assignee, 'email'),
          'last action': action,
        }),
      },
    ],
  }
}

const METRIC_ACTIONS: Record<string, { action: IncidentAction; severity: Severity }> = {
  critical: { action: 'trigger', severity: 'critical' },
  warning: { action: 'trigger', severity: 'warning' },
  open: { action: 'trigger', severity: 'error' },
  resolved: { action: 'resolve', severity: 'info' },
}

function metricAlert(action: string, data: Json): NormalizeResult {
  const alert = obj(data, 'metric_alert')
  const id = str(alert, 'id')
  if (!alert || !id) return { ok: false, reason: 'metric_alert webhook without data.metric_alert.id' }
  const mapped = METRIC_ACTIONS[action]
  if (!mapped) return { ok: true, events: [], note: `Sentry metric alert action "${action}" recorded` }
  const rule = obj(alert, 'alert_rule')
  return {
    ok: true,
    events: [
      {
        dedupKey: `metric:${id}`,
        action: mapped.action,
        kind: 'alert',
        title: truncate(str(data, 'description_title') ?? str(alert, 'title') ?? str(rule, 'name') ?? 'Sentry metric alert', 300),
        severity: mapped.severity,
        app: arr(rule, 'projects').find((p): p is string => typeof p === 'string') ?? null,
        environment: str(rule, 'environment') ?? null,
        url: httpUrl(str(data, 'web_url')),
        occurredAt: Date.parse(str(alert, 'date_detected') ?? str(alert, 'date_started') ?? '') || undefined,
        // One metric_alert id is one Sentry incident (critical, warning, resolved); a new firing gets a new id.
        // date_closed is set when it resolves, so a late "critical" after the "resolved" is older.
        sourceTimestamp: latestTimestamp(
          ['date_started', 'date_detected', 'date_created', 'date_closed'].map((k) => str(alert, k)),
        ),
        facts: facts({
          description: str(data, 'description_text'),
          rule: str(rule, 'name'),
          aggregate: str(rule, 'aggregate'),
          query: str(rule, 'query'),
        }),
      },
    ],
  }
}

/** Resource from the header; older or relayed deliveries without it are recognised by their data. */
function resourceOf(headers: Record<string, string>, data: Json | undefined): string {
  const header = headers['sentry-hook-resource']
  if (header) return header
  if (obj(data, 'event')) return 'event_alert'
  if (obj(data, 'error')) return 'error'
  if (obj(data, 'issue')) return 'issue'
  if (obj(data, 'metric_alert')) return 'metric_alert'
  return 'unknown'
}

export const sentry: Provider = {
  id: 'sentry',
  name: 'Sentry',
  secret: 'provider-generated',
  signatureHeaders: ['sentry-hook-signature'],
  // Sentry waits 1 s for an answer and unsubscribes an integration after 1,000 timeouts in 24 hours:
  // https://docs.sentry.io/organization/integrations/integration-platform/webhooks/
  answerLimitMs: 1000,
  setup: [
    'In Sentry: Settings → Developer Settings → Custom Integrations → New Internal Integration.',
    'Webhook URL: the receiver URL (or the relay URL). Turn on "Alert Rule Action" and subscribe to issue and error webhooks.',
    "Copy the integration's Client Secret into Hookbell as this integration's secret.",
    'In an alert rule, add the action "Send a notification via <your integration>".',
  ],

  verify(request, secrets) {
    if (secrets.length === 0) return noSecret('client secret', "the Sentry integration's Client Secret")
    const provided = request.headers['sentry-hook-signature']
    if (!provided) return missingHeader('Sentry-Hook-Signature', 'is this an internal integration webhook from Sentry?')
    return verifyBodyHmac(request.body, secrets, provided, "is the Client Secret the integration's current one?")
  },

  normalize(payload, request) {
    if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
    const action = str(payload, 'action') ?? ''
    const data = obj(payload, 'data')
    const resource = resourceOf(request.headers, data)
    switch (resource) {
      case 'event_alert': {
        const event = obj(data, 'event')
        if (!event) return { ok: false, reason: 'event_alert without data.event' }
        return eventIncident(event, { 'alert rule': str(obj(data, 'triggered_rule'), 'label') ?? str(data, 'triggered_rule') })
      }
      case 'error': {
        const error = obj(data, 'error')
        if (!error) return { ok: false, reason: 'error webhook without data.error' }
        return eventIncident(error, {})
      }
      case 'issue':
        return issue(action, data ?? {})
      case 'metric_alert':
        return metricAlert(action, data ?? {})
      default:
        // installation, comment, seer and resources Sentry adds later: logged, never incidents.
        return { ok: true, events: [], note: `Sentry ${resource} webhook (${action || 'no action'}) recorded; not an incident` }
    }
  },

  conformance: {
    // Sentry-Hook-Timestamp is not signed, so not checked: no tolerance.
    unknownEvent: () => ({
      // A comment webhook (https://docs.sentry.io/organization/integrations/integration-platform/webhooks/comments/).
      body: {
        action: 'created',
        installation: { uuid: '7a485448-a9e2-4c85-8a3c-4f44175783c9' },
        data: { comment_id: '1234', issue_id: '1170820242', project_slug: 'checkout-api', comment: 'looking at it' },
        actor: { type: 'user', id: 1, name: 'Ana' },
      },
      headers: { 'sentry-hook-resource': 'comment' },
    }),
  },

  samples: sentrySamples,

  sign(body, secret, now) {
    const resource = (() => {
      try {
        const data = (JSON.parse(body) as { data?: Json }).data
        return resourceOf({}, data)
      } catch {
        return 'event_alert'
      }
    })()
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'request-id': crypto.randomUUID().replaceAll('-', ''),
      'sentry-hook-resource': resource,
      'sentry-hook-timestamp': String(Math.floor(now / 1000)),
    }
    if (secret) headers['sentry-hook-signature'] = hmacHex(secret, body)
    return headers
  },
}
