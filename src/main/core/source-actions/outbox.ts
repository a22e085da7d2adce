// The source_actions table (every action on a source is a row before its first attempt, committed with the
// change that caused it, so a crash loses none) and source_refs (what the last action left at the tool, per
// incident). A crash after a request left but before its answer was recorded sends it again: the attempt is
// counted before sending, so the next start knows it may have arrived, and tools whose requests are not
// idempotent look first (types.ts, `lookup`). This module is their only SQL; the actor decides what to write.
import type { Db } from '../../../server-common/sqlite'
import type { AttemptRecord } from '../forward/outbox'
import type { SourceActionView } from '../../../shared/incident'
import type { SourceActionKind } from './types'

export interface SourceActionRow {
  id: number
  incident_id: string
  integration_id: string
  provider: string
  action: SourceActionKind
  user: string
  until: number | null
  /** An undo's target, taken when the row was made ('' none); null on rows from before that column. */
  target_ref: string | null
  state: 'pending' | 'done' | 'skipped' | 'failed'
  attempts: number
  next_attempt_at: number | null
  last_status: number | null
  last_error: string | null
  created_at: number
  finished_at: number | null
}

export interface SourceRef {
  ref: string
  until: number | null
  extendAt: number | null
}

/** Finished rows are kept this long (the incident's detail shows them), then deleted a batch at a time. */
const KEEP_FINISHED_MS = 30 * 86_400_000

