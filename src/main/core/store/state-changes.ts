// Replay memory: which deliveries (by fingerprint) resolved or acknowledged an incident. A captured signed
// "resolved" stays valid for ever at the provider's side (Sentry, AppSignal and Checkly sign the body only),
// so the one-hour redelivery window is not enough: a state change is remembered for as long as its incident
// lives, and goes with it when retention deletes the incident (ON DELETE CASCADE, migration 6).
import type { Db } from '../../../server-common/sqlite'
import type { IncidentAction } from '../providers/types'

/** The source actions that move an incident towards "done": replaying one must never undo a newer state. */
export const STATE_CHANGING_ACTIONS: ReadonlySet<IncidentAction> = new Set(['resolve', 'acknowledge'])

export function createStateChanges(db: Db) {
  const stmt = {
    remember: db.prepare('INSERT OR IGNORE INTO state_changes (fingerprint, incident_seq, at) VALUES (?, ?, ?)'),
    seen: db.prepare('SELECT 1 FROM state_changes WHERE fingerprint = ? AND incident_seq = ?'),
  }
  return {
    /** Records that the delivery `fingerprint` changed (or set) the state of incident `seq`. */
    remember(fingerprint: string, seq: number, at: number): void {
      stmt.remember.run(fingerprint, seq, at)
    },
    /** Whether the delivery `fingerprint` already resolved or acknowledged incident `seq`. */
    changed(fingerprint: string, seq: number): boolean {
      return stmt.seen.get(fingerprint, seq) !== undefined
    },
  }
}

export type StateChanges = ReturnType<typeof createStateChanges>
