import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { endianness } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Db } from './sqlite'

/**
 * WAL checkpoints on a worker thread instead of inside a commit on the thread that answers senders.
 *
 * SQLite checkpoints automatically when a commit takes the WAL past 1,000 pages: that commit then copies
 * the WAL into the database file and fsyncs both, synchronously. On an idle disk that held the event loop
 * for ~40 ms every few seconds under a steady 20 deliveries/s; while another program wrote to the same disk
 * each fsync took 100–400 ms (strace of `hookbell serve`), and every delivery arriving meanwhile waited
 * (bench/README.md, "Abuse"). Here the commit only appends to the WAL. A timer looks at how much of the WAL
 * is not yet copied and, past `walBytes`, asks a worker holding its own connection for a PASSIVE checkpoint,
 * which copies and fsyncs without blocking writers (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html).
 * What stays with the writer is one sync of the new WAL header when the WAL starts over
 * (https://www.sqlite.org/src/info/ff5be73dee), once per `walBytes` instead of three syncs and the copy.
 *
 * Should the worker fall behind (writes never pause long enough for it to catch up, as at hundreds of
 * deliveries a second), SQLite's own checkpoint on commit is kept as a backstop at twice `walBytes`, which
 * also bounds the WAL file (SQLite leaves it as long as it ever was). That backstop is why a steady 400
 * deliveries/s answered slower with this than without it (p99 ~38 against ~26 ms on 2 shared cores): the
 * commit still checkpoints there, and the worker's copying competes for the cores.
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

const header = Buffer.alloc(100)
const WAL_INDEX_VERSION = 3007000

/**
 * Bytes in the WAL not yet copied into the database file. SQLite keeps the count in the wal-index header at
 * the start of the -shm file (https://www.sqlite.org/walformat.html, "The WAL-Index Header" and "The
 * Checkpoint Information": mxFrame at byte 16, nBackfill at byte 96, in the machine's byte order); the
 * bytes read stop short of the lock bytes at 120. The WAL file's own size is no measure: SQLite writes the
 * WAL over from its start after a checkpoint and leaves the file as long as it ever was. Where the header
 * cannot be read, that size is used all the same (at worst, checkpoints come more often).
 */
function uncopiedWalBytes(path: string, pageSize: number): number {
  let fd: number | undefined
  try {
    fd = openSync(`${path}-shm`, 'r')
    if (readSync(fd, header, 0, header.length, 0) === header.length) {
      const u32 = (at: number) => (endianness() === 'LE' ? header.readUInt32LE(at) : header.readUInt32BE(at))
      if (u32(0) === WAL_INDEX_VERSION && header[12] === 1) return Math.max(0, u32(16) - u32(96)) * pageSize
    }
  } catch {
    // no -shm yet: fall through
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
  return statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0
}

export function checkpointInBackground(
  db: Db,
  path: string,
  options: { walBytes?: number; everyMs?: number; log?: (message: string) => void } = {},
): Checkpointer {
  const walBytes = options.walBytes ?? 4 * 1024 * 1024
  const { page_size: pageSize } = db.prepare('PRAGMA page_size').get() as { page_size: number }
  db.exec(`PRAGMA wal_autocheckpoint = ${Math.ceil((2 * walBytes) / pageSize)}`)
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
    if (uncopiedWalBytes(path, pageSize) < walBytes) return Promise.resolve()
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
