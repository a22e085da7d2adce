// WAL checkpoints on a worker thread (server-common/checkpointer.ts) under a steady stream of small
// transactions through group commit, as ingest makes them: the writer leaves checkpoints to the worker, the
// WAL still starts over (so it stays near its limit), nothing is lost, and the worker goes when writes stop.
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createCheckpointer, type Checkpointer } from '../../src/server-common/checkpointer'
import { createGroupCommit } from '../../src/server-common/group-commit'
import { openDb, type Db } from '../../src/server-common/sqlite'
import { eventually, tempDir } from '../helpers/test-core'

let dir: string
let path: string
let db: Db
let checkpointer: Checkpointer | null = null
beforeEach(() => {
  dir = tempDir()
  path = join(dir, 'hookbell.db')
  db = openDb(path, ['CREATE TABLE deliveries (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'])
})
afterEach(async () => {
  await checkpointer?.stop()
  checkpointer = null
  if (db.isOpen) db.close()
  rmSync(dir, { recursive: true, force: true })
})

const LIMIT = 300
const BODY = 'x'.repeat(3000) // about one page a delivery, like a delivery-log row
const autocheckpoint = () => (db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint
/** The WAL file's length in frames: it never shrinks, so this is the longest the WAL has been. */
const walFrames = () => statSync(`${path}-wal`).size / (4096 + 24)

async function steadyWrites(count: number, cp: Checkpointer) {
  const commit = createGroupCommit(db, [], cp.beforeWrite)
  const insert = db.prepare('INSERT INTO deliveries (body) VALUES (?)')
  // One at a time, each its own transaction: the case where SQLite's own checkpoints would land in commits.
  for (let i = 0; i < count; i++) await commit.run(() => insert.run(BODY))
}

it('under steady writes, checkpoints run on the worker and the WAL still starts over near its limit', async () => {
  // These writes come ~30 times faster than ingest's at 500/s: passes come 10 times as often to match.
  checkpointer = createCheckpointer(db, { limitFrames: 2000, startGroupsPerSecond: 5, passIntervalMs: 10 })
  await steadyWrites(10, checkpointer)
  // Once the worker has taken over, the WAL file starts empty, so its length says how long the WAL got.
  await eventually(() => expect(autocheckpoint()).toBe(2000 * 4))
  await eventually(() => {
    // Busy while a pass of the worker's runs: tried again.
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
    expect(walFrames()).toBe(0)
  })
  await steadyWrites(9990, checkpointer)
  const stats = checkpointer.stats()
  expect(stats).toMatchObject({ running: true, starts: 1, failed: false })
  expect(stats.passes).toBeGreaterThan(0)
  // The writer's own checkpoint is only a backstop meanwhile, at four times the limit.
  expect(autocheckpoint()).toBe(2000 * 4)
  // Nearly 10,000 transactions wrote over 10,000 frames; held restarts kept the WAL far short of the backstop
  // (it passes the limit by what is written during the pass that copies it: these writes are 30 times faster
  // than a steady 500 deliveries/s).
  expect(walFrames()).toBeLessThan(2000 * 3)
  await checkpointer.stop()
  db.close()
  const reopened = new DatabaseSync(path, { readOnly: true })
  expect(reopened.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 10_000 })
  reopened.close()
})

it('stays off while writes are occasional, and stops once they stop, giving checkpoints back to SQLite', async () => {
  checkpointer = createCheckpointer(db, { limitFrames: LIMIT, startGroupsPerSecond: 50, idleStopMs: 300 })
  const commit = createGroupCommit(db, [], checkpointer.beforeWrite)
  for (let i = 0; i < 10; i++) await commit.run(() => db.prepare('INSERT INTO deliveries (body) VALUES (?)').run(BODY))
  expect(checkpointer.stats()).toMatchObject({ running: false, starts: 0 })
  expect(autocheckpoint()).toBe(1000)

  await steadyWrites(200, checkpointer)
  expect(checkpointer.stats()).toMatchObject({ running: true, starts: 1 })
  await eventually(() => expect(checkpointer!.stats().running).toBe(false), 3000)
  expect(autocheckpoint()).toBe(1000)
  // And it comes back with the next burst.
  await steadyWrites(200, checkpointer)
  expect(checkpointer.stats()).toMatchObject({ running: true, starts: 2 })
})

it('a worker that cannot open the database leaves checkpoints to SQLite, says why, and writes go on', async () => {
  const logs: string[] = []
  checkpointer = createCheckpointer(db, {
    limitFrames: LIMIT,
    startGroupsPerSecond: 5,
    path: join(dir, 'missing', 'folder', 'hookbell.db'),
    log: (m) => logs.push(m),
  })
  await steadyWrites(50, checkpointer)
  await eventually(() => expect(checkpointer!.stats()).toMatchObject({ failed: true, running: false }))
  expect(logs.join('\n')).toMatch(
    /checkpoint worker could not run: .*unable to open.*SQLite checkpoints in the writer's commits instead/,
  )
  expect(autocheckpoint()).toBe(1000)
  await steadyWrites(300, checkpointer)
  expect(checkpointer.stats().starts).toBe(1) // not started again
  expect(db.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 350 })
})
