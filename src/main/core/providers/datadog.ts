// Datadog Webhooks integration (https://docs.datadoghq.com/integrations/webhooks/). Datadog cannot sign: the
// body is whatever payload the user saved in the webhook, with $VARIABLES filled in, so Hookbell publishes one
// (DATADOG_TEMPLATE) and authenticates with the webhook's "Custom Headers" (an Authorization header carrying
// this integration's secret), or with basic auth. Datadog waits 15 s and retries 5xx only.
import type { Severity } from '../../../shared/incident'
import { verifyAuthorization } from './authorization'
import { parseChecklyBody } from './checkly'
import { facts, firstOf, httpUrl, isObject, type Json } from './fields'
import { severityOfPriority } from './priority'
import { parseTimestamp } from './signature'
import type { IncidentAction, IncidentEvent, Provider } from './types'
import { datadogSamples, datadogUnknownEvent } from './samples/datadog'

/** The webhook's Payload to paste: every field Hookbell reads, under the names below. */
export const DATADOG_TEMPLATE = `{
  "alertTransition": "$ALERT_TRANSITION",
  "alertCycleKey": "$ALERT_CYCLE_KEY",
  "alertId": "$ALERT_ID",
  "alertPriority": "$ALERT_PRIORITY",
  "alertType": "$ALERT_TYPE",
  "alertTitle": "$ALERT_TITLE",
  "alertStatus": "$ALERT_STATUS",
  "alertScope": "$ALERT_SCOPE",
  "alertMetric": "$ALERT_METRIC",
  "alertQuery": "$ALERT_QUERY",
  "eventTitle": "$EVENT_TITLE",
  "eventMsg": "$EVENT_MSG",
  "textOnlyMsg": "$TEXT_ONLY_MSG",
  "eventType": "$EVENT_TYPE",
  "id": "$ID",
  "aggregKey": "$AGGREG_KEY",
  "hostname": "$HOSTNAME",
  "link": "$LINK",
  "date": "$DATE",
  "lastUpdated": "$LAST_UPDATED",
  "tags": "$TAGS",
  "orgId": "$ORG_ID",
  "orgName": "$ORG_NAME"
}`

// Each field under the template's name and the snake_case a hand-written payload tends to use.
const FIELD = {
  transition: ['alertTransition', 'alert_transition', 'ALERT_TRANSITION'],
  cycleKey: ['alertCycleKey', 'alert_cycle_key', 'ALERT_CYCLE_KEY'],
  alertId: ['alertId', 'alert_id', 'ALERT_ID'],
  priority: ['alertPriority', 'alert_priority', 'ALERT_PRIORITY'],
  alertType: ['alertType', 'alert_type', 'ALERT_TYPE'],
  alertTitle: ['alertTitle', 'alert_title', 'ALERT_TITLE'],
  status: ['alertStatus', 'alert_status', 'ALERT_STATUS'],
  scope: ['alertScope', 'alert_scope', 'ALERT_SCOPE'],
  metric: ['alertMetric', 'alert_metric', 'ALERT_METRIC'],
  query: ['alertQuery', 'alert_query', 'ALERT_QUERY'],
  eventTitle: ['eventTitle', 'event_title', 'title', 'EVENT_TITLE'],
  message: ['textOnlyMsg', 'text_only_msg', 'eventMsg', 'event_msg', 'body', 'EVENT_MSG'],
  hostname: ['hostname', 'HOSTNAME'],
  link: ['link', 'LINK'],
  date: ['date', 'DATE'],
  lastUpdated: ['lastUpdated', 'last_updated', 'LAST_UPDATED'],
  tags: ['tags', 'TAGS'],
  orgId: ['orgId', 'org_id', 'ORG_ID'],
  orgName: ['orgName', 'org_name', 'ORG_NAME'],
} as const

interface Transition {
  action: IncidentAction
  /** Severity when the monitor has no priority; Warn and No Data are warnings whatever the priority. */
  severity: Severity
  capped: boolean
  reminder: boolean
}

// $ALERT_TRANSITION values (docs: Recovered, Triggered/Re-Triggered, No Data/Re-No Data, Warn/Re-Warn, Renotify).
const TRANSITIONS: Record<string, Transition> = {
  triggered: { action: 'trigger', severity: 'error', capped: false, reminder: false },
  're-triggered': { action: 'trigger', severity: 'error', capped: false, reminder: true },
  warn: { action: 'trigger', severity: 'warning', capped: true, reminder: false },
  're-warn': { action: 'trigger', severity: 'warning', capped: true, reminder: true },
  'no data': { action: 'trigger', severity: 'warning', capped: true, reminder: false },
  're-no data': { action: 'trigger', severity: 'warning', capped: true, reminder: true },
  renotify: { action: 'trigger', severity: 'error', capped: false, reminder: true },
  recovered: { action: 'resolve', severity: 'info', capped: false, reminder: false },
}

const KNOWN = 'Triggered, Re-Triggered, Warn, Re-Warn, No Data, Re-No Data, Recovered, Renotify'

/** A payload without $ALERT_TRANSITION may still carry it in the event title: "[Triggered on {host:a}] …". */
function transitionOf(payload: Json): string | undefined {
  const named = firstOf(payload, FIELD.transition)
  if (named) return named
  const title = firstOf(payload, FIELD.eventTitle)
  return title ? /^\[(P\d\] \[)?([A-Za-z -]+?)(?: on \{[^}]*\})?\]/.exec(title)?.[2] : undefined
}

