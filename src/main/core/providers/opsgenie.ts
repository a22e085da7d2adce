// Opsgenie's outgoing Webhook integration (https://support.atlassian.com/opsgenie/docs/integrate-opsgenie-with-outgoing-webhooks/,
// payloads: https://docs.opsgenie.com/docs/sample-alert-action-data). Opsgenie cannot sign: the integration's
// Custom Headers carry an Authorization header with this integration's secret. One alert action per delivery:
// `action` (Create, Acknowledge, Close, AddNote…) and a subset of the alert.
import type { IncidentAction, IncidentEvent, Provider } from './types'
import { verifyAuthorization } from './authorization'
import { arr, facts, firstOf, isObject, num, obj, text, type Json } from './fields'
import { severityOfPriority } from './priority'
import { opsgenieSamples, opsgenieUnknownEvent } from './samples/opsgenie'

// The actions that change what an on-call engineer should do. UnAcknowledge has no counterpart in Hookbell's
// incident model (a source cannot take an acknowledgement back), so it is recorded like AddNote.
const ACTIONS: Record<string, { action: IncidentAction; note?: string }> = {
  create: { action: 'trigger' },
  acknowledge: { action: 'acknowledge' },
  close: { action: 'resolve' },
  // A deleted alert is gone from Opsgenie: nobody will close it, so it is over here too.
  delete: { action: 'resolve', note: 'Opsgenie: alert deleted' },
}

const OPSGENIE_AUTH = { tool: 'Opsgenie', setting: 'Webhook integration Custom Headers (Authorization: Bearer <secret>)' }

/** Opsgenie's `updatedAt` is in nanoseconds, `createdAt` in milliseconds: both to milliseconds. */
function millis(value: number | null): number | undefined {
  if (value === null || value <= 0) return undefined
  if (value > 1e17) return Math.floor(value / 1e6)
  if (value > 1e14) return Math.floor(value / 1e3)
  return value < 1e11 ? value * 1000 : value
}

function detailsOf(alert: Json): string | undefined {
  const details = obj(alert, 'details')
  if (!details) return undefined
  const entries = Object.entries(details).map(([k, v]) => `${k}=${text(v)}`)
  return entries.length ? entries.join(', ') : undefined
}

export const opsgenie: Provider = {
  id: 'opsgenie',
  name: 'Opsgenie',
  secret: 'user-chosen',
  signatureHeaders: [],
  setup: [
    "In Opsgenie: Settings → Integrations → Add integration → Webhook (or a team's Integrations → Add integration → Webhook).",
    'Webhook URL: the receiver URL (or the relay URL). Check "Add Alert Description to Payload" and "Add Alert Details to Payload".',
    "Custom Headers: key Authorization, value Bearer <this integration's secret>. Opsgenie cannot sign its webhooks: this header is what proves a delivery is yours.",
    'Under "Opsgenie to Webhook", keep "Alert is created", "Alert is acknowledged" and "Alert is closed" (and "Alert is deleted"); other actions are recorded on the incident\'s delivery log, nothing more.',
    'Turn the integration on and Save. One incident per Opsgenie alert (alertId): Create opens it, Acknowledge acknowledges it, Close resolves it.',
  ],

  verify: (request, secrets, _now, options) => verifyAuthorization(request, secrets, OPSGENIE_AUTH, options),
  relayMayVouch: () => true,

  normalize(payload) {
    if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object (an Opsgenie alert action)' }
    const alert = obj(payload, 'alert')
    const name = firstOf(payload, ['action'])
    if (!alert || !name) return { ok: false, reason: 'no action or alert: is this the Opsgenie Webhook integration?' }
    const alertId = firstOf(alert, ['alertId', 'id'])
    if (!alertId) return { ok: false, reason: 'no alert.alertId in the Opsgenie alert action' }
    const mapped = ACTIONS[name.toLowerCase()]
    if (!mapped)
      return {
        ok: true,
        events: [],
        note: `Opsgenie action ${name.slice(0, 40)} on alert ${alertId} recorded; Hookbell acts on Create, Acknowledge, Close and Delete`,
      }
    const priority = firstOf(alert, ['priority'])
    const tags = arr(alert, 'tags').filter((t): t is string => typeof t === 'string')
    const source = obj(payload, 'source')
    const event: IncidentEvent = {
      dedupKey: `alert:${alertId}`,
      action: mapped.action,
      kind: 'alert',
      title: firstOf(alert, ['message']) ?? `Opsgenie alert ${firstOf(alert, ['tinyId']) ?? alertId}`,
      // P3 is Opsgenie's default priority.
      severity: severityOfPriority(priority) ?? 'warning',
      app: firstOf(alert, ['entity']) ?? null,
      environment: null,
      // The payload carries no link, and the alert's page depends on the account's domain (and EU instance).
      url: null,
      facts: facts({
        action: name,
        priority,
        alias: firstOf(alert, ['alias']),
        'tiny id': firstOf(alert, ['tinyId']),
        description: firstOf(alert, ['description']),
        details: detailsOf(alert),
        tags: tags.join(', '),
        'alert source': firstOf(alert, ['source']),
        by: firstOf(alert, ['username']),
        via: source ? firstOf(source, ['type', 'name']) : undefined,
        integration: firstOf(payload, ['integrationName']),
        source: 'Opsgenie',
      }),
    }
    const created = millis(num(alert, 'createdAt'))
    const updated = millis(num(alert, 'updatedAt'))
    if (created !== undefined) event.occurredAt = created
    // Each action stamps the alert's updatedAt: a Create retried after its Close changes nothing.
    if (updated !== undefined) event.sourceTimestamp = updated
    if (mapped.note) event.sourceNote = mapped.note
    return { ok: true, events: [event] }
  },

  samples: opsgenieSamples,

  sign(_body, secret) {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (secret) headers.authorization = `Bearer ${secret}`
    return headers
  },
  conformance: { verifies: 'credential', unknownEvent: () => ({ body: opsgenieUnknownEvent() }) },
}
