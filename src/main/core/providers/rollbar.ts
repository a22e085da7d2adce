// Rollbar webhooks (https://docs.rollbar.com/docs/webhooks): `{"event_name", "data": {"item" | "deploy", ...}}`.
// Rollbar cannot sign nor add headers to a webhook, so the integration URL (an id of at least 128 bits) is the
// credential, as for Retrace. It waits 3 seconds and retries up to 10 times on any other answer than 2xx.
import type { Severity, StackFrame } from '../../../shared/incident'
import { arr, facts, isObject, num, obj, str, truncate, type Json } from './fields'
import { isAppFrame, MAX_FRAMES } from './frames'
import { parseTimestamp } from './signature'
import type { IncidentEvent, NormalizeResult, Provider } from './types'
import { rollbarSamples } from './samples/rollbar'

// Rollbar's levels, by name (occurrences) and by number (items: 10 debug … 50 critical).
const LEVELS: Record<string, Severity> = {
  critical: 'critical',
  error: 'error',
  warning: 'warning',
  info: 'info',
  debug: 'info',
  '50': 'critical',
  '40': 'error',
  '30': 'warning',
  '20': 'info',
  '10': 'info',
}

/** Item events, and whether they are news (a toast) or a count of something already open. */
const ITEM_EVENTS: Record<string, { reminder: boolean }> = {
  new_item: { reminder: false },
  reactivated_item: { reminder: false },
  reopened_item: { reminder: false },
  item_velocity: { reminder: false },
  // Every occurrence, and the 10th/100th/1000th: counted on the open item, never a new toast.
  occurrence: { reminder: true },
  exp_repeat_item: { reminder: true },
}

/** The exception of an occurrence: `trace`, or the first (raised) trace of a `trace_chain`. */
function exceptionOf(occurrence: Json | undefined): { type: string; message: string; frames: StackFrame[] } | undefined {
  const body = obj(occurrence, 'body')
  const trace = obj(body, 'trace') ?? arr(body, 'trace_chain').filter(isObject)[0]
  if (!trace) return undefined
  const exception = obj(trace, 'exception')
  // Rollbar orders frames "such that the most recent call is last": already oldest first.
  const frames = arr(trace, 'frames')
    .filter(isObject)
    .slice(-MAX_FRAMES)
    .map((f) => {
      const file = str(f, 'filename') ?? '?'
      const fn = str(f, 'method') ?? ''
      return { file, line: num(f, 'lineno'), function: fn, inApp: isAppFrame(file, fn) }
    })
  return { type: str(exception, 'class') ?? 'Error', message: str(exception, 'message') ?? '', frames }
}

/**
 * The link back. Rollbar's own clients link an occurrence this way (rollbar.js `rollbar.item_url`): the
 * item URL proper needs the account and project slugs, which the webhook does not carry.
 */
function linkOf(occurrence: Json | undefined): string | null {
  const uuid = str(occurrence, 'uuid')
  return uuid && /^[0-9a-f-]{32,36}$/i.test(uuid) ? `https://rollbar.com/item/uuid/?uuid=${uuid}` : null
}

