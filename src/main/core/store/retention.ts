// Retention: old resolved incidents go, open and acknowledged ones never do.
import { transaction, type Db } from '../../../server-common/sqlite'
import type { SearchIndex } from './search-index'

export interface PruneOptions {
  resolvedDays: number
  maxIncidents: number
  now: number
  batch?: number
}

/**
 * Resolved incidents older than `resolvedDays`, then the oldest resolved ones beyond `maxIncidents`. Works in
 * small batches so ingest, which shares the connection, never waits long; returns how many rows one batch
 * removed (the caller repeats, yielding between batches, until it is 0). Timeline rows go with their incident
 * (ON DELETE CASCADE).
 */
export function createRetention(db: Db, search: SearchIndex) {
  return function pruneBatch(opts: PruneOptions): number {
    const batch = opts.batch ?? 500
    const cutoff = opts.now - opts.resolvedDays * 86_400_000
    return transaction(db, () => {
      let seqs = (
        db.prepare(`SELECT seq FROM incidents WHERE status = 'resolved' AND resolved_at < ? LIMIT ?`).all(cutoff, batch) as {
          seq: number
        }[]
      ).map((r) => r.seq)
      if (seqs.length === 0) {
        const { n } = db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }
        const excess = Math.min(n - opts.maxIncidents, batch)
        if (excess > 0) {
          seqs = (
            db.prepare(`SELECT seq FROM incidents WHERE status = 'resolved' ORDER BY last_seen_at ASC LIMIT ?`).all(excess) as {
              seq: number
            }[]
          ).map((r) => r.seq)
        }
      }
      if (seqs.length === 0) return 0
      search.removeAll(seqs)
      db.exec(`DELETE FROM incidents WHERE seq IN (${seqs.join(',')})`)
      return seqs.length
    })
  }
}

export interface PruneLoopDeps {
  pruneBatch: (opts: PruneOptions) => number
  /** The delivery log's own retention, once the incidents are done (it keeps rows incidents point at). */
  pruneDeliveries: (now: number) => void
  retention: () => { resolvedDays: number; maxIncidents: number }
  now: () => number
  log: (message: string) => void
}

/** Retention every 10 minutes, in small batches, yielding between them so ingest never waits behind a long delete. */
export function createPruneLoop(deps: PruneLoopDeps) {
  let timer: NodeJS.Timeout | null = null
  function prune(): void {
    const retention = deps.retention()
    const step = () => {
      const removed = deps.pruneBatch({ ...retention, now: deps.now() })
      if (removed > 0) setImmediate(step)
      else deps.pruneDeliveries(deps.now())
    }
    try {
      step()
    } catch (error) {
      deps.log(`[store] pruning failed: ${String(error)}`)
    }
  }
  return {
    start(): void {
      prune()
      timer ??= setInterval(prune, 10 * 60_000)
      timer.unref()
    },
    stop(): void {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
