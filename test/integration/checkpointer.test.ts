// WAL checkpoints on a worker thread (server-common/checkpointer.ts) under a steady stream of small
// transactions through group commit, as ingest makes them: the writer leaves checkpoints to the worker, the
// WAL still starts over (so it stays near its limit), nothing is lost, and the worker goes when writes stop.
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createCheckpointer, type Checkpointer } from '../../src/server-common/checkpointer'
import { createGroupCommit } from '../../src/server-common/group-commit'
import { openDb, WAL_SIZE_LIMIT_BYTES, type Db } from '../../src/server-common/sqlite'
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
const walSizeLimit = () => (db.prepare('PRAGMA journal_size_limit').get() as { journal_size_limit: number }).journal_size_limit
const autocheckpoint = () => (db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint

async function steadyWrites(count: number, cp: Checkpointer) {
  const commit = createGroupCommit(db, [], cp.beforeWrite)
  const insert = db.prepare('INSERT INTO deliveries (body) VALUES (?)')
  // One at a time, each its own transaction: the case where SQLite's own checkpoints would land in commits.
  // A pause every 25 keeps them about 10 times as fast as ingest's at 500/s, whatever the machine.
  for (let i = 0; i < count; i++) {
    await commit.run(() => insert.run(BODY))
    if (i % 25 === 24) await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

it('under steady writes, checkpoints run on the worker and the WAL still starts over near its limit', async () => {
  // These writes come ~10 times faster than ingest's at 500/s: passes come 10 times as often to match.
  checkpointer = createCheckpointer(db, path, { limitFrames: 2000, startGroupsPerSecond: 5, passIntervalMs: 10 })
  await steadyWrites(10, checkpointer)
  await eventually(() => expect(autocheckpoint()).toBe(2000 * 4))
  await steadyWrites(11_990, checkpointer)
  const stats = checkpointer.stats()
  expect(stats).toMatchObject({ running: true, starts: 1, failed: false })
  // The writer's own checkpoint is only a backstop meanwhile, at four times the limit.
  expect(autocheckpoint()).toBe(2000 * 4)
  // 12,000 transactions wrote ~30,000 frames: the WAL started over about every 2,000 (held writes; 14-16 times), not at
  // the backstop's 8,000 (4 times; it passes the limit by what is written during a pass: these writes come 10 times
  // faster than ingest's at 500/s).
  expect(stats.restarts).toBeGreaterThanOrEqual(8)
  await checkpointer.stop()
  db.close()
  const reopened = new DatabaseSync(path, { readOnly: true })
  expect(reopened.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 12_000 })
  reopened.close()
})

it('stays off while writes are occasional, and stops once they stop, giving checkpoints back to SQLite', async () => {
  checkpointer = createCheckpointer(db, path, { limitFrames: LIMIT, startGroupsPerSecond: 50, idleStopMs: 300 })
  const commit = createGroupCommit(db, [], checkpointer.beforeWrite)
  for (let i = 0; i < 10; i++) await commit.run(() => db.prepare('INSERT INTO deliveries (body) VALUES (?)').run(BODY))
  expect(checkpointer.stats()).toMatchObject({ running: false, starts: 0 })
  expect(autocheckpoint()).toBe(1000)

  await steadyWrites(200, checkpointer)
  expect(checkpointer.stats()).toMatchObject({ running: true, starts: 1 })
  // While it runs, a restart leaves the WAL file its size (up to twice the limit: no cutting and growing back).
  await eventually(() => expect(walSizeLimit()).toBe(2 * LIMIT * (4096 + 24)))
  await eventually(() => expect(checkpointer!.stats().running).toBe(false), 3000)
  expect(autocheckpoint()).toBe(1000)
  expect(walSizeLimit()).toBe(WAL_SIZE_LIMIT_BYTES)
  // And it comes back with the next burst.
  await steadyWrites(200, checkpointer)
  expect(checkpointer.stats()).toMatchObject({ running: true, starts: 2 })
})

it('a worker that cannot open the database leaves checkpoints to SQLite, says why, and writes go on', async () => {
  const logs: string[] = []
  checkpointer = createCheckpointer(db, join(dir, 'missing', 'folder', 'hookbell.db'), {
    limitFrames: LIMIT,
    startGroupsPerSecond: 5,
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

it('a stop while a transaction is held for a restart lets it through, ends the worker, and writes go on', async () => {
  // A hold lasts as long as it must here: the held transaction below goes ahead because of the stop, or because
  // the pass it asked for came first (the worker wakes as the hold asks; which one wins is the threads' race, and
  // either way the stop must leave no transaction waiting and the writer checkpointing).
  checkpointer = createCheckpointer(db, path, {
    limitFrames: 20,
    startGroupsPerSecond: 5,
    passIntervalMs: 10,
    maxHoldMs: 60_000,
  })
  await steadyWrites(10, checkpointer)
  await eventually(() => expect(autocheckpoint()).toBe(20 * 4))
  const insert = db.prepare('INSERT INTO deliveries (body) VALUES (?)')
  for (let i = 0; i < 40; i++) insert.run(BODY) // past the limit, outside group commit
  // Held once a pass has reported the WAL past its limit, and stopped at once.
  let held: Promise<void> | null = null
  let stopped: Promise<void> | null = null
  await eventually(() => {
    held = checkpointer!.beforeWrite()
    if (held) stopped = checkpointer!.stop()
    expect(held).not.toBeNull()
  })
  await held
  await stopped
  expect(checkpointer.stats()).toMatchObject({ running: false, failed: false })
  expect(autocheckpoint()).toBe(1000)
  // Stopped for good: no worker starts again, and the writer's own checkpoints keep the WAL short.
  await steadyWrites(300, checkpointer)
  expect(checkpointer.stats()).toMatchObject({ running: false, starts: 1 })
  expect(db.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 350 })
})

it('the WAL file is cut back to its usual size when it starts over after a large transaction', () => {
  // A retention sweep or a migration can write tens of MB in one transaction.
  db.exec('BEGIN')
  const insert = db.prepare('INSERT INTO deliveries (body) VALUES (?)')
  for (let i = 0; i < 6000; i++) insert.run(BODY)
  db.exec('COMMIT')
  expect(statSync(`${path}-wal`).size).toBeGreaterThan(20 * 1024 * 1024)
  db.exec('PRAGMA wal_checkpoint(PASSIVE)')
  insert.run(BODY) // starts the WAL over
  expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES)
})
