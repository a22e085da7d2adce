// Long-polls: a reader's GET waits (up to MAX_WAIT_SECONDS) until something is appended to its channel, on
// this instance or, through the store's notifications, on any other.
import type { ServerResponse } from 'node:http'
import type { RelayStore, StoredItem } from './store/types'

export interface PollRequest {
  channel: string
  after: number
  waitSeconds: number
  limit: number
  /** The reader's response: the wait ends when it closes. */
  res: ServerResponse
}

export function createWaiters(store: RelayStore) {
  const waiters = new Map<string, Set<() => void>>()

  function wake(channel: string): void {
    const channels = channel === '*' ? [...waiters.keys()] : [channel]
    for (const c of channels) {
      const set = waiters.get(c)
      if (!set) continue
      waiters.delete(c)
      for (const done of set) done()
    }
  }
  // Appends on this instance and (on PostgreSQL) on every other one.
  const unsubscribe = store.onAppended(wake)

  /**
   * Items after `after`: at once when there are any, else as soon as one is appended, or empty after
   * `waitSeconds`. Null when the reader hung up meanwhile. Store errors reach the caller as thrown.
   */
  async function poll(request: PollRequest): Promise<{ items: StoredItem[]; latestSeq: number } | null> {
    const { channel, after, waitSeconds, limit, res } = request
    // Listen before looking, so an append that lands between the query and the wait still wakes us.
    let done = () => {}
    const woken = new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), waitSeconds * 1000)
      done = () => {
        clearTimeout(timer)
        waiters.get(channel)?.delete(done)
        res.off('close', done)
        resolve()
      }
      res.on('close', done)
      const set = waiters.get(channel) ?? new Set()
      set.add(done)
      waiters.set(channel, set)
    })
    try {
      let items = await store.after(channel, after, limit)
      if (items.length === 0 && waitSeconds > 0 && !res.destroyed) {
        await woken
        if (res.destroyed) return null
        items = await store.after(channel, after, limit)
      }
      return { items, latestSeq: await store.latest(channel) }
    } finally {
      done()
    }
  }

  return {
    poll,
    /** Ends every wait (the server is stopping). */
    close(): void {
      unsubscribe()
      wake('*')
    },
  }
}
