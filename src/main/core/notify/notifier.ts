// Wires the policy to a shell's toast port: Electron `Notification`, or node-notifier in headless mode.
import { worstSeverity, type Incident, type Severity } from '../../../shared/incident'
import type { NotificationSettings, StatusView } from '../../../shared/model'
import type { Applied } from '../store/incident-store'
import { catchUpDigest, createNotifyPolicy, quietReason, type Candidate, type Decision, type Toast } from './policy'
import { createRepeater, MAX_WAITING, repeatingSeverities, waitingOf } from './repeat'

export type NotifyResult = { status: 'shown' } | { status: 'not_sent'; reason: string }

/** A shell's way to raise a toast. Must resolve, never reject: failure is a value. */
export interface NotificationPort {
  show(toast: Toast): Promise<NotifyResult>
  /**
   * Why no toast can be shown here, found by a probe when the port was made (headless Linux without
   * `notify-send`), with the fix; absent or null when toasts should work. Status says it from the start,
   * not only after the first toast fails.
   */
  unavailable?: string | null
}

export interface NotifierDeps {
  port: NotificationPort
  prefs: () => NotificationSettings
  now: () => number
  log: (message: string) => void
  isOpen: (incidentId: string) => boolean
  sourceName: (integrationId: string) => string
  /** The newest open incidents of these severities, at most `limit`: what may be waiting for an answer. */
  openIncidents: (severities: Severity[], limit: number) => Incident[]
}

/** How often the repeats are looked for: a repeat rings within this of its interval. One query each time. */
export const REPEAT_CHECK_MS = 15_000

export function createNotifier(deps: NotifierDeps) {
  const policy = createNotifyPolicy()
  let failure: string | null = deps.port.unavailable ?? null
  let notShown = 0
  /** While catching up: each incident a toast was asked for, with its severity (not the incident: a long
   * catch-up can bring thousands). */
  let catchUp: Map<string, Severity> | null = null
  let timer: NodeJS.Timeout | null = null
  const repeater = createRepeater()
  let nextRepeatCheck = 0

  function logUnavailable(): void {
    deps.log(`[notify] toasts are unavailable: ${failure}. Incidents are still stored and listed.`)
  }

  async function show(toast: Toast): Promise<void> {
    let result: NotifyResult
    try {
      result = await deps.port.show(toast)
    } catch (error) {
      result = { status: 'not_sent', reason: String(error) }
    }
    if (result.status === 'not_sent') {
      notShown++
      // Said once, then kept in status: a laptop without a notification service still works as a list. The
      // first reason stays (the probe's, or the first failure's): node-notifier words one cause several ways.
      if (failure === null) {
        failure = result.reason
        logUnavailable()
      }
    } else {
      failure = null
    }
  }

  function consider(candidates: Candidate[]): Decision[] {
    if (catchUp) {
      for (const { incident } of candidates) catchUp.set(incident.id, incident.severity)
      return []
    }
    const now = deps.now()
    const decisions = policy.decideBatch(candidates, deps.prefs(), now)
    decisions.forEach((decision, i) => {
      if ('shown' in decision) void show(decision.shown)
      // A toast (or the storm summary it joined) is the first ring: the next one is an interval from now.
      if ('shown' in decision || 'coalesced' in decision) repeater.rang(candidates[i]!.incident.id, now)
    })
    return decisions
  }

  function openWaiting(prefs: NotificationSettings): Incident[] {
    const severities = repeatingSeverities(prefs)
    return severities.length ? deps.openIncidents(severities, MAX_WAITING) : []
  }

  function tick(): void {
    const prefs = deps.prefs()
    const now = deps.now()
    for (const toast of policy.flush(prefs, now, deps.isOpen)) void show(toast)
    if (now >= nextRepeatCheck) {
      nextRepeatCheck = now + REPEAT_CHECK_MS
      const source = (i: Incident) => deps.sourceName(i.integrationId)
      for (const toast of repeater.due(openWaiting(prefs), prefs, now, source)) void show(toast)
    }
  }

  return {
    /** After a delivery is committed: one candidate per incident whose transition asked for a toast, decided together. */
    onApplied(applied: Applied[]): Decision[] {
      const candidates: Candidate[] = []
      for (const a of applied) {
        const reason = a.transition.toast
        if (reason) candidates.push({ incident: a.incident, reason, source: deps.sourceName(a.incident.integrationId) })
      }
      return candidates.length ? consider(candidates) : []
    },
    /** While catching up (after sleep), candidates are collected for one digest instead of shown. */
    beginCatchUp(): void {
      catchUp ??= new Map()
    },
    endCatchUp(): void {
      const items = catchUp
      catchUp = null
      if (!items || items.size === 0) return
      const prefs = deps.prefs()
      const now = policy.holdCatchUp(items, prefs, deps.now())
      if (now.size > 0) void show(catchUpDigest(now, deps.isOpen, prefs))
    },
    tick,
    start(): void {
      if (failure !== null && timer === null) logUnavailable()
      timer ??= setInterval(tick, 1000)
      timer.unref()
    },
    stop(): void {
      if (timer) clearInterval(timer)
      timer = null
    },
    status(): StatusView['notifier'] {
      const prefs = deps.prefs()
      const now = deps.now()
      // Waiting for an answer: its toast went unanswered for an interval. What is answered since drops out at once.
      const still = waitingOf(openWaiting(prefs), prefs, now).filter((i) => repeater.isOverdue(i.id))
      const waiting = { count: still.length, worst: still.length ? worstSeverity(still.map((i) => i.severity)) : null }
      if (failure) return { state: 'unavailable', error: failure, notShown, waiting }
      return { state: quietReason(prefs, now) ? 'paused' : 'ok', error: null, notShown, waiting }
    },
  }
}

export type Notifier = ReturnType<typeof createNotifier>