export function createSourceOutbox(db: Db) {
  const stmt = {
    insert: db.prepare(`INSERT INTO source_actions (incident_id, integration_id, provider, action, user, until,
      target_ref, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
    // One incident's actions go in order (a reopen expires the silence its acknowledge made): only the oldest
    // pending row of each incident is due.
    due: db.prepare(`SELECT * FROM source_actions s WHERE state = 'pending' AND next_attempt_at <= ?
      AND NOT EXISTS (SELECT 1 FROM source_actions p WHERE p.incident_id = s.incident_id AND p.state = 'pending' AND p.id < s.id)
      ORDER BY next_attempt_at LIMIT 20`),
    nextDue: db.prepare(`SELECT MIN(next_attempt_at) AS at FROM source_actions WHERE state = 'pending'`),
    update: db.prepare(`UPDATE source_actions SET state = ?, attempts = ?, next_attempt_at = ?, last_status = ?,
      last_error = ?, finished_at = ? WHERE id = ?`),
    byId: db.prepare(`SELECT * FROM source_actions WHERE id = ?`),
    postpone: db.prepare(`UPDATE source_actions SET next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'pending'`),
    ofIncident: db.prepare(`SELECT * FROM source_actions WHERE incident_id = ? ORDER BY id DESC LIMIT 20`),
    latestOf: db.prepare(`SELECT MAX(id) AS id FROM source_actions WHERE incident_id = ?`),
    pendingOf: db.prepare(`SELECT 1 FROM source_actions WHERE incident_id = ? AND state = 'pending' LIMIT 1`),
    prune: db.prepare(`DELETE FROM source_actions WHERE id IN (SELECT id FROM source_actions
      WHERE state != 'pending' AND finished_at < ? LIMIT 500)`),
    ref: db.prepare(`SELECT ref, until, extend_at FROM source_refs WHERE incident_id = ?`),
    setRef: db.prepare(`INSERT INTO source_refs (incident_id, ref, until, extend_at, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (incident_id) DO UPDATE SET ref = excluded.ref, until = excluded.until, extend_at = excluded.extend_at,
      updated_at = excluded.updated_at`),
    forget: db.prepare(`DELETE FROM source_refs WHERE incident_id = ?`),
    // Silences to extend: the incident still acknowledged, nothing else pending for it. Bounded per sweep.
    toExtend: db.prepare(`SELECT r.incident_id FROM source_refs r JOIN incidents i ON i.id = r.incident_id
      WHERE r.extend_at IS NOT NULL AND r.extend_at <= ? AND i.status = 'acknowledged'
      AND NOT EXISTS (SELECT 1 FROM source_actions p WHERE p.incident_id = r.incident_id AND p.state = 'pending')
      LIMIT 50`),
    nextExtend: db.prepare(`SELECT MIN(extend_at) AS at FROM source_refs WHERE extend_at IS NOT NULL`),
    // A ref whose thing ended long ago, or whose incident is no longer acknowledged, is not extended again.
    stopExtending: db.prepare(`UPDATE source_refs SET extend_at = NULL WHERE incident_id IN (SELECT r.incident_id
      FROM source_refs r LEFT JOIN incidents i ON i.id = r.incident_id
      WHERE r.extend_at IS NOT NULL AND r.extend_at <= ? AND (i.id IS NULL OR i.status != 'acknowledged') LIMIT 500)`),
    pruneRefs: db.prepare(`DELETE FROM source_refs WHERE incident_id IN (SELECT incident_id FROM source_refs
      WHERE extend_at IS NULL AND (until IS NULL OR until < ?) AND updated_at < ? LIMIT 500)`),
  }

  return {
    add(input: {
      incidentId: string
      integrationId: string
      provider: string
      action: SourceActionKind
      user: string
      until: number | null
      /** An undo's target (the silence id it expires), '' when there is none; absent for the others. */
      targetRef?: string | null
      now: number
    }): number {
      const row = stmt.insert.get(
        input.incidentId,
        input.integrationId,
        input.provider,
        input.action,
        input.user,
        input.until,
        input.targetRef ?? null,
        input.now,
        input.now,
      ) as { id: number }
      return row.id
    },
    due: (now: number): SourceActionRow[] => stmt.due.all(now) as unknown as SourceActionRow[],
    /** When the next pending action is due, or null when none is pending. */
    nextDueAt: (): number | null => (stmt.nextDue.get() as { at: number | null }).at,
    get: (id: number): SourceActionRow | undefined => stmt.byId.get(id) as SourceActionRow | undefined,
    hasPending: (incidentId: string): boolean => stmt.pendingOf.get(incidentId) !== undefined,
    record(id: number, r: AttemptRecord<SourceActionRow['state']>): void {
      stmt.update.run(r.state, r.attempts, r.nextAttemptAt, r.status, r.error, r.finishedAt, id)
    },
    /** Puts off a pending action whose attempt threw (forward/drain.ts). */
    postpone(id: number, error: string, at: number): void {
      stmt.postpone.run(at, error, id)
    },
    /**
     * Makes a failed action pending again with a fresh schedule. Only an incident's latest action: an older one
     * was overtaken (retrying a failed reopen after a new acknowledge would undo the acknowledge at the source).
     * Its last error stays, which tells the actor an earlier attempt may have arrived.
     */
    retry(id: number, now: number): 'ok' | 'not-failed' | 'superseded' {
      const row = stmt.byId.get(id) as SourceActionRow | undefined
      if (!row || row.state !== 'failed') return 'not-failed'
      if ((stmt.latestOf.get(row.incident_id) as { id: number }).id !== row.id) return 'superseded'
      stmt.update.run('pending', 0, now, row.last_status, row.last_error, null, id)
      return 'ok'
    },
    ofIncident(incidentId: string, name: (provider: string) => string): SourceActionView[] {
      const rows = stmt.ofIncident.all(incidentId) as unknown as SourceActionRow[]
      return rows.map((r, i) => ({
        id: r.id,
        tool: name(r.provider),
        action: r.action,
        state: r.state,
        attempts: r.attempts,
        lastStatus: r.last_status,
        lastError: r.last_error,
        nextAttemptAt: r.next_attempt_at === null ? null : new Date(r.next_attempt_at).toISOString(),
        createdAt: new Date(r.created_at).toISOString(),
        // Newest first: only the first row is the incident's latest action, the only one Retry may send.
        retryable: i === 0 && r.state === 'failed',
      }))
    },
    ref(incidentId: string): SourceRef | null {
      const row = stmt.ref.get(incidentId) as { ref: string; until: number | null; extend_at: number | null } | undefined
      return row ? { ref: row.ref, until: row.until, extendAt: row.extend_at } : null
    },
    setRef(incidentId: string, ref: SourceRef, now: number): void {
      stmt.setRef.run(incidentId, ref.ref, ref.until, ref.extendAt, now)
    },
    forgetRef: (incidentId: string): void => void stmt.forget.run(incidentId),
    /** Incidents whose silence is due to be extended (at most 50). */
    toExtend: (now: number): string[] => (stmt.toExtend.all(now) as { incident_id: string }[]).map((r) => r.incident_id),
    nextExtendAt: (): number | null => (stmt.nextExtend.get() as { at: number | null }).at,
    /** Bounded clean-up: refs no longer extended, finished rows past their keep. */
    tidy(now: number): void {
      stmt.stopExtending.run(now)
      stmt.pruneRefs.run(now - 86_400_000, now - 86_400_000)
      stmt.prune.run(now - KEEP_FINISHED_MS)
    },
  }
}

export type SourceOutbox = ReturnType<typeof createSourceOutbox>
