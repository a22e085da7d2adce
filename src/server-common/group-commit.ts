// Group commit: writes that arrive while one transaction is being built share the next one. BEGIN/COMMIT
// cost as much as a whole delivery's inserts (`npm run bench -- ingest`), so under load one transaction per
// group instead of per write is most of the difference to a bare receiver. Each write runs in its own
// savepoint: one that throws is rolled back alone and its caller gets its error, never its neighbours.
import type { Db } from './sqlite'

interface Pending {
  work: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/**
 * Work a group gathers from its writes and does once, just before the commit (the full-text index: FTS5
 * writes its pending terms to disk at every savepoint, so indexing inside each write's savepoint cost a
 * segment per delivery). Outside a group it is written at once.
 */
export interface Batched {
  /** A group starts: gather instead of writing. */
  begin(): void
  /** Where a write's gathered work starts, so that a write rolled back can drop its own. */
  mark(): number
  rollbackTo(mark: number): void
  /** Writes what was gathered (inside the transaction, outside any savepoint) and stops gathering. */
  flush(): void
  /** Drops what was gathered (the group's transaction failed) and stops gathering. */
  discard(): void
}

/**
 * Asked before each transaction: null to go ahead, or a promise to wait for first (checkpointer.ts holds a
 * transaction for a few milliseconds while the WAL is copied, so that it starts the WAL over).
 */
export type BeforeWrite = () => Promise<void> | null

/** A write that is larger than a group is pointless to wait for: the rest go in the next transaction. */
const MAX_GROUP = 256

export function createGroupCommit(db: Db, batched: readonly Batched[] = [], beforeWrite?: BeforeWrite) {
  let queue: Pending[] = []
  let scheduled = false
  /** The group waited for `beforeWrite` already: it goes now, with whatever arrived meanwhile. */
  let cleared = false
  let groups = 0
  let writes = 0

  /**
   * Runs `work` inside the next group's transaction and resolves with its result only after that transaction
   * has committed (so an answer sent on resolve is never ahead of the disk). A lone write waits one turn of
   * the event loop (setImmediate): requests read in the same I/O phase join it.
   */
  function run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
      if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    })
  }

  function flush(): void {
    if (!cleared) {
      const wait = beforeWrite?.()
      if (wait) {
        // Writes keep queueing meanwhile and join this group.
        const go = () => ((cleared = true), flush())
        void wait.then(go, go)
        return
      }
    }
    cleared = false
    scheduled = false
    const group = queue.length > MAX_GROUP ? queue.splice(0, MAX_GROUP) : queue
    if (group === queue) queue = []
    if (queue.length > 0) {
      scheduled = true
      setImmediate(flush)
    }
    if (group.length === 0) return

    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = []
    try {
      db.exec('BEGIN IMMEDIATE')
    } catch (error) {
      for (const p of group) p.reject(error)
      return
    }
    for (const b of batched) b.begin()
    for (const p of group) {
      const marks = batched.map((b) => b.mark())
      db.exec('SAVEPOINT one_write')
      try {
        results.push({ ok: true, value: p.work() })
        db.exec('RELEASE one_write')
      } catch (error) {
        db.exec('ROLLBACK TO one_write')
        db.exec('RELEASE one_write')
        batched.forEach((b, i) => b.rollbackTo(marks[i]!))
        results.push({ ok: false, error })
      }
    }
    try {
      for (const b of batched) b.flush()
      db.exec('COMMIT')
    } catch (error) {
      for (const b of batched) b.discard()
      if (db.isTransaction) db.exec('ROLLBACK')
      for (const p of group) p.reject(error)
      return
    }
    groups++
    writes += group.length
    group.forEach((p, i) => {
      const r = results[i]!
      if (r.ok) p.resolve(r.value)
      else p.reject(r.error)
    })
  }

  /** Resolves once nothing is waiting to be committed (before closing the database). */
  async function idle(): Promise<void> {
    while (scheduled) await new Promise((resolve) => setImmediate(resolve))
  }

  return {
    run,
    idle,
    /** Transactions committed and the writes they held, for diagnostics and tests. */
    stats: () => ({ groups, writes }),
  }
}

export type GroupCommit = ReturnType<typeof createGroupCommit>