function item(data: Json, eventName: string): NormalizeResult {
  const it = obj(data, 'item')
  const id = str(it, 'id')
  if (!it || !id) return { ok: false, reason: `${eventName} without data.item.id` }
  // `occurrence` carries the occurrence beside the item; the other events inside it as last_occurrence.
  const occurrence = obj(data, 'occurrence') ?? obj(it, 'last_occurrence')
  const resolved = eventName === 'resolved_item'
  const level = str(occurrence, 'level') ?? str(it, 'level')
  const exception = exceptionOf(occurrence)
  const message = str(obj(obj(occurrence, 'body'), 'message'), 'body')
  const event: IncidentEvent = {
    dedupKey: `item:${id}`,
    action: resolved ? 'resolve' : 'trigger',
    kind: 'exception',
    title: truncate(
      str(it, 'title') ?? (exception ? `${exception.type}: ${exception.message}` : (message ?? 'Rollbar item')),
      300,
    ),
    severity: LEVELS[(level ?? '').toLowerCase()] ?? 'error',
    app: null,
    environment: str(it, 'environment') ?? str(occurrence, 'environment') ?? null,
    url: linkOf(occurrence),
    occurredAt: parseTimestamp(
      resolved ? undefined : (num(occurrence, 'timestamp') ?? num(it, 'last_occurrence_timestamp') ?? undefined),
    ),
    reminder: ITEM_EVENTS[eventName]?.reminder ?? false,
    facts: facts({
      event: eventName,
      item: str(it, 'counter') ? `#${str(it, 'counter')}` : undefined,
      'project id': str(it, 'project_id'),
      occurrences: str(it, 'total_occurrences'),
      threshold: str(data, 'occurrences'),
      language: str(occurrence, 'language'),
      host: str(obj(occurrence, 'server'), 'host'),
      'resolved in': str(it, 'resolved_in_version'),
    }),
  }
  if (!resolved && exception) event.exception = exception
  return { ok: true, events: [event] }
}

function deploy(data: Json): NormalizeResult {
  const d = obj(data, 'deploy')
  const id = str(d, 'id')
  const revision = str(d, 'revision') ?? 'unknown revision'
  const environment = str(d, 'environment') ?? null
  return {
    ok: true,
    events: [
      {
        dedupKey: `deploy:${id ?? `${environment ?? ''}:${revision}`}`,
        action: 'log',
        kind: 'deploy',
        title: `Deployed ${revision.slice(0, 12)}${environment ? ` to ${environment}` : ''}`,
        severity: 'info',
        app: null,
        environment,
        url: null,
        occurredAt: parseTimestamp(num(d, 'finish_time') ?? num(d, 'start_time') ?? undefined),
        deploy: { revision, user: str(d, 'local_username') ?? null, repository: null },
        facts: facts({ comment: str(d, 'comment'), 'project id': str(d, 'project_id') }),
      },
    ],
  }
}

export const rollbar: Provider = {
  id: 'rollbar',
  name: 'Rollbar',
  secret: 'none',
  signatureHeaders: [],
  answerLimitMs: 3000,
  setup: [
    'Rollbar cannot sign webhooks nor add headers to them: this receiver URL is the credential. Keep it private; delete and re-add the integration to change it.',
    'In Rollbar: the project → Settings → Notifications → Webhook. Paste the receiver URL (or the relay URL) as the URL and enable the integration.',
    'Add rules for New Item, Reactivated Item, Reopened Item, Resolved Item (and High Occurrence Rate, 10^nth Occurrence, Deploy as you like), each with the JSON format (XML is refused).',
  ],

  verify: () => ({ ok: true }),

  parse(body) {
    const text = body.toString('utf8').trimStart()
    if (text.startsWith('<'))
      throw new Error('Rollbar sent XML: set the webhook rule format to JSON in Rollbar (Settings → Notifications → Webhook)')
    return JSON.parse(text)
  },

  normalize(payload) {
    if (!isObject(payload)) return { ok: false, reason: 'expected a JSON object' }
    const eventName = str(payload, 'event_name')
    const data = obj(payload, 'data')
    if (!eventName || !data) return { ok: false, reason: 'expected "event_name" and "data" (a Rollbar webhook)' }
    if (eventName in ITEM_EVENTS || eventName === 'resolved_item') return item(data, eventName)
    if (eventName === 'deploy') return deploy(data)
    return { ok: true, events: [], note: `Rollbar event "${eventName.slice(0, 60)}" recorded; not an incident Hookbell knows` }
  },

  samples: rollbarSamples,

  sign: () => ({ 'content-type': 'application/json' }),
  conformance: {
    verifies: 'none',
    unknownEvent: () => ({ body: { ...(rollbarSamples.new_item!() as object), event_name: 'mystery_event' } }),
  },
}
