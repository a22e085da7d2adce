// A source's own times order an incident's events (incident/lifecycle.ts: a delivery older than the state
// applied changes nothing). A time ahead of the delivery's arrival is not one the source can have meant: a
// wrong clock, or a body or header someone wrote to pin the incident (a failure stamped in 2100 would make
// every later recovery look older for ever). So no source time runs ahead of the receipt by more than a
// clock's ordinary skew, whichever provider read it and whether or not the delivery was signed.
import type { IncidentEvent } from '../providers/types'

/** How far ahead of the receipt a source's clock may be (NTP keeps real ones within a second or so). */
export const MAX_SOURCE_AHEAD_MS = 60_000

/** The event with its source times capped at `receivedAt` plus the skew allowed (the relay's stamp if relayed). */
export function boundSourceTimes(event: IncidentEvent, receivedAt: number): IncidentEvent {
  const latest = receivedAt + MAX_SOURCE_AHEAD_MS
  const ahead = (t: number | undefined) => t !== undefined && t > latest
  if (!ahead(event.sourceTimestamp) && !ahead(event.occurredAt)) return event
  const bounded = { ...event }
  if (ahead(event.sourceTimestamp)) bounded.sourceTimestamp = latest
  if (ahead(event.occurredAt)) bounded.occurredAt = latest
  return bounded
}
