// Honeybadger webhooks (https://docs.honeybadger.io/guides/integrations/webhook/, payloads:
// https://docs.honeybadger.io/guides/integrations/payloads/v2/). Honeybadger does not sign bodies: every
// request it sends carries a `Honeybadger-Token` header with the project's token, sent as is
// (https://docs.honeybadger.io/resources/security/#authenticating-requests-from-honeybadger), which is compared
// here in constant time with the token pasted into the integration.
import type { Severity, StackFrame } from '../../../shared/incident'
import { verifySecretHeader } from './authorization'
import { arr, facts, httpUrl, isObject, obj, str, truncate, type Json } from './fields'
import { MAX_FRAMES } from './frames'
import { latestTimestamp, noSecret, parseTimestamp } from './signature'
import type { IncidentAction, IncidentEvent, NormalizeResult, Provider } from './types'
import { honeybadgerSamples } from './samples/honeybadger'

export const HONEYBADGER_TOKEN_HEADER = 'honeybadger-token'

/** What each fault event does to the fault's incident (one incident per `fault.id`). */
const FAULT_ACTIONS: Record<string, IncidentAction> = {
  occurred: 'trigger',
  // "has occurred N times in the past minute": the same fault, counted, not a new toast.
  rate_exceeded: 'trigger',
  // A resolved fault came back, or someone reopened it: a trigger reopens the resolved incident.
  unresolved: 'trigger',
  resolved: 'resolve',
}

/** Activity about a fault that changes nothing about it: recorded with the delivery, never an incident. */
const ACTIVITY = new Set(['assigned', 'commented'])

/** Honeybadger lists the backtrace crash site first; frames run oldest first, crash site last. */
function framesOf(notice: Json | undefined): StackFrame[] {
  const lines = arr(notice, 'backtrace').filter(isObject)
  return lines
    .slice(0, MAX_FRAMES)
    .map((l) => {
      const line = Number(str(l, 'number'))
      return {
        file: str(l, 'file') ?? '?',
        line: Number.isFinite(line) && line > 0 ? line : null,
        function: str(l, 'method') ?? '',
        // Honeybadger marks each line `app` or `all` (its "application trace" filter).
        inApp: str(l, 'context') === 'app',
      }
    })
    .reverse()
}

function fault(p: Json, event: string, action: IncidentAction): NormalizeResult {
  const f = obj(p, 'fault')
  const id = str(f, 'id')
  if (!f || !id) return { ok: false, reason: `${event} without fault.id` }
  const notice = obj(p, 'notice')
  const klass = str(f, 'klass') ?? 'Error'
  const message = str(f, 'message') ?? str(notice, 'message') ?? ''
  const where = [str(f, 'component'), str(f, 'action')].filter(Boolean).join('#')
  const incident: IncidentEvent = {
    dedupKey: `fault:${id}`,
    action,
    kind: 'exception',
    title: truncate(message ? `${klass}: ${message}` : klass, 300),
    severity: 'error',
    app: str(obj(p, 'project'), 'name') ?? null,
    environment: str(f, 'environment') ?? str(obj(notice, 'environment'), 'environment_name') ?? null,
    url: httpUrl(str(f, 'url') ?? str(notice, 'url')),
    occurredAt: parseTimestamp(action === 'trigger' ? (str(notice, 'created_at') ?? str(f, 'last_notice_at')) : undefined),
    reminder: event === 'rate_exceeded',
    facts: facts({
      event,
      where,
      'project id': str(f, 'project_id'),
      notices: str(f, 'notices_count'),
      by: str(obj(p, 'actor'), 'name'),
      message: str(p, 'message'),
    }),
  }
  if (action === 'trigger') incident.exception = { type: klass, message, frames: framesOf(notice) }
  return { ok: true, events: [incident] }
}

/** Uptime checks (`down`/`up`, one incident per site) and check-ins (`check_in_missing`/`_reporting`). */
function monitor(p: Json, event: string): NormalizeResult {
  const project = str(obj(p, 'project'), 'name') ?? null
  if (event === 'down' || event === 'up' || event === 'cert_will_expire') {
    const site = obj(p, 'site')
    const id = str(site, 'id')
    if (!id) return { ok: false, reason: `${event} without site.id` }
    const outage = obj(p, 'outage')
    const name = str(site, 'name') ?? str(site, 'url') ?? 'site'
    const reason = str(outage, 'reason')
    const cert = event === 'cert_will_expire'
    const title = cert
      ? `TLS certificate for ${name} expires soon`
      : event === 'down'
        ? `${name} is down${reason ? `: ${reason}` : ''}`
        : `${name} is back up`
    return {
      ok: true,
      events: [
        {
          // A certificate warning is its own incident: the site coming back up says nothing about it.
          dedupKey: cert ? `cert:${id}` : `site:${id}`,
          action: event === 'up' ? 'resolve' : 'trigger',
          kind: 'check',
          title: truncate(title, 300),
          severity: cert ? 'warning' : 'critical',
          app: project,
          environment: null,
          url: httpUrl(str(site, 'details_url')),
          occurredAt: parseTimestamp(event === 'up' ? str(outage, 'up_at') : str(outage, 'down_at')),
          // An outage gains up_at when it ends: a `down` retried after its `up` is older than what was applied.
          sourceTimestamp: cert ? undefined : latestTimestamp([str(outage, 'down_at'), str(outage, 'up_at')]),
          check: {
            name,
            checkId: id,
            checkType: 'uptime',
            ...(reason ? { errorMessage: reason } : {}),
            statusCode: typeof outage?.status === 'number' ? outage.status : null,
          },
          facts: facts({
            event,
            'monitored URL': str(site, 'url'),
            expires: str(site, 'cert_will_expire_at'),
            message: str(p, 'message'),
          }),
        },
      ],
    }
  }
  const checkIn = obj(p, 'check_in')
  const id = str(checkIn, 'id')
  if (!id) return { ok: false, reason: `${event} without check_in.id` }
  const name = str(checkIn, 'name') ?? id
  const missing = event === 'check_in_missing'
  return {
    ok: true,
    events: [
      {
        dedupKey: `check_in:${id}`,
        action: missing ? 'trigger' : 'resolve',
        kind: 'check',
        title: missing ? `Check-in ${name} is missing` : `Check-in ${name} is reporting again`,
        severity: 'error',
        app: project,
        environment: null,
        url: httpUrl(str(checkIn, 'details_url')),
        // check_in.state can still say "missing" on a check_in_reporting (Honeybadger's own example): the
        // event decides, and reported_at orders a late "missing" after its "reporting".
        sourceTimestamp: latestTimestamp([str(checkIn, 'reported_at'), str(checkIn, 'expected_at')]),
        check: { name, checkId: id, checkType: 'check-in' },
        facts: facts({
          event,
          'missed count': str(checkIn, 'missed_count'),
          'expected at': str(checkIn, 'expected_at'),
          message: str(p, 'message'),
        }),
      },
    ],
  }
}

