// Stackify Retrace generic webhooks (https://docs.stackify.com/docs/integrations-webhook). Retrace cannot
// sign, so the integration URL (an id of at least 128 bits) is the credential.
import type { Severity } from '../../../shared/incident'
import { facts, isObject, num, str, truncate, type Json } from './fields'
import { framesFromLines, isAppFrame } from './frames'
import { latestTimestamp, parseTimestamp } from './signature'
import type { NormalizeResult, Provider } from './types'
import { retraceSamples } from './samples/retrace'

// Retrace's scale is Warning < Critical < Outage; ours is warning < error < critical. Keeping the order
// keeps escalations (EventType 4) visible as escalations.
const SEVERITIES: Record<string, Severity> = { warning: 'warning', critical: 'error', outage: 'critical' }
const severity = (name: string | undefined): Severity => SEVERITIES[(name ?? '').toLowerCase()] ?? 'warning'

function alert(p: Json, eventType: number): NormalizeResult {
  const monitorId = str(p, 'MonitorId')
  if (!monitorId) return { ok: false, reason: 'alert without MonitorId' }
  const name = str(p, 'Name') ?? 'Retrace alert'
  const source = str(p, 'SourceName')
  const action = eventType === 2 ? 'resolve' : 'trigger'
  return {
    ok: true,
    events: [
      {
        dedupKey: `monitor:${monitorId}:${str(p, 'DeviceId') ?? ''}`,
        action,
        kind: 'alert',
        title: truncate(source ? `${name}: ${source}` : name, 300),
        severity: severity(str(p, 'SeverityName')),
        app: str(p, 'AppName') ?? null,
        environment: str(p, 'EnvironmentName') ?? null,
        url: null,
        occurredAt: parseTimestamp(
          eventType === 2 ? (str(p, 'Ended') ?? str(p, 'ProcessTime')) : (str(p, 'Started') ?? str(p, 'ProcessTime')),
        ),
        // An alert keeps its Started and gains Ended when it clears: a reminder or alert delivered after its
        // clear is older than the state already applied. A new alert on the monitor starts later.
        sourceTimestamp: latestTimestamp([str(p, 'Started'), str(p, 'Ended')]),
        // EventType 3: "still happening" — counted, never a new toast.
        reminder: eventType === 3,
        facts: facts({
          device: str(p, 'DeviceName'),
          group: str(p, 'GroupName'),
          monitor: source,
          result: str(p, 'ResultStatus'),
          state: str(p, 'StateName'),
          'Retrace severity': str(p, 'SeverityName'),
          event: ['', 'alert', 'clear', 'reminder', 'escalated'][eventType],
        }),
      },
    ],
  }
}

function error(p: Json, eventType: number): NormalizeResult {
  const groupId = str(p, 'ErrorGroupId')
  if (!groupId) return { ok: false, reason: 'error without ErrorGroupId' }
  const type = str(p, 'ErrorType') ?? 'Error'
  const message = str(p, 'Message') ?? ''
  const all = (str(p, 'StackTrace') ?? '').split(/\r?\n/)
  // .NET traces start with "Type: message" and then "   at ..." lines: only the latter are frames.
  const atLines = all.filter((l) => /^\s*at /.test(l))
  const lines = atLines.length > 0 ? atLines : all
  return {
    ok: true,
    events: [
      {
        dedupKey: `error:${groupId}`,
        // 5 new, 6 regressed: a trigger either way; after a resolve it reopens (regression).
        action: 'trigger',
        kind: 'exception',
        title: truncate(message.startsWith(type) ? message : `${type}: ${message}`, 300),
        severity: 'error',
        app: str(p, 'AppName') ?? null,
        environment: str(p, 'EnvironmentName') ?? null,
        url: null,
        occurredAt: parseTimestamp(str(p, 'Timestamp') ?? str(p, 'ProcessTime')),
        exception: { type, message, frames: framesFromLines(lines, isAppFrame) },
        facts: facts({ method: str(p, 'Method'), device: str(p, 'DeviceName'), event: eventType === 6 ? 'regressed' : 'new' }),
      },
    ],
  }
}

export const retrace: Provider = {
  id: 'retrace',
  name: 'Stackify Retrace',
  secret: 'none',
  signatureHeaders: [],
  setup: [
    'Retrace cannot sign deliveries: this receiver URL is the credential. Keep it private; delete and re-add the integration to change it.',
    'In Retrace: Settings → Integrations → Webhook → Add Webhook. Paste the receiver URL (or the relay URL).',
    'Add the webhook as a contact in the notification groups whose alerts and errors should reach you.',
  ],

  verify: () => ({ ok: true }),

  normalize(payload) {
    if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
    const eventType = num(payload, 'EventType')
    if (eventType !== null && eventType >= 1 && eventType <= 4) return alert(payload, eventType)
    if (eventType === 5 || eventType === 6) return error(payload, eventType)
    if (eventType === null) return { ok: false, reason: 'no EventType: is this a Retrace webhook?' }
    // A type Retrace adds later: kept in the delivery log, not an incident.
    return { ok: true, events: [], note: `EventType ${eventType} is not a Retrace alert (1–4) or error (5–6); recorded` }
  },

  conformance: {
    verifies: 'none',
    unknownEvent: () => ({ body: { EventType: 9, MonitorId: 1, Name: 'a future Retrace event' } }),
  },

  samples: retraceSamples,

  sign: () => ({ 'content-type': 'application/json' }),
}
