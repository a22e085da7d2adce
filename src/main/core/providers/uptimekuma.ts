// Uptime Kuma webhook notifications (louislam/uptime-kuma server/notification-providers/webhook.js): a POST of
// `{heartbeat, monitor, msg}` as JSON (the default), as a multipart form with that JSON in a `data` field, or
// as the user's own template. Uptime Kuma cannot sign; its "Additional Headers" (JSON) can carry
// `Authorization: Bearer <secret>`, checked here in constant time or, through a relay, by the relay.
import type { CheckDetail } from '../../../shared/incident'
import { verifyAuthorization } from './authorization'
import { facts, isObject, num, obj, str, truncate, type Json } from './fields'
import { parseTimestamp } from './signature'
import type { IncidentAction, NormalizeResult, Provider } from './types'
import { uptimeKumaSamples } from './samples/uptimekuma'

const KUMA_AUTH = { tool: 'Uptime Kuma', setting: '"Additional Headers" ({"Authorization": "Bearer <secret>"})' }

// heartbeat.status (louislam/uptime-kuma src/util.ts): DOWN 0, UP 1, PENDING 2, MAINTENANCE 3.
const STATUSES: Record<number, { action: IncidentAction; word: string }> = {
  0: { action: 'trigger', word: 'down' },
  1: { action: 'resolve', word: 'up' },
  // Retrying before it counts as down, or in a maintenance window: stored, the incident left as it is.
  2: { action: 'pending', word: 'pending' },
  3: { action: 'pending', word: 'under maintenance' },
}

/**
 * Uptime Kuma writes heartbeat.time as UTC without a zone ("2024-09-24 23:51:35.527"; the local time is in
 * localDateTime): read as UTC, not as this machine's local time.
 */
function heartbeatTime(value: string | undefined): number | undefined {
  if (value && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value.trim()))
    return parseTimestamp(`${value.trim().replace(' ', 'T')}Z`)
  return parseTimestamp(value)
}

/** The JSON body, or the `data` field of the multipart form Uptime Kuma sends with "Body Encoding: form-data". */
export function parseKumaBody(body: Buffer): unknown {
  const text = body.toString('utf8')
  if (!text.startsWith('--')) return JSON.parse(text)
  const boundary = text.slice(0, text.indexOf('\r\n'))
  for (const part of boundary ? text.split(boundary) : []) {
    const split = part.indexOf('\r\n\r\n')
    if (split >= 0 && /name="data"/.test(part.slice(0, split))) return JSON.parse(part.slice(split + 4).replace(/\r\n$/, ''))
  }
  throw new Error('a multipart body without a "data" field: set the notification\'s Body Encoding to JSON in Uptime Kuma')
}

function heartbeatEvent(heartbeat: Json, monitor: Json | undefined, msg: string | undefined): NormalizeResult {
  const id = str(monitor, 'id') ?? str(heartbeat, 'monitorID')
  if (!id) return { ok: false, reason: 'heartbeat without monitor.id or heartbeat.monitorID' }
  const code = num(heartbeat, 'status')
  const status = code === null ? undefined : STATUSES[code]
  if (!status)
    return { ok: true, events: [], note: `Uptime Kuma heartbeat status ${code ?? '(missing)'} recorded; not one Hookbell knows` }
  const name = str(monitor, 'pathName') ?? str(monitor, 'name') ?? `monitor ${id}`
  const reason = str(heartbeat, 'msg')
  const check: CheckDetail = { name, checkId: id }
  const type = str(monitor, 'type')
  if (type) check.checkType = type
  if (reason) check.errorMessage = reason
  const ping = num(heartbeat, 'ping')
  if (ping !== null) check.responseTimeMs = ping
  const at = heartbeatTime(str(heartbeat, 'time'))
  return {
    ok: true,
    events: [
      {
        dedupKey: `monitor:${id}`,
        action: status.action,
        kind: 'check',
        title: truncate(`${name} is ${status.word}${code === 0 && reason ? `: ${reason}` : ''}`, 300),
        severity: code === 0 ? 'critical' : 'info',
        app: null,
        environment: null,
        url: null,
        occurredAt: at,
        // Each beat is a moment: a down delivered after the up that followed it is older than the state applied.
        sourceTimestamp: at,
        // Uptime Kuma marks state changes important; a repeat while still down ("Resend Notification if Down
        // X times consecutively") is not: counted, no new toast.
        reminder: code === 0 && heartbeat.important === false,
        check,
        facts: facts({
          'monitored URL': str(monitor, 'url'),
          host: str(monitor, 'hostname'),
          description: str(monitor, 'description'),
          message: msg,
          'local time': str(heartbeat, 'localDateTime')
            ? `${str(heartbeat, 'localDateTime')} ${str(heartbeat, 'timezone') ?? ''}`.trim()
            : undefined,
        }),
      },
    ],
  }
}

export const uptimeKuma: Provider = {
  id: 'uptimekuma',
  name: 'Uptime Kuma',
  secret: 'user-chosen',
  signatureHeaders: [],
  setup: [
    'In Uptime Kuma: Settings → Notifications → Setup Notification (or a monitor\'s "Setup Notification"), Notification Type: Webhook.',
    'Post URL: the receiver URL (or the relay URL). Request Body: "Preset - application/json" (form-data is read too; a custom body is not).',
    'Uptime Kuma cannot sign: turn on "Additional Headers" and enter {"Authorization": "Bearer <this integration\'s secret>"}. Hookbell compares it in constant time; without it a delivery is refused.',
    'Apply it to the monitors that should reach you (or "Default enabled" / "Apply on all existing monitors").',
  ],

  verify: (request, secrets, _now, options) => verifyAuthorization(request, secrets, KUMA_AUTH, options),

  // It authenticates with an Authorization credential only, which a relay can check and remove.
  relayMayVouch: () => true,

  parse: parseKumaBody,

  normalize(payload) {
    if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
    if (!('heartbeat' in payload) && !('monitor' in payload) && !('msg' in payload))
      return {
        ok: false,
        reason:
          "expected Uptime Kuma's body (heartbeat, monitor, msg): set the notification's Request Body to application/json, not a custom body",
      }
    const heartbeat = obj(payload, 'heartbeat')
    const msg = str(payload, 'msg')
    // The notification form's "Test" button sends msg alone, with no monitor nor heartbeat.
    if (!heartbeat)
      return {
        ok: true,
        events: [],
        note: `Uptime Kuma message without a heartbeat recorded (a test?): ${truncate(msg ?? '', 120)}`,
      }
    return heartbeatEvent(heartbeat, obj(payload, 'monitor'), msg)
  },

  samples: uptimeKumaSamples,

  sign(_body, secret) {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (secret) headers.authorization = `Bearer ${secret}`
    return headers
  },
  conformance: {
    verifies: 'credential',
    unknownEvent: () => {
      const body = structuredClone(uptimeKumaSamples.down!()) as { heartbeat: Record<string, unknown> }
      body.heartbeat.status = 7
      return { body }
    },
  },
}
