// Checkly webhook alert channels (https://www.checklyhq.com/docs/integrations/alerts/webhooks/). The body is
// whatever template the user saved, so Hookbell publishes one (CHECKLY_TEMPLATE) and reads it leniently:
// partial templates, either naming style, and Handlebars' HTML escaping or raw newlines inside values.
import type { CheckDetail, Severity } from '../../../shared/incident'
import { facts, firstOf, httpUrl, isObject, num, type Json } from './fields'
import { hmacHex, missingHeader, parseTimestamp, timestampNear, verifyBodyHmac } from './signature'
import type { IncidentAction, IncidentEvent, Provider } from './types'
import { checklySamples } from './samples/checkly'

export const CHECKLY_TEMPLATE = `{
  "alertType": "{{ALERT_TYPE}}",
  "alertTitle": "{{ALERT_TITLE}}",
  "checkId": "{{CHECK_ID}}",
  "checkName": "{{CHECK_NAME}}",
  "checkType": "{{CHECK_TYPE}}",
  "checkResultId": "{{CHECK_RESULT_ID}}",
  "checkErrorMessage": "{{CHECK_ERROR_MESSAGE}}",
  "responseTime": "{{RESPONSE_TIME}}",
  "statusCode": "{{API_CHECK_RESPONSE_STATUS_CODE}}",
  "statusText": "{{API_CHECK_RESPONSE_STATUS_TEXT}}",
  "runLocation": "{{RUN_LOCATION}}",
  "region": "{{REGION}}",
  "resultLink": "{{RESULT_LINK}}",
  "startedAt": "{{STARTED_AT}}",
  "groupName": "{{GROUP_NAME}}",
  "sslDaysRemaining": "{{SSL_DAYS_REMAINING}}",
  "sslCheckDomain": "{{SSL_CHECK_DOMAIN}}",
  "isReminder": "{{IS_REMINDER}}",
  "reminderSequence": "{{REMINDER_SEQUENCE}}",
  "tags": [{{#each TAGS}}"{{this}}"{{#unless @last}},{{/unless}}{{/each}}]
}`

// Each field under the recommended name, Checkly's variable name, and snake_case.
const FIELD = {
  alertType: ['alertType', 'ALERT_TYPE', 'alert_type'],
  alertTitle: ['alertTitle', 'ALERT_TITLE', 'alert_title', 'title', 'message'],
  checkId: ['checkId', 'CHECK_ID', 'check_id'],
  checkName: ['checkName', 'CHECK_NAME', 'check_name'],
  checkType: ['checkType', 'CHECK_TYPE', 'check_type'],
  errorMessage: ['checkErrorMessage', 'CHECK_ERROR_MESSAGE', 'check_error_message'],
  responseTime: ['responseTime', 'RESPONSE_TIME', 'response_time'],
  statusCode: ['statusCode', 'API_CHECK_RESPONSE_STATUS_CODE', 'status_code'],
  statusText: ['statusText', 'API_CHECK_RESPONSE_STATUS_TEXT', 'status_text'],
  location: ['runLocation', 'RUN_LOCATION', 'run_location'],
  region: ['region', 'REGION'],
  resultLink: ['resultLink', 'RESULT_LINK', 'result_link'],
  startedAt: ['startedAt', 'STARTED_AT', 'started_at'],
  group: ['groupName', 'GROUP_NAME', 'group_name'],
  sslDays: ['sslDaysRemaining', 'SSL_DAYS_REMAINING', 'ssl_days_remaining'],
  sslDomain: ['sslCheckDomain', 'SSL_CHECK_DOMAIN', 'ssl_check_domain'],
  isReminder: ['isReminder', 'IS_REMINDER', 'is_reminder'],
  tags: ['tags', 'TAGS'],
} as const

const ENVIRONMENTS = new Set(['production', 'prod', 'staging', 'stage', 'development', 'dev', 'test', 'qa', 'sandbox', 'preview'])

/** The first of these that names an environment, as written. */
function environmentOf(candidates: (string | undefined)[]): string | null {
  return candidates.find((c) => c !== undefined && ENVIRONMENTS.has(c.trim().toLowerCase()))?.trim() ?? null
}

