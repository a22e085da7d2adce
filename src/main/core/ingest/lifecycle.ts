// The incident lifecycle as one pure function: what a normalized event does to an incident's state, and
// whether it deserves a toast. The store applies the result; the notifier's policy decides how to show it.
import { SEVERITY_RANK, type Severity, type Status, type TimelineType } from '../../../shared/incident'
import type { IncidentEvent } from '../providers/types'

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
  actor: 'source' | 'user' | 'hookbell'
  text: string
}

export interface Transition {
  status: Status
  severity: Severity
  /** Counts one more occurrence and moves lastSeenAt. */
  occurrence: boolean
  /** Older than the state already applied: recorded, changes nothing. */
  stale: boolean
  /** Replace the stored detail (title, exception, metric...) with the event's. */
  updateDetail: boolean
  toast: ToastReason | null
  notes: TimelineNote[]
}

const note = (type: TimelineType, text: string, actor: TimelineNote['actor'] = 'source'): TimelineNote => ({
  type,
  actor,
  text,
})

export function applyEvent(current: IncidentState | null, event: IncidentEvent): Transition {
  if (current === null) return create(event)

  if (event.sourceTimestamp !== undefined && current.sourceTs !== null && event.sourceTimestamp < current.sourceTs) {
    return {
      ...current,
      occurrence: false,
      stale: true,
      updateDetail: false,
      toast: null,
      notes: [note('stale', `ignored a late ${event.action} delivery: older than the state already applied`, 'hookbell')],
    }
  }

  const escalated = SEVERITY_RANK[event.severity] > SEVERITY_RANK[current.severity]
  const base = { stale: false, updateDetail: true, notes: [] as TimelineNote[] }

  switch (event.action) {
    case 'trigger': {
      if (current.status === 'resolved') {
        return {
          ...base,
          status: 'open',
          severity: event.severity,
          occurrence: true,
          toast: 'regression',
          notes: [note('status', 'reopened by source: triggered again after resolve (regression)')],
        }
      }
      const notes = [note('occurrence', event.reminder ? 'reminder from source' : 'occurred again')]
      if (escalated) notes.push(note('severity', `severity raised from ${current.severity} to ${event.severity}`))
      else if (event.severity !== current.severity)
        notes.push(note('severity', `severity lowered from ${current.severity} to ${event.severity}`))
      return {
        ...base,
        status: current.status,
        severity: event.severity,
        occurrence: true,
        // Acknowledged means "I'm on it": repeats stay quiet, but getting worse is news.
        toast: escalated ? 'escalation' : null,
        notes,
      }
    }
    case 'resolve':
      if (current.status === 'resolved') {
        return { ...base, status: 'resolved', severity: current.severity, occurrence: false, toast: null, notes: [] }
      }
      return {
        ...base,
        status: 'resolved',
        severity: current.severity,
        occurrence: false,
        toast: 'resolved',
        notes: [note('status', 'resolved by source')],
      }
    case 'acknowledge':
      return {
        ...base,
        status: current.status === 'resolved' ? 'resolved' : 'acknowledged',
        severity: current.severity,
        occurrence: false,
        toast: null,
        notes: current.status === 'open' ? [note('status', 'acknowledged by source')] : [],
      }
    case 'pending':
      return { ...base, status: current.status, severity: current.severity, occurrence: false, toast: null, notes: [] }
    case 'log':
      return {
        ...base,
        status: current.status,
        severity: current.severity,
        occurrence: true,
        toast: null,
        notes: [note('occurrence', 'received again')],
      }
  }
}

function create(event: IncidentEvent): Transition {
  const first = { stale: false, updateDetail: true, occurrence: false, severity: event.severity }
  switch (event.action) {
    case 'trigger':
      return { ...first, status: 'open', toast: 'new', notes: [note('received', 'opened by source')] }
    case 'pending':
      // Not yet open at the source (AppSignal "warming up"): listed, but no toast until it opens.
      return { ...first, status: 'open', toast: null, notes: [note('received', 'received; pending at the source')] }
    case 'acknowledge':
      return { ...first, status: 'acknowledged', toast: null, notes: [note('received', 'received already acknowledged')] }
    case 'resolve':
      // A recovery for something never seen (first delivery after setup): keep it, resolved, no toast.
      return { ...first, status: 'resolved', toast: null, notes: [note('received', 'received already resolved')] }
    case 'log':
      return { ...first, status: 'resolved', toast: 'deploy', notes: [note('received', 'recorded')] }
  }
}
