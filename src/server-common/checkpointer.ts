// WAL checkpoints on a thread of their own while writes come steadily. SQLite otherwise checkpoints inside
// the commit that takes the WAL past 1,000 pages: it copies those pages into the database and fsyncs twice,
// 10–35 ms on the thread that answers senders, several times a second at 500 deliveries/s (a delivery
// writes ~35 pages, one per index it touches; `npm run bench -- ingest`). Here a worker with its own
// connection runs PASSIVE checkpoints, which never block the writer, and the writer's commits stay short.
//
// A passive checkpoint cannot start the WAL over while new frames keep coming, so the WAL would only grow:
// SQLite starts it over at the next write after a checkpoint has copied every frame
// (https://www.sqlite.org/wal.html#avoiding_excessively_large_wal_files). So when the WAL is past `limitFrames`,
// the group commit holds its next transaction (`beforeWrite`) until one more pass has copied what is there,
// a few milliseconds once per WAL, and that transaction starts the WAL over.
//
// A worker costs ~20 MB of memory, so it runs only under load: it starts when writes come faster than
// `startGroupsPerSecond` and stops after `idleStopMs` of quiet, giving checkpoints back to SQLite.
import { Worker } from 'node:worker_threads'
import { WAL_SIZE_LIMIT_BYTES, type Db } from './sqlite'

export interface CheckpointerOptions {
  /** Hold the writer for a restart once the WAL is this many frames long (8,000 frames ≈ 32 MB). */
  limitFrames?: number
  /** Transactions within one second that start the worker. */
  startGroupsPerSecond?: number
  /** A worker with no transaction to follow for this long stops. */
  idleStopMs?: number
  /**
   * Between passes, unless the writer asks for one. The WAL can pass its limit by what is written meanwhile
   * (~1,800 frames at 500 deliveries/s).
   */
  passIntervalMs?: number
  /** The longest a transaction is held for a restart; past it the WAL just grows a little more. */
  maxHoldMs?: number
  log?: (message: string) => void
}

/** SQLite's default: what the writer goes back to when the worker is not running. */
const SQLITE_AUTOCHECKPOINT = 1000
/**
 * Should the worker fall behind (a reader pinning the WAL), the writer still checkpoints at this length. Not a
 * hard cap: the writer's checkpoint is skipped while one of the worker's holds the checkpoint lock.
 */
const BACKSTOP_FACTOR = 4
/** Each WAL frame is a page and a 24-byte header (https://www.sqlite.org/fileformat.html#wal_file_format). */
const WAL_FRAME_HEADER = 24

// Slots of the shared state, written by the worker and read by the writer without a message round trip.
const LOG = 0 // frames in the WAL at the last pass
const COMPLETED = 1 // passes completed
const STARTED = 2 // passes started
const WAKE = 3 // the writer asks for a pass now
const STOP = 4 // the writer asks the worker to close its connection and end
const RESTARTS = 5 // times the WAL was seen to start over
const SLOTS = 6

// Plain JavaScript evaluated as the worker: no file to find beside a bundle or inside an asar archive.
const WORKER_SOURCE = `
const { DatabaseSync } = require('node:sqlite')
const { workerData, parentPort } = require('node:worker_threads')
const s = new Int32Array(workerData.state)
const [LOG, COMPLETED, STARTED, WAKE, STOP, RESTARTS] = [${LOG}, ${COMPLETED}, ${STARTED}, ${WAKE}, ${STOP}, ${RESTARTS}]
let db
try {
  db = new DatabaseSync(workerData.path)
  // Checkpoints read WAL frames and write database pages; a small cache is all they need.
  db.exec('PRAGMA cache_size = -256')
  const pass = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')
  parentPort.postMessage({ ready: true })
  let n = 0
  const turn = () => {
    for (let i = 0; i < 100 && Atomics.load(s, STOP) === 0; i++) {
      // A wake-up is answered by any pass that starts after it.
      Atomics.store(s, WAKE, 0)
      Atomics.store(s, STARTED, ++n)
      let r = pass.get()
      // Busy (log -1): the writer's own checkpoint held the lock. Once more, so that a held writer's pass counts.
      if (r.log < 0) r = pass.get()
      if (r.log >= 0) {
        if (r.log < Atomics.load(s, LOG)) Atomics.add(s, RESTARTS, 1)
        Atomics.store(s, LOG, r.log)
      }
      Atomics.store(s, COMPLETED, n)
      Atomics.notify(s, COMPLETED)
      // Then wait for the writer to ask, or for more to copy. Waiting matters: the writer's next transaction
      // starts the WAL over only if no checkpoint is running as it begins; and every pass fsyncs the WAL,
      // and the writer's next frame waits while the block it shares with the last one is being written
      // back (ext4), so fewer, larger passes hold it less (p99 at 500/s: 13-22 ms passing back to back,
      // 7-16 ms once per 100 ms).
      Atomics.wait(s, WAKE, 0, workerData.passIntervalMs)
    }
    if (Atomics.load(s, STOP) === 0) setImmediate(turn)
    else db.close()
  }
  turn()
} catch (error) {
  try { db?.close() } catch {}
  parentPort.postMessage({ error: String(error && error.message || error) })
}
`

