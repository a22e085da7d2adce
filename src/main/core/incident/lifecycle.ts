// The incident lifecycle: every change to an incident's state, whether a monitoring tool's event or a user's
// action, is decided here from one table (TABLE), and so is the outgoing event it becomes for forwarding.
// Pure: the store reads the current state, asks `decide`, and persists the answer; the notifier's policy
// decides how a toast reason is shown. See docs/ARCHITECTURE.md, "The path of a user action".
import { SEVERITY_RANK, type Severity, type Status, type TimelineType } from '../../../shared/incident'
import type { TargetEvent } from '../../../shared/target'
import type { IncidentAction, IncidentEvent } from '../providers/types'

export interface IncidentState {
  status: Status
  severity: Severity
  /** The source ordering stamp last applied (ms), if the provider sends one. */
  sourceTs: number | null
}

/** Why a change is worth a toast; the notification policy may still hold it back (DND, storms, snooze). */
export type ToastReason = 'new' | 'regression' | 'escalation' | 'resolved' | 'deploy'

export interface TimelineNote {
  type: TimelineType
  actor: 'source' | 'user' | 'teammate' | 'hookbell'
  text: string
}

export type UserAction =
  | { type: 'acknowledge' }
  | { type: 'resolve' }
  | { type: 'reopen' }
  /** `until` in ms since epoch; null clears the snooze. */
  | { type: 'snooze'; until: number | null }

/**
 * `teammate`: the action was a teammate's, applied from the team relay; same rules, and the timeline names
 * them instead of "you".
 */
export type Cause =
  /** `replay`: this exact delivery (by fingerprint) already resolved or acknowledged this incident. */
  { by: 'source'; event: IncidentEvent; replay?: boolean } | { by: 'user'; action: UserAction; teammate?: string }

export interface Transition {
  /** The status before; null when this cause creates the incident. */
  previous: Status | null
  status: Status
  severity: Severity
  /** Counts one more occurrence and moves lastSeenAt. */
  occurrence: boolean
  /**
   * Recorded, changes nothing: `older` than the state already applied (by the source's own event time), or a
   * `replay` of a delivery that already changed this incident. False for every change that applies.
   */
  stale: false | 'older' | 'replay'
  /** Replace the stored detail (title, exception, metric...) with the event's. */
  updateDetail: boolean
  toast: ToastReason | null
  notes: TimelineNote[]
  /** Set when the cause changes the snooze: the new end (ms) or null to clear it. Absent: leave it. */
  snoozedUntil?: number | null
}

/** An action that makes no sense from the incident's state: answered with this, nothing changes. */
export interface Refusal {
  code: 'incident_resolved'
  message: string
}

export type Decision = { ok: true; transition: Transition } | { ok: false; refusal: Refusal }

type From = Status | 'new'
type CauseKey = `source:${IncidentAction}` | `user:${UserAction['type']}`

/** One cell: the next status, what else the change does, and the timeline line it leaves (if any). */
interface Step {
  status: Status
  toast?: ToastReason
  occurrence?: boolean
  note?: [TimelineType, string]
}

const REFUSE_ACK_RESOLVED: Refusal = {
  code: 'incident_resolved',
  message: 'the incident is resolved: reopen it before acknowledging it',
}

/**
 * Every cause × every state. `new` is the first event for a dedup key (users act only on incidents that
 * exist). A source's word is never refused, only recorded: the tool knows what happened. A user's action that
 * would contradict the state is refused; one that changes nothing (resolve a resolved incident) is a no-op.
 * Trigger rows are refined in `fromSource`: severity changes, escalation toasts and reminders.
 */
