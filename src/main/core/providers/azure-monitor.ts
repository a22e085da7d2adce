// Azure Monitor alerts through an action group's webhook with the common alert schema
// (https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema). Azure cannot sign a webhook
// (its "secure webhook" needs a Microsoft Entra app, which a laptop cannot be): the receiver URL's own 128-bit
// id is the credential, and optionally a basic-auth password Hookbell generates, in the webhook URI.
import type { Severity } from '../../../shared/incident'
import { verifyAuthorization } from './authorization'
import { arr, facts, httpUrl, isObject, obj, str, text, truncate, type Json } from './fields'
import { latestTimestamp, parseTimestamp } from './signature'
import type { IncidentEvent, NormalizeResult, Provider } from './types'
import { azureMonitorSamples } from './samples/azure-monitor'

/** Sev0 Critical, Sev1 Error, Sev2 Warning, Sev3 Informational, Sev4 Verbose (Azure's own names). */
const SEVERITIES: Record<string, Severity> = { sev0: 'critical', sev1: 'error', sev2: 'warning', sev3: 'info', sev4: 'info' }
const ACTIONS: Record<string, IncidentEvent['action']> = { fired: 'trigger', resolved: 'resolve' }

const AZURE_AUTH = { tool: 'Azure Monitor', setting: 'action group webhook URI (https://hookbell:<secret>@…)' }

/** The first metric criterion of a metric alert, as "Percentage CPU GreaterThan 25 (7.7)". */
function metricCondition(context: Json): string | undefined {
  const first = arr(obj(context, 'condition'), 'allOf').find(isObject)
  if (!first) return undefined
  const name = str(first, 'metricName') ?? str(first, 'searchQuery')
  const value = str(first, 'metricValue')
  return [name, str(first, 'operator'), str(first, 'threshold'), value !== undefined ? `(${value})` : undefined]
    .filter(Boolean)
    .join(' ')
}

function portalLink(essentials: Json, alertId: string): string | null {
  return (
    httpUrl(str(essentials, 'investigationLink')) ??
    `https://portal.azure.com/#view/Microsoft_Azure_Monitoring_Alerts/AlertDetails.ReactView/alertId~/${encodeURIComponent(JSON.stringify(alertId))}`
  )
}

export function normalizeAzureAlert(payload: unknown): NormalizeResult {
  if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
  const essentials = obj(obj(payload, 'data'), 'essentials')
  if (str(payload, 'schemaId') !== 'azureMonitorCommonAlertSchema' || !essentials)
    return {
      ok: false,
      reason: 'not the common alert schema: turn on "Enable the common alert schema" on the action group\'s webhook action',
    }
  const alertId = str(essentials, 'alertId')
  if (!alertId) return { ok: false, reason: 'data.essentials.alertId missing' }
  const condition = str(essentials, 'monitorCondition') ?? ''
  const action = ACTIONS[condition.toLowerCase()]
  if (!action)
    return {
      ok: true,
      events: [],
      note: `monitorCondition ${condition.slice(0, 40) || '(missing)'} is not Fired or Resolved: recorded, no incident`,
    }
  const context = obj(obj(payload, 'data'), 'alertContext') ?? {}
  const rule = str(essentials, 'alertRule') ?? 'Azure Monitor alert'
  const target = str(essentials, 'targetResourceName') ?? text(arr(essentials, 'configurationItems')[0])
  const fired = parseTimestamp(str(essentials, 'firedDateTime'))
  const resolved = parseTimestamp(str(essentials, 'resolvedDateTime'))
  const custom = obj(obj(payload, 'data'), 'customProperties')
  const event: IncidentEvent = {
    // Fired and Resolved of one alert instance carry the same alertId.
    dedupKey: `alert:${alertId}`,
    action,
    kind: 'alert',
    title: truncate(target ? `${rule} on ${target}` : rule, 300),
    severity: SEVERITIES[(str(essentials, 'severity') ?? '').toLowerCase()] ?? 'warning',
    app: target || null,
    environment: str(essentials, 'targetResourceGroup') ?? null,
    url: portalLink(essentials, alertId),
    occurredAt: action === 'resolve' ? (resolved ?? fired) : fired,
    sourceTimestamp: latestTimestamp([str(essentials, 'firedDateTime'), str(essentials, 'resolvedDateTime')]),
    facts: facts({
      description: str(essentials, 'description'),
      condition: metricCondition(context),
      signal: str(essentials, 'signalType'),
      service: str(essentials, 'monitoringService'),
      'Azure severity': str(essentials, 'severity'),
      target: text(arr(essentials, 'alertTargetIDs')[0]) || undefined,
      'custom properties': custom
        ? Object.entries(custom)
            .map(([k, v]) => `${k}=${text(v)}`)
            .join(', ')
        : undefined,
      source: 'Azure Monitor',
    }),
  }
  return { ok: true, events: [event] }
}

export const azureMonitor: Provider = {
  id: 'azure-monitor',
  name: 'Azure Monitor',
  secret: 'user-chosen',
  signatureHeaders: [],
  setup: [
    'Azure Monitor cannot sign webhooks: the receiver URL (its 128-bit id) is the credential, and the basic-auth password below, which Hookbell generated, when the integration has one. Keep both private.',
    'In the Azure portal: Monitor → Alerts → Action groups → Create (or edit one) → Actions → Action type "Webhook".',
    "URI: the relay URL (Azure must reach it from the internet), with the secret as basic-auth credentials in it: https://hookbell:<this integration's secret>@<relay host>/<path>. Without a secret (integration added with --unsigned), the plain URL.",
    'Press "Test action group": if Hookbell answers "Authorization missing", your webhook does not send the URI\'s credentials; add the integration again with --unsigned and use the plain URL (the URL alone is then the credential).',
    'Set "Enable the common alert schema" to Yes: Hookbell reads only that schema. Leave "Enable secure webhook" off (Microsoft Entra auth is not supported).',
    'Add the action group to your alert rules (Alert rule → Actions). A rule that auto-resolves sends "Resolved", which resolves the incident.',
  ],
  verify: (request, secrets, _now, options) => verifyAuthorization(request, secrets, AZURE_AUTH, options),
  relayMayVouch: () => true,
  normalize: (payload) => normalizeAzureAlert(payload),
  samples: azureMonitorSamples,
  sign(_body, secret) {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'IcMBroadcaster/1.0',
    }
    if (secret) headers.authorization = `Basic ${Buffer.from(`hookbell:${secret}`).toString('base64')}`
    return headers
  },
  conformance: {
    verifies: 'credential',
    unknownEvent: () => {
      const body = structuredClone(azureMonitorSamples.fired!()) as { data: { essentials: Record<string, unknown> } }
      body.data.essentials.monitorCondition = 'Suppressed'
      return { body }
    },
  },
}