/** $TAGS and $ALERT_SCOPE are comma-separated key:value tags. */
function tagMap(...lists: (string | undefined)[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const list of lists)
    for (const tag of (list ?? '').split(',')) {
      const [key, ...rest] = tag.trim().split(':')
      if (key && rest.length && !out.has(key)) out.set(key, rest.join(':'))
    }
  return out
}

const CAP: Record<Severity, Severity> = { critical: 'warning', error: 'warning', warning: 'warning', info: 'info' }

const DATADOG_AUTH = { tool: 'Datadog', setting: 'webhook "Custom Headers" ({"Authorization": "Bearer <secret>"})' }

export const datadog: Provider = {
  id: 'datadog',
  name: 'Datadog',
  secret: 'user-chosen',
  signatureHeaders: [],
  template: DATADOG_TEMPLATE,
  answerLimitMs: 15_000,
  setup: [
    'In Datadog: Integrations → Webhooks → New (or + New Webhook). Name: hookbell. URL: the receiver URL (or the relay URL).',
    'Payload: paste the template below (Hookbell reads these fields; alertTransition and alertCycleKey or alertId matter most).',
    'Custom Headers: {"Authorization": "Bearer <this integration\'s secret>"}. Datadog cannot sign its webhooks: this header is what proves a delivery is yours. (Or use the webhook\'s HTTP Basic auth with the secret as password.)',
    'Leave "Encode as form" off: Hookbell reads JSON, and refuses a form-encoded delivery.',
    'Add @webhook-hookbell to the message of each monitor that should alert you; one incident per alert cycle ($ALERT_CYCLE_KEY), resolved by its Recovered notification.',
  ],
  contentTypeAdvice:
    'Datadog sends this when the webhook\'s "Encode as form" is checked: uncheck it, so the payload is sent as JSON',

  verify: (request, secrets, _now, options) => verifyAuthorization(request, secrets, DATADOG_AUTH, options),
  relayMayVouch: () => true,

  // $EVENT_MSG can bring raw newlines into a string; read it as Checkly's templates are read.
  parse: (body) => parseChecklyBody(body.toString('utf8')),

  normalize(payload) {
    if (!isObject(payload))
      return { ok: false, reason: 'expected a JSON object (paste the recommended payload into the Datadog webhook)' }
    const cycleKey = firstOf(payload, FIELD.cycleKey)
    const alertId = firstOf(payload, FIELD.alertId)
    if (!cycleKey && !alertId)
      return {
        ok: false,
        reason: 'no alertCycleKey ($ALERT_CYCLE_KEY) or alertId ($ALERT_ID): paste the recommended payload into the webhook',
      }
    const word = transitionOf(payload)
    if (!word)
      return { ok: false, reason: 'no alertTransition ($ALERT_TRANSITION): paste the recommended payload into the webhook' }
    const transition = TRANSITIONS[word.trim().toLowerCase()]
    if (!transition)
      return {
        ok: true,
        events: [],
        note: `Datadog alert transition "${word.slice(0, 40)}" is not one Hookbell acts on (${KNOWN}): recorded, no incident`,
      }

    const scope = firstOf(payload, FIELD.scope)
    const tags = tagMap(firstOf(payload, FIELD.tags), scope)
    const prioritized = severityOfPriority(firstOf(payload, FIELD.priority))
    const severity = prioritized ? (transition.capped ? CAP[prioritized] : prioritized) : transition.severity
    const when = parseTimestamp(firstOf(payload, FIELD.lastUpdated)) ?? parseTimestamp(firstOf(payload, FIELD.date))
    const title = firstOf(payload, FIELD.alertTitle) ?? firstOf(payload, FIELD.eventTitle) ?? `Datadog monitor ${alertId}`
    const event: IncidentEvent = {
      // One incident per alert cycle: Datadog links every notification from trigger to recovery with it.
      dedupKey: cycleKey ? `cycle:${cycleKey}` : `monitor:${alertId}:${scope ?? ''}`,
      action: transition.action,
      kind: 'alert',
      title: title.replace(/^\[(?:P\d\] \[)?[A-Za-z -]+?(?: on \{[^}]*\})?\] /, ''),
      severity,
      app: tags.get('service') ?? null,
      environment: tags.get('env') ?? null,
      url: httpUrl(firstOf(payload, FIELD.link)),
      facts: facts({
        transition: word,
        status: firstOf(payload, FIELD.status),
        priority: firstOf(payload, FIELD.priority),
        scope,
        host: firstOf(payload, FIELD.hostname),
        metric: firstOf(payload, FIELD.metric),
        query: firstOf(payload, FIELD.query),
        message: firstOf(payload, FIELD.message),
        monitor: alertId,
        org: firstOf(payload, FIELD.orgName) ?? firstOf(payload, FIELD.orgId),
        source: 'Datadog',
      }),
    }
    // Retries (5xx) can deliver a Triggered after its Recovered: order by when Datadog says it happened.
    if (when !== undefined) {
      event.sourceTimestamp = when
      event.occurredAt = when
    }
    if (transition.reminder) event.reminder = true
    return { ok: true, events: [event] }
  },

  samples: datadogSamples,

  sign(_body, secret) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Datadog/Webhooks' }
    if (secret) headers.authorization = `Bearer ${secret}`
    return headers
  },
  conformance: { verifies: 'credential', unknownEvent: () => ({ body: datadogUnknownEvent() }) },
}
