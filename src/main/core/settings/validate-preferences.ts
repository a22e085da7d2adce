// What `PATCH /api/settings` may save. The defaults are the one home for each preference's type: every field
// has a default of the type it must keep, so a field added there is type-checked here without another list.
import { HttpError } from '../../../server-common/errors'
import { SEVERITIES } from '../../../shared/incident'
import type { Preferences } from '../../../shared/model'
import { DEFAULT_PREFERENCES } from './schema'

/** A day: a repeat rarer than that is not "keeps ringing". */
const MAX_REPEAT_MINUTES = 1440

/** Fields whose default is null: the type they hold when set. */
const NULLABLE: Readonly<Record<string, 'string'>> = {
  'notifications.pausedUntil': 'string',
  'relay.url': 'string',
  'relay.readToken': 'string',
}

/** Maps keyed by ids (any key), checked by their own rule below. */
const FREE_FORM = new Set(['notifications.minSeverity'])

function fail(message: string): never {
  throw new HttpError(400, 'bad_settings', message)
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `value` has the shape of `model` (a default): the same keys, each of the same type. */
function checkShape(value: unknown, model: unknown, path: string): void {
  if (isPlain(model)) {
    if (!isPlain(value)) fail(`${path} must be an object`)
    if (FREE_FORM.has(path)) return
    for (const key of Object.keys(model)) checkShape(value[key], model[key], path ? `${path}.${key}` : key)
    return
  }
  const nullable = NULLABLE[path]
  if (nullable && value === null) return
  const expected = nullable ?? typeof model
  const ok = expected === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === expected
  if (!ok) fail(`${path} must be a ${expected}${nullable ? ' or null' : ''}, not ${JSON.stringify(value) ?? 'nothing'}`)
}

/** Refuses (HttpError 400, naming the field) preferences the UI could not have sent; the merge dropped unknown keys. */
export function validatePreferences(p: Preferences): void {
  checkShape(p, DEFAULT_PREFERENCES, '')
  const n = p.notifications
  if (n.pausedUntil !== null && n.pausedUntil !== 'forever' && Number.isNaN(Date.parse(n.pausedUntil)))
    fail('notifications.pausedUntil must be an ISO time, "forever" or null')
  if (!/^\d{1,2}:\d{2}$/.test(n.quietHours.start) || !/^\d{1,2}:\d{2}$/.test(n.quietHours.end)) fail('quiet hours are HH:MM')
  if (!(n.storm.maxToasts >= 1 && n.storm.windowSeconds >= 1)) fail('storm threshold needs at least 1 toast in 1 second')
  for (const severity of SEVERITIES) {
    const every = n.repeat[severity].everyMinutes
    if (!(Number.isInteger(every) && every >= 1 && every <= MAX_REPEAT_MINUTES))
      fail(
        `notifications.repeat.${severity}.everyMinutes must be a whole number of minutes from 1 to ${MAX_REPEAT_MINUTES}, not ${JSON.stringify(every)}`,
      )
  }
  for (const s of Object.values(n.minSeverity))
    if (!SEVERITIES.includes(s)) fail(`minimum severity "${s}" is not one of ${SEVERITIES.join(', ')}`)
  if (p.userName.trim().length === 0 || p.userName.length > 100) fail('userName must be 1–100 characters (teammates see it)')
  if (!(p.deployWindowMinutes >= 0)) fail('deployWindowMinutes must be 0 or more')
  if (!(p.retention.resolvedDays >= 1 && p.retention.maxIncidents >= 100))
    fail('retention keeps at least 1 day and 100 incidents')
  if (!(Number.isInteger(p.receiverPort) && p.receiverPort >= 1 && p.receiverPort <= 65535))
    fail('receiverPort must be a whole number from 1 to 65535')
}