/** ALERT_TYPE → what happens. Anything with RECOVERY resolves (docs/providers.md). */
export function checklyState(alertType: string): { action: IncidentAction; severity: Severity; reminder: boolean } | null {
  const type = alertType.toUpperCase()
  if (type === 'NO_ALERT') return null
  if (type.includes('RECOVERY')) return { action: 'resolve', severity: 'info', reminder: false }
  const reminder = type.endsWith('_REMAIN')
  if (type === 'ALERT_SSL') return { action: 'trigger', severity: 'warning', reminder: false }
  // FAILURE_DEGRADED: was failing, now only degraded.
  if (type.startsWith('ALERT_FAILURE') && type !== 'ALERT_FAILURE_DEGRADED')
    return { action: 'trigger', severity: 'critical', reminder }
  if (type === 'ALERT_DEGRADED_FAILURE') return { action: 'trigger', severity: 'critical', reminder }
  if (type.includes('DEGRADED')) return { action: 'trigger', severity: 'warning', reminder }
  return { action: 'trigger', severity: 'critical', reminder }
}

const ENTITIES: Record<string, string> = {
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&#x3D;': '=',
  '&#x60;': '`',
}

function decodeEntities(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/&(?:quot|amp|lt|gt|#x27|#39|#x3D|#x60);/g, (e) => ENTITIES[e] ?? e)
  if (Array.isArray(value)) return value.map(decodeEntities)
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeEntities(v)]))
  return value
}

/**
 * Parses a rendered Checkly template. A value with a newline or tab (an error message, say) is inserted raw
 * by `{{VAR}}`, which is not valid JSON: escape control characters inside strings and try again.
 */
export function parseChecklyBody(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (first) {
    let out = ''
    let inString = false
    let escaped = false
    for (const ch of text) {
      if (inString) {
        if (escaped) escaped = false
        else if (ch === '\\') escaped = true
        else if (ch === '"') inString = false
        else if (ch < ' ') {
          out +=
            ch === '\n'
              ? '\\n'
              : ch === '\r'
                ? '\\r'
                : ch === '\t'
                  ? '\\t'
                  : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
          continue
        }
      } else if (ch === '"') inString = true
      out += ch
    }
    try {
      return JSON.parse(out)
    } catch {
      throw first
    }
  }
}

function tagsOf(payload: Json): string[] | undefined {
  for (const key of FIELD.tags) {
    const value = payload[key]
    if (Array.isArray(value)) return value.filter((t): t is string => typeof t === 'string' && t !== '')
    if (typeof value === 'string' && value)
      return value
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
  }
  return undefined
}

const numberOf = (payload: Json, keys: readonly string[]): number | null => {
  for (const key of keys) {
    const n = num(payload, key)
    if (n !== null) return n
  }
  return null
}