function deployed(p: Json): NormalizeResult {
  const d = obj(p, 'deploy')
  const revision = str(d, 'revision') ?? 'unknown revision'
  const environment = str(d, 'environment') ?? null
  const project = str(obj(p, 'project'), 'name') ?? null
  return {
    ok: true,
    events: [
      {
        dedupKey: `deploy:${environment ?? ''}:${revision}:${str(d, 'created_at') ?? ''}`,
        action: 'log',
        kind: 'deploy',
        title: `Deployed ${revision.slice(0, 12)}${project ? ` to ${project}` : ''}${environment ? ` (${environment})` : ''}`,
        severity: 'info',
        app: project,
        environment,
        url: null,
        occurredAt: parseTimestamp(str(d, 'created_at')),
        deploy: { revision, user: str(d, 'local_username') ?? null, repository: str(d, 'repository') ?? null },
      },
    ],
  }
}

function volumeSpike(p: Json): NormalizeResult {
  const project = obj(p, 'project')
  const id = str(project, 'id')
  if (!id) return { ok: false, reason: 'volume_spike without project.id' }
  const severity: Severity = 'warning'
  return {
    ok: true,
    events: [
      {
        dedupKey: `volume:${id}`,
        action: 'trigger',
        kind: 'anomaly',
        title: `Error volume spike${str(project, 'name') ? ` in ${str(project, 'name')}` : ''}`,
        severity,
        app: str(project, 'name') ?? null,
        environment: null,
        url: null,
        facts: facts({ event: 'volume_spike', message: str(p, 'message') }),
      },
    ],
  }
}

export const honeybadger: Provider = {
  id: 'honeybadger',
  name: 'Honeybadger',
  secret: 'provider-generated',
  signatureHeaders: [],
  secretHeaders: [HONEYBADGER_TOKEN_HEADER],
  // The relay checks the token against the hash this app registered and never stores it (relay-protocol.ts
  // SECRET_HEADERS), as it does Authorization.
  relayMayVouch: () => true,
  setup: [
    'In Honeybadger: Project Settings → Alerts & Integrations → Webhook. Paste the receiver URL (or the relay URL) as the URL.',
    'Choose the events to send: occurred, rate exceeded, resolved, unresolved, deployed, down, up, check-in missing and reporting (assigned and commented are recorded, not incidents).',
    "Honeybadger cannot sign a body: it sends its project token as is in the Honeybadger-Token header of every request. Paste that token (Honeybadger's security guide, \"Authenticating requests from Honeybadger\", says where it is shown) into Hookbell as this integration's secret; leave the webhook's optional bearer token empty.",
  ],

  verify(request, secrets) {
    if (secrets.length === 0) return noSecret('Honeybadger token', 'the token Honeybadger sends as Honeybadger-Token')
    return verifySecretHeader(request, secrets, {
      name: HONEYBADGER_TOKEN_HEADER,
      label: 'Honeybadger-Token',
      hint: 'is this delivery from a Honeybadger webhook?',
      mismatch: "Honeybadger-Token does not match this integration's secret: paste the project's current Honeybadger token",
    })
  },

  normalize(payload) {
    if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
    const event = str(payload, 'event')
    if (!event) return { ok: false, reason: 'expected an "event" (occurred, resolved, down, up…)' }
    const action = FAULT_ACTIONS[event]
    if (action) return fault(payload, event, action)
    if (['down', 'up', 'cert_will_expire', 'check_in_missing', 'check_in_reporting'].includes(event))
      return monitor(payload, event)
    if (event === 'deployed') return deployed(payload)
    if (event === 'volume_spike') return volumeSpike(payload)
    if (ACTIVITY.has(event)) return { ok: true, events: [], note: `Honeybadger ${event} recorded; it changes no incident` }
    return { ok: true, events: [], note: `Honeybadger event "${event.slice(0, 60)}" recorded; not an incident Hookbell knows` }
  },

  samples: honeybadgerSamples,

  sign(_body, secret) {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (secret) headers[HONEYBADGER_TOKEN_HEADER] = secret
    return headers
  },
  conformance: {
    verifies: 'credential',
    unknownEvent: () => ({ body: { ...(honeybadgerSamples.occurred!() as object), event: 'mystery_event' } }),
  },
}