/** `path` is the database file the worker opens: the writer's own (a test may name another). */
export function createCheckpointer(db: Db, path: string, options: CheckpointerOptions = {}) {
  const limitFrames = options.limitFrames ?? 8000
  const startGroups = options.startGroupsPerSecond ?? 100
  const idleStopMs = options.idleStopMs ?? 60_000
  const maxHoldMs = options.maxHoldMs ?? 50
  const passIntervalMs = options.passIntervalMs ?? 100
  const log = options.log ?? (() => {})

  const state = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT))
  let worker: Worker | null = null
  let failed = false
  /** The database is closing: no worker starts again. */
  let closed = false
  let stopping: Promise<void> | null = null
  let idleTimer: NodeJS.Timeout | null = null
  let windowStart = 0
  let windowGroups = 0
  let lastGroupAt = 0
  /** Passes completed when the writer was last held: it is not held again before a newer pass reports. */
  let heldAfter = -1
  let starts = 0

  function start(): void {
    state.fill(0)
    heldAfter = -1
    let w: Worker
    try {
      w = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, state: state.buffer, passIntervalMs } })
    } catch (error) {
      // No thread to be had (a process at its limit): the writer's commits go on checkpointing.
      return fail(`the checkpoint worker could not start: ${error instanceof Error ? error.message : String(error)}`)
    }
    w.on('message', (m: { ready?: true; error?: string }) => {
      if (m.error) fail(`the checkpoint worker could not run: ${m.error}`)
      // The writer stops checkpointing once the worker does (until then SQLite's own go on). The WAL passes its
      // limit by what is written during a pass: kept up to twice the limit, it is not cut and grown again at
      // every restart, only after the backstop let it grow.
      else if (m.ready && worker === w && db.isOpen) {
        const { page_size: pageSize } = db.prepare('PRAGMA page_size').get() as { page_size: number }
        db.exec(`PRAGMA wal_autocheckpoint = ${limitFrames * BACKSTOP_FACTOR};
          PRAGMA journal_size_limit = ${2 * limitFrames * (pageSize + WAL_FRAME_HEADER)};`)
      }
    })
    w.on('error', (error) => fail(`the checkpoint worker failed: ${error.message}`))
    // Ended without being asked: the writer checkpoints again, and a later load may start another.
    w.on('exit', () => worker === w && void stop())
    // After the listeners, which would keep the process alive otherwise: the worker never does (stop() ends it).
    w.unref()
    worker = w
    starts++
    idleTimer = setInterval(
      () => {
        if (performance.now() - lastGroupAt >= idleStopMs) void stop()
      },
      Math.min(idleStopMs, 10_000),
    )
    idleTimer.unref()
  }

  /** Back to SQLite's own checkpoints for good: Hookbell works as before, only its commits are longer. */
  function fail(message: string): void {
    if (failed) return
    failed = true
    log(`[store] ${message}; SQLite checkpoints in the writer's commits instead`)
    void stop()
  }

  function stop(): Promise<void> {
    if (idleTimer) clearInterval(idleTimer)
    idleTimer = null
    const w = worker
    if (!w) return stopping ?? Promise.resolve()
    worker = null
    Atomics.store(state, STOP, 1)
    Atomics.store(state, WAKE, 1)
    Atomics.notify(state, WAKE)
    // A transaction held for a restart goes ahead now: no pass it waits for may come (waitForPass sees no worker).
    Atomics.notify(state, COMPLETED)
    // The writer checkpoints again before this turn ends, so before the worker is gone: the WAL is never left
    // without one. Its next restart cuts the file back to the usual size.
    if (db.isOpen)
      db.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT}; PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES};`)
    const ended = new Promise<void>((resolve) => {
      if (w.threadId === -1) return resolve()
      // Held until it has closed its connection: an unref'd worker would let the process exit first.
      w.ref()
      w.once('exit', () => resolve())
    }).then(() => {
      if (stopping === ended) stopping = null
    })
    stopping = ended
    return ended
  }

  async function waitForPass(target: number): Promise<void> {
    const until = performance.now() + maxHoldMs
    for (;;) {
      const completed = Atomics.load(state, COMPLETED)
      const left = until - performance.now()
      if (completed >= target || left <= 0 || !worker) return
      const waited = Atomics.waitAsync(state, COMPLETED, completed, left)
      if (waited.async) await waited.value
    }
  }

  return {
    /**
     * Called by the writer before each transaction: null to go ahead, or a promise to wait for, while one
     * checkpoint pass copies the WAL so that this transaction starts it over.
     */
    beforeWrite(): Promise<void> | null {
      const now = performance.now()
      lastGroupAt = now
      if (now - windowStart >= 1000) {
        windowStart = now
        windowGroups = 0
      }
      windowGroups++
      if (!worker) {
        if (!failed && !closed && !stopping && windowGroups >= startGroups) start()
        return null
      }
      const completed = Atomics.load(state, COMPLETED)
      if (Atomics.load(state, LOG) <= limitFrames || completed <= heldAfter) return null
      // A pass that starts after this moment sees every frame there is: the writer is held meanwhile.
      const target = Atomics.load(state, STARTED) + 1
      Atomics.store(state, WAKE, 1)
      Atomics.notify(state, WAKE)
      return waitForPass(target).then(() => {
        heldAfter = Atomics.load(state, COMPLETED)
      })
    },
    /** Ends the worker for good (before the database closes). */
    async stop(): Promise<void> {
      closed = true
      await stop()
      // A stop begun by the idle timer may still be under way.
      await stopping
    },
    /** For diagnostics and tests. */
    stats: () => ({ starts, running: worker !== null, failed, restarts: Atomics.load(state, RESTARTS) }),
  }
}

export type Checkpointer = ReturnType<typeof createCheckpointer>