export const checkly: Provider = {
  id: 'checkly',
  name: 'Checkly',
  secret: 'user-chosen',
  signatureHeaders: ['x-checkly-signature'],
  template: CHECKLY_TEMPLATE,
  setup: [
    'In Checkly: Alerts → Alert channels → Add channel → Webhook.',
    'URL: the receiver URL (or the relay URL). Method: POST.',
    'Body: paste the template below (Hookbell reads these fields; a partial template works too, but CHECK_ID and ALERT_TYPE matter most).',
    "Webhook secret: paste this integration's secret, so Checkly signs each delivery (x-checkly-signature).",
    'Subscribe the checks or groups that should alert you to the channel.',
  ],

  verify(request, secrets) {
    // Checkly signs only when the channel has a secret (docs/providers.md).
    if (secrets.length === 0) return { ok: true }
    const provided = request.headers['x-checkly-signature']
    if (!provided)
      return missingHeader(
        'x-checkly-signature',
        'this integration has a secret: set the same secret on the Checkly channel (Webhook secret)',
      )
    return verifyBodyHmac(request.body, secrets, provided, "is the channel's webhook secret the integration's current one?")
  },

  parse: (body) => parseChecklyBody(body.toString('utf8')),

  normalize(raw, request) {
    if (!isObject(raw))
      return { ok: false, reason: 'expected a JSON object (paste the recommended template into the Checkly channel)' }
    const payload = decodeEntities(raw) as Json
    const checkId = firstOf(payload, FIELD.checkId)
    const checkName = firstOf(payload, FIELD.checkName)
    if (!checkId && !checkName)
      return { ok: false, reason: 'no checkId (CHECK_ID) or checkName (CHECK_NAME): use the recommended template' }
    const alertType = firstOf(payload, FIELD.alertType) ?? 'ALERT_FAILURE'
    const state = checklyState(alertType)
    if (!state) return { ok: true, events: [], note: 'Checkly NO_ALERT recorded' }

    const ssl = alertType.toUpperCase() === 'ALERT_SSL'
    const name = checkName ?? checkId!
    const check: CheckDetail = {
      name,
      checkId: checkId ?? name,
      checkType: firstOf(payload, FIELD.checkType),
      alertType,
      location: firstOf(payload, FIELD.location) ?? firstOf(payload, FIELD.region),
      responseTimeMs: numberOf(payload, FIELD.responseTime),
      statusCode: numberOf(payload, FIELD.statusCode),
      statusText: firstOf(payload, FIELD.statusText),
      errorMessage: firstOf(payload, FIELD.errorMessage),
      resultLink: httpUrl(firstOf(payload, FIELD.resultLink)) ?? undefined,
      group: firstOf(payload, FIELD.group),
      tags: tagsOf(payload),
    }
    if (ssl) {
      check.sslDaysRemaining = numberOf(payload, FIELD.sslDays)
      check.sslDomain = firstOf(payload, FIELD.sslDomain)
    }
    for (const key of Object.keys(check) as (keyof CheckDetail)[]) if (check[key] === undefined) delete check[key]

    // Retries arrive out of order: order by when the run started (STARTED_AT, inside the signed body), else
    // by x-checkly-timestamp. That header is not signed, so anyone between Checkly and Hookbell (a proxy, a
    // relay) could set it: it counts only within a tolerance of the delivery's receipt, as a signed one would.
    const started = parseTimestamp(firstOf(payload, FIELD.startedAt))
    const stamp = started ?? timestampNear(request.headers['x-checkly-timestamp'], request.receivedAt)
    const reminder = state.reminder || ['true', '1'].includes((firstOf(payload, FIELD.isReminder) ?? '').toLowerCase())
    const event: IncidentEvent = {
      // SSL expiry is its own incident: a check can be up with a certificate about to expire.
      dedupKey: ssl ? `ssl:${check.checkId}` : `check:${check.checkId}`,
      action: state.action,
      kind: 'check',
      title:
        firstOf(payload, FIELD.alertTitle) ??
        (ssl
          ? `SSL certificate for ${check.sslDomain ?? name} expires soon`
          : `Check "${name}" ${state.action === 'resolve' ? 'recovered' : 'is failing'}`),
      severity: state.severity,
      // What is checked is the app ("Checkout API"); a check group is a folder of checks, often named for an
      // environment ("Production"), which the meta line then read as the app. The environment comes from a
      // tag or the group when either is an environment's name.
      app: name,
      environment: environmentOf([...(check.tags ?? []), check.group]),
      url: check.resultLink ?? null,
      check,
      facts: facts({ 'result id': firstOf(payload, ['checkResultId', 'CHECK_RESULT_ID']) }),
    }
    if (stamp !== undefined) {
      event.sourceTimestamp = stamp
      event.occurredAt = stamp
    }
    if (reminder) event.reminder = true
    return { ok: true, events: [event] }
  },

  conformance: {
    // x-checkly-timestamp orders retries but is not signed, so it is not checked against the clock.
    unknownEvent: {
      none: 'Checkly calls the webhook only to alert: an ALERT_TYPE it adds later is still raised (NO_ALERT is the one recorded)',
    },
  },

  samples: checklySamples,

  sign(body, secret, now) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-checkly-timestamp': String(Math.floor(now / 1000)),
    }
    if (secret) headers['x-checkly-signature'] = hmacHex(secret, body)
    return headers
  },
}
