import { statSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { Db } from './sqlite'

/**
 * WAL checkpoints on a worker thread instead of inside a commit on the thread that answers senders.
 *
 * SQLite checkpoints automatically when a commit takes the WAL past 1,000 pages: that commit then copies
 * the WAL into the database file and fsyncs both, synchronously. On an idle disk that held the event loop
 * for ~40 ms every few seconds under a steady 20 deliveries/s; while another program wrote to the same disk
 * each fsync took 100–400 ms (strace of `hookbell serve`), and every delivery arriving meanwhile waited
 * (bench/README.md, "Abuse"). Here the commit only appends to the WAL. A timer looks at the WAL's size and,
 * past `walBytes`, asks a worker holding its own connection for a PASSIVE checkpoint, which copies and
 * fsyncs without blocking writers (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html). What stays with the
 * writer is one sync of the new WAL header when the WAL starts over
 * (https://www.sqlite.org/src/info/ff5be73dee), once per `walBytes` instead of three syncs and the copy.
 *
 * journal_size_limit = 0 makes SQLite cut the WAL back when it starts over, so the file's size is what was
 * written since the last checkpoint. Should the worker fall behind (writes never pause long enough for it to
 * catch up), SQLite's own checkpoint on commit is kept as a backstop at four times `walBytes`.
 * The worker starts the first time it is needed, so a store that never writes megabytes never has one.
 */
export interface Checkpointer {
  /** Checkpoints now if the WAL is past the threshold; resolves when the worker is done (tests, shutdown). */
  checkpoint(): Promise<void>
  stop(): void
}

const WORKER_SOURCE = `
const { DatabaseSync } = require('node:sqlite')
const { parentPort, workerData } = require('node:worker_threads')
const db = new DatabaseSync(workerData.path)
db.exec('PRAGMA synchronous = NORMAL')
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close()
    parentPort.close()
    return
  }
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)')
    parentPort.postMessage(null)
  } catch (error) {
    parentPort.postMessage(String((error && error.message) || error))
  }
})
`

export function checkpointInBackground(
  db: Db,
  path: string,
  options: { walBytes?: number; everyMs?: number; log?: (message: string) => void } = {},
): Checkpointer {
  const walBytes = options.walBytes ?? 4 * 1024 * 1024
  const { page_size: pageSize } = db.prepare('PRAGMA page_size').get() as { page_size: number }
  db.exec(`PRAGMA journal_size_limit = 0; PRAGMA wal_autocheckpoint = ${Math.ceil((4 * walBytes) / pageSize)}`)
  let worker: Worker | undefined
  let running: Promise<void> | undefined
  let stopped = false
  let lastError: string | null = null

  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { path } })
    w.unref()
    w.on('error', (error) => options.log?.(`background checkpoint worker failed: ${error.message}`))
    // A worker that died is replaced at the next checkpoint.
    w.on('exit', () => {
      if (worker === w) worker = undefined
    })
    return w
  }

  const checkpoint = (): Promise<void> => {
    if (stopped) return Promise.resolve()
    if (running) return running
    // No WAL file (nothing written yet, or closed) reads as empty.
    const size = statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0
    if (size < walBytes) return Promise.resolve()
    worker ??= start()
    const w = worker
    running = new Promise<void>((resolve) => {
      const done = (error: string | null) => {
        w.off('exit', exited)
        running = undefined
        // Said once per kind of failure, not every tick; the backstop keeps the WAL bounded meanwhile.
        if (error && error !== lastError) options.log?.(`background checkpoint failed: ${error}`)
        lastError = error
        resolve()
      }
      const exited = () => done('the checkpoint worker exited')
      w.once('message', done)
      w.once('exit', exited)
      w.postMessage('checkpoint')
    })
    return running
  }

  const timer = setInterval(() => void checkpoint(), options.everyMs ?? 250)
  timer.unref()
  return {
    checkpoint,
    stop() {
      stopped = true
      clearInterval(timer)
      worker?.postMessage('stop')
    },
  }
}
