// What the delivery log says about a committed delivery, from what the lifecycle did with its events: a
// delivery whose every event was a replay is a duplicate (answered 200, like a redelivery), one whose events
// were all older than the state already applied is ignored, and a mix is accepted with a note on the rest.
import type { DeliveryOutcome } from '../../../shared/model'
import type { Applied } from '../store/incident-store'

export interface CommittedOutcome {
  outcome: Exclude<DeliveryOutcome, 'rejected'>
  status: 200 | 202
  reason: string | null
}

export const REPLAY_REASON =
  'replay of a delivery that already resolved or acknowledged this incident: ignored, it cannot change the incident again'
export const OLDER_REASON = "older than the state already applied (by the source's own event time): ignored"

export function committedOutcome(applied: readonly Applied[], note: string | undefined): CommittedOutcome {
  if (applied.length === 0) return { outcome: 'ignored', status: 202, reason: note ?? 'recorded; not an incident' }
  const replays = applied.filter((a) => a.transition.stale === 'replay').length
  const older = applied.filter((a) => a.transition.stale === 'older').length
  if (replays === applied.length) return { outcome: 'duplicate', status: 200, reason: REPLAY_REASON }
  if (replays + older === applied.length) {
    const reason = replays > 0 ? `${OLDER_REASON}; ${replays} of ${applied.length} a replay` : OLDER_REASON
    return { outcome: 'ignored', status: 202, reason }
  }
  const parts = [
    older > 0 ? `${older} of ${applied.length} ${older === 1 ? 'was' : 'were'} older than the state already applied` : null,
    replays > 0 ? `${replays} of ${applied.length} ${replays === 1 ? 'was a replay' : 'were replays'} of a state change` : null,
  ].filter((p): p is string => p !== null)
  return { outcome: 'accepted', status: 202, reason: parts.length > 0 ? `${parts.join('; ')}: ignored` : null }
}