export const TABLE: Record<CauseKey, Partial<Record<From, Step | Refusal>>> = {
  'source:trigger': {
    new: { status: 'open', toast: 'new', note: ['received', 'opened by source'] },
    open: { status: 'open', occurrence: true, note: ['occurrence', 'occurred again'] },
    // Acknowledged means "I'm on it": repeats stay quiet (escalation still toasts).
    acknowledged: { status: 'acknowledged', occurrence: true, note: ['occurrence', 'occurred again'] },
    resolved: {
      status: 'open',
      toast: 'regression',
      occurrence: true,
      note: ['status', 'reopened by source: triggered again after resolve (regression)'],
    },
  },
  'source:pending': {
    // Not yet open at the source (AppSignal "warming up"): listed, but no toast until it opens.
    new: { status: 'open', note: ['received', 'received; pending at the source'] },
    open: { status: 'open' },
    acknowledged: { status: 'acknowledged' },
    resolved: { status: 'resolved' },
  },
  'source:acknowledge': {
    new: { status: 'acknowledged', note: ['received', 'received already acknowledged'] },
    open: { status: 'acknowledged', note: ['status', 'acknowledged by source'] },
    acknowledged: { status: 'acknowledged' },
    resolved: { status: 'resolved' },
  },
  'source:resolve': {
    // A recovery for something never seen (first delivery after setup): keep it, resolved, no toast.
    new: { status: 'resolved', note: ['received', 'received already resolved'] },
    open: { status: 'resolved', toast: 'resolved', note: ['status', 'resolved by source'] },
    acknowledged: { status: 'resolved', toast: 'resolved', note: ['status', 'resolved by source'] },
    resolved: { status: 'resolved' },
  },
  'source:log': {
    new: { status: 'resolved', toast: 'deploy', note: ['received', 'recorded'] },
    open: { status: 'open', occurrence: true, note: ['occurrence', 'received again'] },
    acknowledged: { status: 'acknowledged', occurrence: true, note: ['occurrence', 'received again'] },
    resolved: { status: 'resolved', occurrence: true, note: ['occurrence', 'received again'] },
  },
  'user:acknowledge': {
    open: { status: 'acknowledged', note: ['status', 'acknowledged by you'] },
    acknowledged: { status: 'acknowledged' },
    resolved: REFUSE_ACK_RESOLVED,
  },
  'user:resolve': {
    open: { status: 'resolved', note: ['status', 'resolved by you'] },
    acknowledged: { status: 'resolved', note: ['status', 'resolved by you'] },
    resolved: { status: 'resolved' },
  },
  'user:reopen': {
    open: { status: 'open' },
    acknowledged: { status: 'open', note: ['status', 'reopened by you'] },
    resolved: { status: 'open', note: ['status', 'reopened by you'] },
  },
  // Snoozing holds toasts back whatever the status; the note is written from the chosen time.
  'user:snooze': {
    open: { status: 'open' },
    acknowledged: { status: 'acknowledged' },
    resolved: { status: 'resolved' },
  },
}

const isRefusal = (cell: Step | Refusal): cell is Refusal => 'code' in cell

/** What `cause` does to an incident in `current` state (null: it does not exist yet). */
export function decide(current: IncidentState | null, cause: Cause): Decision {
  const key: CauseKey = cause.by === 'source' ? `source:${cause.event.action}` : `user:${cause.action.type}`
  if (cause.by === 'user' && current === null) throw new Error('a user action needs an existing incident')
  const cell = TABLE[key][current?.status ?? 'new']
  if (!cell) throw new Error(`no lifecycle rule for ${key} from ${current?.status ?? 'new'}`)
  if (isRefusal(cell)) return { ok: false, refusal: cell }
  const transition =
    cause.by === 'source'
      ? fromSource(current, cause.event, cell, cause.replay === true)
      : fromUser(current!, cause.action, cell, cause.teammate)
  return { ok: true, transition }
}

/** A provider's event: never refused (a late or replayed one is recorded as `stale`). */
export function applyEvent(current: IncidentState | null, event: IncidentEvent, replay = false): Transition {
  const decision = decide(current, { by: 'source', event, replay })
  if (!decision.ok) throw new Error(`a source event was refused: ${decision.refusal.message}`)
  return decision.transition
}

