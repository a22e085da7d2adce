// Replay memory: which deliveries (by fingerprint) resolved or acknowledged an incident. A captured signed
// "resolved" stays valid for ever at the provider's side (Sentry, AppSignal and Checkly sign the body only),
// so the one-hour redelivery window is not enough: a state change is remembered for as long as its incident
// lives, and goes with it when retention deletes the incident (ON DELETE CASCADE, migration 8).
import type { Db } from '../../../server-common/sqlite'
import type { IncidentAction } from '../providers/types'

/** The source actions that move an incident towards "done": replaying one must never undo a newer state. */
export const STATE_CHANGING_ACTIONS: ReadonlySet<IncidentAction> = new Set(['resolve', 'acknowledge'])

/**
 * State changes kept per incident. An alert that flaps for months is never pruned (it keeps being resolved
 * recently), so its memory is capped: the newest are kept, and a replay of an older one is still refused by
 * event-time ordering where the provider sends event times.
 */
export const STATE_CHANGES_PER_INCIDENT = 1000

export function createStateChanges(db: Db, perIncident = STATE_CHANGES_PER_INCIDENT) {
  const stmt = {
    remember: db.prepare('INSERT OR IGNORE INTO state_changes (fingerprint, incident_seq, at) VALUES (?, ?, ?)'),
    seen: db.prepare('SELECT 1 FROM state_changes WHERE fingerprint = ? AND incident_seq = ?'),
    count: db.prepare('SELECT COUNT(*) AS n FROM state_changes WHERE incident_seq = ?'),
    // The at of the newest one not kept, by (at, fingerprint) so equal times are cut in a fixed order.
    cut: db.prepare(
      'SELECT at, fingerprint FROM state_changes WHERE incident_seq = ? ORDER BY at DESC, fingerprint DESC LIMIT 1 OFFSET ?',
    ),
    drop: db.prepare('DELETE FROM state_changes WHERE incident_seq = ? AND (at < ? OR (at = ? AND fingerprint <= ?))'),
  }
  return {
    /** Records that the delivery `fingerprint` changed (or set) the state of incident `seq`. */
    remember(fingerprint: string, seq: number, at: number): void {
      stmt.remember.run(fingerprint, seq, at)
      // Trimmed in steps of a tenth, so a flapping alert costs one delete per hundred resolves, not one each.
      if ((stmt.count.get(seq) as { n: number }).n <= perIncident + Math.ceil(perIncident / 10)) return
      const cut = stmt.cut.get(seq, perIncident) as { at: number; fingerprint: string } | undefined
      if (cut) stmt.drop.run(seq, cut.at, cut.at, cut.fingerprint)
    },
    /** Whether the delivery `fingerprint` already resolved or acknowledged incident `seq`. */
    changed(fingerprint: string, seq: number): boolean {
      return stmt.seen.get(fingerprint, seq) !== undefined
    },
  }
}

export type StateChanges = ReturnType<typeof createStateChanges>
