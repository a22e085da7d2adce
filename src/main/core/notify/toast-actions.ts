// What a toast's buttons do, as plain data the policy attaches to a toast and the shells render in their
// platform's way (Electron's `actions` on macOS, toastXml on Windows, node-notifier's `actions`), and the one
// place a pressed button becomes a change: through the API the window calls, so an acknowledge from a toast
// is the same user action as a click in the list (its timeline, forwards, team note, the source's side).
import type { Api } from '../../../shared/contract'
import type { BulkArgs } from '../../../shared/model'
import { HttpError } from '../../../server-common/errors'

export type ToastActionId = 'acknowledge' | 'snooze-1h'

export interface ToastAction {
  id: ToastActionId
  label: string
}

/** What a toast's actions act on: one incident, one group's open members, or a few named incidents. */
export type ToastSubject = { incident: string } | { group: string } | { incidents: string[] }

/** The two actions toasts of open incidents carry, in the order the OS shows them (index 0 first). */
export const OPEN_INCIDENT_ACTIONS: readonly ToastAction[] = [
  { id: 'acknowledge', label: 'Acknowledge' },
  { id: 'snooze-1h', label: 'Snooze 1 h' },
]

/**
 * A toast naming more incidents than this gets no buttons (a click opens the list): Windows carries the
 * subject in each button's activation arguments, and Windows refuses notification XML over 5 KB ("The size of
 * the notification content is too large",
 * https://learn.microsoft.com/en-us/archive/blogs/tiles_and_toasts/how-to-keep-your-tile-notification-payload-under-5-kb).
 */
export const MAX_SUBJECT_IDS = 20
/** Bulk calls take a group key of at most 500 characters (api/bulk.ts). */
const MAX_GROUP_KEY = 500

const SNOOZE_MS = 60 * 60 * 1000

export type ToastActionResult = { ok: true; count: number } | { ok: false; reason: string }

export function isToastActionId(value: unknown): value is ToastActionId {
  return value === 'acknowledge' || value === 'snooze-1h'
}

/** The subject a shell handed back (parsed from a Windows activation string, say), checked before it is used. */
export function validSubject(value: unknown): ToastSubject | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  if (typeof v.incident === 'string' && v.incident.length > 0 && v.incident.length <= 100) return { incident: v.incident }
  if (typeof v.group === 'string' && v.group.length > 0 && v.group.length <= MAX_GROUP_KEY) return { group: v.group }
  if (
    Array.isArray(v.incidents) &&
    v.incidents.length > 0 &&
    v.incidents.length <= MAX_SUBJECT_IDS &&
    v.incidents.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 100)
  )
    return { incidents: v.incidents as string[] }
  return null
}

export interface ToastActorDeps {
  api: Pick<Api, 'incidents.acknowledge' | 'incidents.snooze' | 'incidents.bulk'>
  now: () => number
  log: (message: string) => void
}

/** Performs a toast's action through the API; never rejects (a refused or unknown incident is a value). */
export function createToastActor(deps: ToastActorDeps) {
  async function run(subject: ToastSubject, action: ToastActionId): Promise<number> {
    const until = action === 'snooze-1h' ? new Date(deps.now() + SNOOZE_MS).toISOString() : null
    if ('incident' in subject) {
      if (action === 'acknowledge') await deps.api['incidents.acknowledge']({ id: subject.incident })
      else await deps.api['incidents.snooze']({ id: subject.incident, until })
      return 1
    }
    const base: BulkArgs = action === 'acknowledge' ? { action: 'acknowledge' } : { action: 'snooze', until }
    const args: BulkArgs =
      'group' in subject
        ? // The group's open members, as the window's group Acknowledge selects them.
          { ...base, query: { status: ['open'] }, group: subject.group }
        : { ...base, ids: subject.incidents }
    return (await deps.api['incidents.bulk'](args)).count
  }

  return async function perform(subject: unknown, action: unknown): Promise<ToastActionResult> {
    const checked = validSubject(subject)
    if (!checked || !isToastActionId(action)) {
      deps.log(`[notify] ignored a toast action the core did not offer: ${JSON.stringify({ subject, action }).slice(0, 200)}`)
      return { ok: false, reason: 'not an action this toast offered' }
    }
    try {
      return { ok: true, count: await run(checked, action) }
    } catch (error) {
      // Acknowledging what a teammate resolved a moment ago is refused (409): said, not thrown into the OS.
      const reason = error instanceof HttpError ? error.message : String(error)
      deps.log(`[notify] the toast's ${action} did not apply: ${reason}`)
      return { ok: false, reason }
    }
  }
}

export type ToastActor = ReturnType<typeof createToastActor>
