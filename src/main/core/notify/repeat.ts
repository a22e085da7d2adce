// "A critical that nobody answers keeps ringing" (Preferences.notifications.repeat): which open incidents are
// due for another toast, with the clock and the open incidents passed in, so it is testable without timers.
// The notifier asks on its one timer (notifier.ts); what the store says is open decides, so an answer from any
// path (the window, a toast's button, the CLI, a teammate's note through the relay) stops the repeats.
import { SEVERITIES, SEVERITY_RANK, worstSeverity, type Incident, type Severity } from '../../../shared/incident'
import type { NotificationSettings } from '../../../shared/model'
import { quietReason, toastFor, type Toast } from './policy'
import { MAX_SUBJECT_IDS, OPEN_INCIDENT_ACTIONS, type ToastSubject } from './toast-actions'

/** Open incidents looked at per check (the newest first): the memory of when each last rang stays this small. */
export const MAX_WAITING = 500
/** More repeats due at once than this are one toast, as a storm is one summary: 50 criticals are not 50 toasts. */
export const MAX_REPEAT_TOASTS = 3

/** Severities whose repeat is on. */
export function repeatingSeverities(prefs: NotificationSettings): Severity[] {
  return SEVERITIES.filter((s) => prefs.repeat[s]?.enabled)
}

/** Open incidents still waiting for an answer: of a repeating severity, not snoozed, at or above their source's minimum. */
export function waitingOf(open: readonly Incident[], prefs: NotificationSettings, now: number): Incident[] {
  return open.filter(
    (i) =>
      i.status === 'open' &&
      prefs.repeat[i.severity]?.enabled &&
      !(i.snoozedUntil && Date.parse(i.snoozedUntil) > now) &&
      SEVERITY_RANK[i.severity] >= SEVERITY_RANK[prefs.minSeverity[i.integrationId] ?? 'info'],
  )
}

export function createRepeater() {
  /** When each waiting incident last rang (its first toast counts), by id; only incidents still waiting. */
  const rungAt = new Map<string, number>()
  /** Those a repeat fell due for (rung, or held by quiet hours): their first toast went unanswered. */
  const overdue = new Set<string>()

  /** A toast told of these incidents now: the next repeat is an interval from here. */
  function rang(id: string, now: number): void {
    if (rungAt.size < MAX_WAITING || rungAt.has(id)) rungAt.set(id, now)
  }

  /**
   * The repeats due now among `open` (the store's open incidents of repeating severities, newest first). Quiet
   * hours hold a repeat unless it is a critical they let through, and a pause holds all: a held repeat is not
   * saved up for later (the digest of what quiet hours held tells of it), it rings an interval after.
   */
  function due(open: readonly Incident[], prefs: NotificationSettings, now: number, source: (i: Incident) => string): Toast[] {
    const waiting = waitingOf(open.slice(0, MAX_WAITING), prefs, now)
    const ids = new Set(waiting.map((i) => i.id))
    // Answered, resolved, snoozed or gone: forgotten, so a reopened incident starts over.
    for (const id of rungAt.keys()) if (!ids.has(id)) rungAt.delete(id)
    for (const id of overdue) if (!ids.has(id)) overdue.delete(id)
    const quiet = quietReason(prefs, now)
    const ring: Incident[] = []
    for (const incident of waiting) {
      const last = rungAt.get(incident.id)
      // First seen here without a toast (held at arrival, or Hookbell restarted): an interval from now.
      if (last === undefined) {
        rang(incident.id, now)
        continue
      }
      if (now - last < prefs.repeat[incident.severity].everyMinutes * 60_000) continue
      rungAt.set(incident.id, now)
      overdue.add(incident.id)
      const bypass = quiet === 'quiet-hours' && prefs.quietHours.criticalBypass && incident.severity === 'critical'
      if (!quiet || bypass) ring.push(incident)
    }
    if (ring.length === 0) return []
    if (ring.length <= MAX_REPEAT_TOASTS) return ring.map((i) => repeatToast(i, source(i), prefs, now))
    return [foldedRepeat(ring)]
  }

  return {
    rang,
    due,
    /** Whether a repeat fell due for this incident since it last started waiting (the tray's "waiting"). */
    isOverdue: (id: string) => overdue.has(id),
    tracked: () => rungAt.size,
  }
}

export type Repeater = ReturnType<typeof createRepeater>

function minutesOpen(incident: Incident, now: number): string {
  const minutes = Math.max(1, Math.round((now - Date.parse(incident.firstSeenAt)) / 60_000))
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`
}

/** One incident again, with a sound where the OS plays one: ringing is the point. */
function repeatToast(incident: Incident, source: string, prefs: NotificationSettings, now: number): Toast {
  const toast = toastFor({ incident, reason: 'new', source }, prefs)
  return {
    ...toast,
    title: `Still unanswered: ${incident.title}`.slice(0, 120),
    body: `open for ${minutesOpen(incident, now)} · ${toast.body}`.slice(0, 300),
    sound: true,
  }
}

/** Many repeats due at once: one toast, folded into their group when they share one. */
function foldedRepeat(ring: Incident[]): Toast {
  const n = ring.length
  const severity = worstSeverity(ring.map((i) => i.severity))
  const groups = new Set(ring.map((i) => i.group?.key ?? `incident:${i.id}`))
  const group = groups.size === 1 ? ring[0]!.group : null
  // The incidents this toast names, by id (a member that arrives later is not answered by it); a group only
  // when it holds more than a toast can name.
  const subject: ToastSubject | null =
    n <= MAX_SUBJECT_IDS ? { incidents: ring.map((i) => i.id) } : group ? { group: group.key } : null
  const names = ring.slice(0, 3).map((i) => i.title)
  const critical = ring.filter((i) => i.severity === 'critical').length
  return {
    title: (group ? `${group.label}: ${n} still unanswered` : `${n} incidents still unanswered`).slice(0, 120),
    body: `${critical ? `${critical} critical — ` : ''}${names.join('; ')}${n > 3 ? '; …' : ''}`.slice(0, 300),
    severity,
    incidentId: group ? ring[0]!.id : null,
    sound: true,
    actions: subject ? OPEN_INCIDENT_ACTIONS : [],
    subject,
  }
}
