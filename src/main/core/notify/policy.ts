// Which toasts to show, as a policy with explicit state and a clock passed in: testable without timers, an
// OS, or Electron. It returns what it decided and never throws.
import { SEVERITY_RANK, worstSeverity, type Incident, type Severity } from '../../../shared/incident'
import type { NotificationSettings } from '../../../shared/model'
import { describeIncident } from '../describe-incident'
import type { ToastReason } from '../incident/lifecycle'
import { StormTally, stormSummary } from './storm-summary'
import { OPEN_INCIDENT_ACTIONS, type ToastAction, type ToastSubject } from './toast-actions'

export interface Toast {
  title: string
  body: string
  severity: Severity
  /** The incident a click opens; null for summaries and digests (a click opens the list). */
  incidentId: string | null
  sound: boolean
  /**
   * Buttons the toast offers (toast-actions.ts), acting on `subject` without opening the window; empty when a
   * click is the only answer. Shells that cannot show buttons ignore them: a click still opens the incident.
   */
  actions: readonly ToastAction[]
  subject: ToastSubject | null
}

export type Decision =
  | { shown: Toast }
  | { held: 'dnd' | 'quiet-hours' }
  | { coalesced: true }
  | { skipped: 'snoozed' | 'below-minimum' | 'resolved-off' | 'deploy-off' | 'no-reason' }

export interface Candidate {
  incident: Incident
  reason: ToastReason
  /** Display name of the integration's provider ("Sentry"), for summaries. */
  source: string
}

/** Incidents a digest covers (each once), with their severities. */
type Held = ReadonlyMap<string, Severity>

export function createNotifyPolicy() {
  let shownAt: number[] = []
  let storm: { until: number; tally: StormTally } | null = null
  /** What DND or quiet hours held back, by incident: its severity. */
  let held = new Map<string, Severity>()
  let heldReason: 'dnd' | 'quiet-hours' | null = null

  /** Whether a candidate may toast at all (snooze, settings, quiet); null when it may. */
  function gate(candidate: Candidate, prefs: NotificationSettings, now: number): Decision | null {
    const { incident, reason } = candidate
    if (incident.snoozedUntil && Date.parse(incident.snoozedUntil) > now) return { skipped: 'snoozed' }
    if (reason === 'resolved' && !prefs.notifyResolved) return { skipped: 'resolved-off' }
    if (reason === 'deploy' && !prefs.notifyDeploys) return { skipped: 'deploy-off' }
    const minimum = prefs.minSeverity[incident.integrationId] ?? 'info'
    if (reason !== 'resolved' && SEVERITY_RANK[incident.severity] < SEVERITY_RANK[minimum]) return { skipped: 'below-minimum' }

    const quiet = quietReason(prefs, now)
    const bypass = quiet === 'quiet-hours' && prefs.quietHours.criticalBypass && incident.severity === 'critical'
    if (quiet && !bypass) {
      heldReason = quiet
      if (!held.has(incident.id)) held.set(incident.id, incident.severity)
      return { held: quiet }
    }
    return null
  }

  function decide(candidate: Candidate, prefs: NotificationSettings, now: number): Decision {
    const gated = gate(candidate, prefs, now)
    if (gated) return gated
    const windowMs = prefs.storm.windowSeconds * 1000
    shownAt = shownAt.filter((t) => now - t < windowMs)
    if (storm || shownAt.length >= prefs.storm.maxToasts) {
      storm ??= { until: now + windowMs, tally: new StormTally() }
      storm.tally.add(candidate)
      return { coalesced: true }
    }
    shownAt.push(now)
    return { shown: toastFor(candidate, prefs) }
  }

  /**
   * The candidates of one delivery. A delivery that alone brings more toasts than the storm threshold allows
   * (a 30-alert Alertmanager group) is one summary now, rather than the first few alerts one by one and the
   * rest a window later; the storm window then stays open for what follows.
   */
  function decideBatch(candidates: Candidate[], prefs: NotificationSettings, now: number): Decision[] {
    const windowMs = prefs.storm.windowSeconds * 1000
    shownAt = shownAt.filter((t) => now - t < windowMs)
    const gated = candidates.map((c) => gate(c, prefs, now))
    const passing = candidates.filter((_, i) => gated[i] === null)
    if (storm || passing.length < 2 || shownAt.length + passing.length <= prefs.storm.maxToasts)
      return candidates.map((c, i) => gated[i] ?? decide(c, prefs, now))
    storm = { until: now + windowMs, tally: new StormTally() }
    shownAt.push(now)
    const summary = stormSummary(StormTally.of(passing), prefs)
    let first = true
    return gated.map((g) => {
      if (g) return g
      if (!first) return { coalesced: true }
      first = false
      return { shown: summary }
    })
  }

  /**
   * Called on a timer (and on resume): closes a storm window into one summary, and turns what DND or quiet
   * hours held back into one digest once they end. `isOpen` tells which held incidents are still open.
   */
  function flush(prefs: NotificationSettings, now: number, isOpen: (id: string) => boolean): Toast[] {
    const out: Toast[] = []
    if (storm && now >= storm.until) {
      if (storm.tally.items.size > 0) out.push(stormSummary(storm.tally, prefs))
      storm = null
      shownAt = [now]
    }
    if (held.size > 0 && !quietReason(prefs, now)) {
      out.push(digest(held, heldReason === 'dnd' ? 'while paused' : 'during quiet hours', isOpen, prefs))
      held = new Map()
      heldReason = null
    }
    return out
  }

  /**
   * A catch-up (after sleep) that ends while toasts are held: its incidents join what quiet hours or DND hold,
   * for the digest `flush` shows once they end, except criticals that bypass quiet hours, as a live delivery's
   * would. Returns the incidents to show now: all of them when nothing holds toasts.
   */
  function holdCatchUp(items: Held, prefs: NotificationSettings, now: number): Held {
    const quiet = quietReason(prefs, now)
    if (!quiet) return items
    const bypass = quiet === 'quiet-hours' && prefs.quietHours.criticalBypass
    const showNow = new Map<string, Severity>()
    for (const [id, severity] of items) {
      if (bypass && severity === 'critical') showNow.set(id, severity)
      else {
        heldReason = quiet
        if (!held.has(id)) held.set(id, severity)
      }
    }
    return showNow
  }

  return {
    decide,
    decideBatch,
    flush,
    holdCatchUp,
  }
}

