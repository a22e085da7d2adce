// Sending what an outbox holds, for the forwarder (forwards) and the source actor (actions on the source):
// one drain at a time, batch after batch until nothing is due, then a timer for the next due row. Each row's
// attempt is the owner's; an attempt that throws is logged, put off (`postpone`) and the others go on: left
// due, it would be picked again at once, and one that throws before its first await would spin the loop.

/** What the drainer reads and writes of an outbox table (forward/outbox.ts, source-actions/outbox.ts). */
export interface DrainableOutbox<Row extends { id: number }> {
  /** Up to a batch of pending rows whose time has come. */
  due(now: number): Row[]
  /** When the next pending row is due, or null when none is pending. */
  nextDueAt(): number | null
  /** Puts off a pending row whose attempt threw until `at`, with the error as its last one. */
  postpone(id: number, error: string, at: number): void
}

export interface DrainerDeps<Row extends { id: number }> {
  outbox: DrainableOutbox<Row>
  /** One attempt; `signal` aborts it on stop (quitting must not wait for a slow receiver's timeout). */
  attempt(row: Row, signal: AbortSignal): Promise<void>
  now(): number
  log(message: string): void
  /** How the log names a row ("[forward] attempt"). */
  label: string
}

/** How long a row whose attempt threw waits: a bug, not a busy receiver, so no quicker retry would help. */
export const THREW_DELAY_MS = 60_000

export interface Drainer {
  start(): void
  /** Stops scheduling and waits for attempts in flight, so nothing touches the database after it closes. */
  stop(): Promise<void>
  /** True once stopped: an attempt that was in flight leaves its row pending, to be sent on the next start. */
  stopped(): boolean
  /** Aborted on stop; for requests outside the outbox (a Test button) that must not outlive the app either. */
  signal(): AbortSignal
  /** Sends what is due now (and schedules the next); resolves when nothing is due. */
  drain(): Promise<void>
}

export function createDrainer<Row extends { id: number }>(deps: DrainerDeps<Row>): Drainer {
  let timer: NodeJS.Timeout | null = null
  let draining: Promise<void> | null = null
  let stopped = true
  let halt = new AbortController()

  /** Sends what is due, batch after batch, until nothing is. One drain at a time; stop() waits for it. */
  function drain(): Promise<void> {
    if (stopped) return Promise.resolve()
    draining ??= sendDue().finally(() => {
      draining = null
      schedule()
    })
    return draining
  }

  async function sendDue(): Promise<void> {
    while (!stopped) {
      const rows = deps.outbox.due(deps.now())
      if (rows.length === 0) return
      // The batch goes out together: one slow receiver must not hold up the others.
      await Promise.all(
        rows.map((row) =>
          // Through a promise, so an attempt that throws at once is caught like one that rejects.
          Promise.resolve()
            .then(() => deps.attempt(row, halt.signal))
            .catch((error: unknown) => {
              deps.log(`${deps.label} ${row.id} failed unexpectedly: ${String(error)}`)
              try {
                deps.outbox.postpone(row.id, `failed unexpectedly: ${String(error).slice(0, 200)}`, deps.now() + THREW_DELAY_MS)
              } catch (again) {
                deps.log(`${deps.label} ${row.id} could not be put off: ${String(again)}`)
              }
            }),
        ),
      )
    }
  }

  function schedule(): void {
    if (stopped) return
    if (timer) clearTimeout(timer)
    timer = null
    const at = deps.outbox.nextDueAt()
    if (at === null) return
    timer = setTimeout(() => void drain(), Math.max(0, at - deps.now()))
    timer.unref?.()
  }

  return {
    start(): void {
      stopped = false
      halt = new AbortController()
      void drain()
    },
    stop(): Promise<void> {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      halt.abort()
      return draining ?? Promise.resolve()
    },
    stopped: () => stopped,
    signal: () => halt.signal,
    drain,
  }
}
