// The forwards table: every forward is a row before its first attempt, so a crash or quit loses none. This
// module is its only SQL; the forwarder decides what to write.
import type { ForwardView } from '../../../shared/target'
import type { Db } from '../../../server-common/sqlite'
import type { Snapshot } from './payload'

export interface ForwardRow {
  id: number
  incident_id: string
  target_id: string
  event: string
  message_id: string
  snapshot: string
  state: 'pending' | 'delivered' | 'failed'
  attempts: number
  next_attempt_at: number | null
  last_status: number | null
  last_error: string | null
  created_at: number
}

/** What an attempt leaves: finished (`nextAttemptAt` null) or pending until `nextAttemptAt`. */
export interface AttemptRecord<State extends string = ForwardRow['state']> {
  state: State
  attempts: number
  nextAttemptAt: number | null
  status: number | null
  error: string | null
  /** When it finished; null while pending. */
  finishedAt: number | null
}

export function createOutbox(db: Db) {
  const stmt = {
    insert: db.prepare(
      `INSERT INTO forwards (incident_id, target_id, event, message_id, snapshot, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    due: db.prepare(`SELECT * FROM forwards WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 20`),
    nextDue: db.prepare(`SELECT MIN(next_attempt_at) AS at FROM forwards WHERE state = 'pending'`),
    update: db.prepare(
      `UPDATE forwards SET state = ?, attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?, finished_at = ? WHERE id = ?`,
    ),
    failed: db.prepare(`SELECT * FROM forwards WHERE state = 'failed' ORDER BY id DESC LIMIT 200`),
    byId: db.prepare(`SELECT * FROM forwards WHERE id = ?`),
    postpone: db.prepare(`UPDATE forwards SET next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'pending'`),
  }

  return {
    /** Commits a forward, due at once. The message id stays the same on every retry (receivers dedupe on it). */
    add(targetId: string, snapshot: Snapshot, messageId: string, now: number): number {
      const row = stmt.insert.get(
        snapshot.incident.id,
        targetId,
        snapshot.event,
        messageId,
        JSON.stringify(snapshot),
        now,
        now,
      ) as { id: number }
      return row.id
    },
    /** Up to a batch of pending forwards whose time has come, earliest first. */
    due(now: number): ForwardRow[] {
      return stmt.due.all(now) as unknown as ForwardRow[]
    },
    /** When the next pending forward is due, or null when none is pending. */
    nextDueAt(): number | null {
      return (stmt.nextDue.get() as { at: number | null }).at
    },
    record(id: number, r: AttemptRecord): void {
      stmt.update.run(r.state, r.attempts, r.nextAttemptAt, r.status, r.error, r.finishedAt, id)
    },
    /** Puts off a pending forward whose attempt threw (forward/drain.ts). */
    postpone(id: number, error: string, at: number): void {
      stmt.postpone.run(at, error, id)
    },
    /** Makes a failed forward pending again with a fresh schedule; false when it is not a failed one. */
    retry(id: number, now: number): boolean {
      const row = stmt.byId.get(id) as ForwardRow | undefined
      if (!row || row.state !== 'failed') return false
      stmt.update.run('pending', 0, now, row.last_status, row.last_error, null, id)
      return true
    },
    /** The latest failed forwards, for Settings → Forwarding. */
    failed(targetName: (id: string) => string | undefined): ForwardView[] {
      return (stmt.failed.all() as unknown as ForwardRow[]).map((r) => ({
        id: r.id,
        incidentId: r.incident_id,
        targetId: r.target_id,
        targetName: targetName(r.target_id) ?? '(deleted target)',
        event: r.event,
        state: r.state,
        attempts: r.attempts,
        lastStatus: r.last_status,
        lastError: r.last_error,
        nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at).toISOString() : null,
        createdAt: new Date(r.created_at).toISOString(),
      }))
    },
  }
}

export type Outbox = ReturnType<typeof createOutbox>