function fromSource(current: IncidentState | null, event: IncidentEvent, step: Step, replay: boolean): Transition {
  const base: Transition = {
    previous: current?.status ?? null,
    status: step.status,
    severity: current?.severity ?? event.severity,
    occurrence: current !== null && step.occurrence === true,
    stale: false,
    updateDetail: true,
    toast: step.toast ?? null,
    notes: step.note ? [note(step.note, 'source')] : [],
  }
  if (current === null) return base

  // The one home of "state cannot be rolled back": a captured resolve replayed after the incident fired
  // again, and a delivery older (by the source's own clock) than the state applied, change nothing.
  const ignored = (stale: 'older' | 'replay', text: string | null): Transition => ({
    ...base,
    status: current.status,
    severity: current.severity,
    occurrence: false,
    stale,
    updateDetail: false,
    toast: null,
    notes: text ? [note(['stale', text], 'hookbell')] : [],
  })
  if (replay) {
    // Replaying a resolve onto a resolved incident would change nothing anyway: no line for it (Alertmanager
    // repeats a group's notification, resolved alerts included, every repeat_interval).
    if (step.status === current.status) return ignored('replay', null)
    return ignored('replay', `ignored a replayed ${event.action} delivery: it already changed this incident once`)
  }
  if (event.sourceTimestamp !== undefined && current.sourceTs !== null && event.sourceTimestamp < current.sourceTs)
    return ignored('older', `ignored a late ${event.action} delivery: older than the state already applied`)

  if (event.action !== 'trigger') return base
  base.severity = event.severity
  if (current.status === 'resolved') return base
  const escalated = SEVERITY_RANK[event.severity] > SEVERITY_RANK[current.severity]
  // The same firing told again: a trigger stamped (by the source's own clock) exactly as the state already
  // applied is a re-send, not a new occurrence. Alertmanager re-sends a group's firing alerts, same
  // fingerprint and startsAt, whenever the group changes (one of its alerts resolved) and every
  // repeat_interval (https://prometheus.io/docs/alerting/latest/configuration/#route); a reminder says so itself.
  const resent = !event.reminder && event.sourceTimestamp !== undefined && event.sourceTimestamp === current.sourceTs
  const notes = resent ? [] : [note(['occurrence', event.reminder ? 'reminder from source' : 'occurred again'], 'source')]
  if (escalated) notes.push(note(['severity', `severity raised from ${current.severity} to ${event.severity}`], 'source'))
  else if (event.severity !== current.severity)
    notes.push(note(['severity', `severity lowered from ${current.severity} to ${event.severity}`], 'source'))
  // Getting worse is news even when someone is on it.
  return { ...base, occurrence: base.occurrence && !resent, toast: escalated ? 'escalation' : null, notes }
}

function fromUser(current: IncidentState, action: UserAction, step: Step, teammate?: string): Transition {
  const actor = teammate === undefined ? 'user' : 'teammate'
  const by = (text: string) => (teammate === undefined ? text : text.replace(/ by you$/, '') + ` by ${teammate}`)
  const transition: Transition = {
    previous: current.status,
    status: step.status,
    severity: current.severity,
    occurrence: false,
    stale: false,
    updateDetail: false,
    toast: null,
    notes: step.note ? [note([step.note[0], by(step.note[1])], actor)] : [],
  }
  if (action.type === 'snooze') {
    transition.snoozedUntil = action.until
    const text = action.until ? `snoozed until ${new Date(action.until).toISOString()}` : 'snooze cleared'
    transition.notes = [note(['snoozed', teammate === undefined ? text : by(text)], actor)]
  }
  return transition
}

/** A user action that leaves nothing to record (acknowledge an acknowledged incident): no write, no event. */
export function isNoop(transition: Transition): boolean {
  return transition.notes.length === 0 && transition.status === transition.previous && transition.snoozedUntil === undefined
}

/**
 * Which outgoing event a transition is, for auto-forward rules: a new incident, a status change, a snooze,
 * or a source's escalation. Plain repeats and stale deliveries are none.
 */
export function forwardEventFor(transition: Transition): TargetEvent | null {
  if (transition.previous === null) return 'incident.created'
  if (transition.stale) return null
  if (transition.snoozedUntil !== undefined) return 'incident.snoozed'
  if (transition.status !== transition.previous) {
    if (transition.status === 'resolved') return 'incident.resolved'
    if (transition.status === 'acknowledged') return 'incident.acknowledged'
    return 'incident.updated'
  }
  return transition.toast === 'escalation' ? 'incident.updated' : null
}

function note([type, text]: [TimelineType, string], actor: TimelineNote['actor']): TimelineNote {
  return { type, actor, text }
}