export type NotifyPolicy = ReturnType<typeof createNotifyPolicy>

/** Why toasts are held right now, if they are: a pause (DND) or quiet hours. */
export function quietReason(prefs: NotificationSettings, now: number): 'dnd' | 'quiet-hours' | null {
  const paused = prefs.pausedUntil
  if (paused === 'forever' || (paused && Date.parse(paused) > now)) return 'dnd'
  if (prefs.quietHours.enabled && inQuietHours(prefs.quietHours.start, prefs.quietHours.end, new Date(now))) {
    return 'quiet-hours'
  }
  return null
}

/** Local wall-clock window; a start after the end spans midnight (22:00–08:00). */
export function inQuietHours(start: string, end: string, at: Date): boolean {
  const minutes = at.getHours() * 60 + at.getMinutes()
  const s = toMinutes(start)
  const e = toMinutes(end)
  if (s === null || e === null || s === e) return false
  return s < e ? minutes >= s && minutes < e : minutes >= s || minutes < e
}

function toMinutes(hhmm: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm)
  if (!match) return null
  const h = Number(match[1])
  const m = Number(match[2])
  return h < 24 && m < 60 ? h * 60 + m : null
}

/** Reasons whose toast tells of an incident waiting for an answer: those carry Acknowledge and Snooze. */
const ANSWERABLE: ReadonlySet<ToastReason> = new Set(['new', 'regression', 'escalation'])

const REASON_PREFIX: Record<ToastReason, string> = {
  new: '',
  regression: 'Reopened: ',
  escalation: 'Escalated: ',
  resolved: 'Resolved: ',
  deploy: 'Deployed: ',
}

export function toastFor(candidate: Candidate, prefs: NotificationSettings): Toast {
  const { incident, reason } = candidate
  const where = [incident.app, incident.environment].filter(Boolean).join(' · ')
  const described = describeIncident(incident)
  const detail = described === incident.title ? '' : described
  return {
    title: `${REASON_PREFIX[reason]}${incident.title}`.slice(0, 120),
    body: [`${incident.severity} · ${candidate.source}${where ? ` · ${where}` : ''}`, detail]
      .filter(Boolean)
      .join('\n')
      .slice(0, 300),
    severity: incident.severity,
    incidentId: incident.id,
    sound: prefs.sounds[incident.severity] ?? false,
    ...(ANSWERABLE.has(reason) && incident.status === 'open'
      ? { actions: OPEN_INCIDENT_ACTIONS, subject: { incident: incident.id } }
      : { actions: [], subject: null }),
  }
}

function digest(held: Held, when: string, isOpen: (id: string) => boolean, prefs: NotificationSettings): Toast {
  const ids = [...held.keys()]
  const open = ids.filter(isOpen).length
  const severity = worstSeverity([...held.values()])
  return {
    title: `${held.size} incident${held.size === 1 ? '' : 's'} ${when}, ${open} still open`,
    body: 'Open Hookbell to review them.',
    severity,
    incidentId: held.size === 1 ? ids[0]! : null,
    sound: prefs.sounds[severity] ?? false,
    // Some of what was held may have been answered meanwhile: the digest is a pointer to the list, not a button.
    actions: [],
    subject: null,
  }
}

/** Catch-up after sleep or a lost connection: one digest instead of a burst of stale toasts. */
export function catchUpDigest(items: Held, isOpen: (id: string) => boolean, prefs: NotificationSettings): Toast {
  return digest(items, 'while asleep', isOpen, prefs)
}
