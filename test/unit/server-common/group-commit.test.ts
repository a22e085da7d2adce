// Group commit on a real database file: writes queued in the same turn share a transaction, each resolves
// only once it is committed (a second connection sees it), and one that throws is rolled back alone.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createGroupCommit } from '../../../src/server-common/group-commit'
import { openDb, type Db } from '../../../src/server-common/sqlite'
import { tempDir } from '../../helpers/test-core'

let dir: string
let db: Db
let reader: DatabaseSync
beforeEach(() => {
  dir = tempDir()
  db = openDb(join(dir, 'test.db'), ['CREATE TABLE alerts (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)'])
  reader = new DatabaseSync(join(dir, 'test.db'), { readOnly: true })
})
afterEach(() => {
  reader.close()
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const insert = (name: string) => () => db.prepare('INSERT INTO alerts (name) VALUES (?) RETURNING id').get(name) as { id: number }
/** What another process would see: only committed rows. */
const committed = () => (reader.prepare('SELECT name FROM alerts ORDER BY id').all() as { name: string }[]).map((r) => r.name)

it('puts writes queued in the same turn in one transaction and resolves each after the commit', async () => {
  const commit = createGroupCommit(db)
  const seenOnResolve: string[][] = []
  const writes = ['disk full', 'cpu high', 'queue stuck'].map((name) =>
    commit.run(insert(name)).then((row) => (seenOnResolve.push(committed()), row)),
  )
  expect(committed()).toEqual([]) // nothing is written before the group runs
  const rows = await Promise.all(writes)
  expect(rows.map((r) => r.id)).toEqual([1, 2, 3])
  for (const seen of seenOnResolve) expect(seen).toEqual(['disk full', 'cpu high', 'queue stuck'])
  expect(commit.stats()).toEqual({ groups: 1, writes: 3 })
})

it('rolls back a failing write alone: its neighbours commit and it gets its own error', async () => {
  const commit = createGroupCommit(db)
  const poisoned = () => {
    insert('half-written')()
    throw new Error('normalizer exploded')
  }
  const results = await Promise.allSettled([
    commit.run(insert('first')),
    commit.run(poisoned),
    commit.run(insert('first')), // UNIQUE violation: SQLite's own error, for this write only
    commit.run(insert('last')),
  ])
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
  expect(((results[1] as PromiseRejectedResult).reason as Error).message).toBe('normalizer exploded')
  expect(((results[2] as PromiseRejectedResult).reason as Error).message).toMatch(/UNIQUE constraint failed/)
  expect(committed()).toEqual(['first', 'last'])
  expect(commit.stats()).toEqual({ groups: 1, writes: 4 })
  expect(db.isTransaction).toBe(false)
})

it('does not hold a lone write longer than one turn of the event loop', async () => {
  const commit = createGroupCommit(db)
  let done = false
  void commit.run(insert('alone')).then(() => (done = true))
  await new Promise((resolve) => setImmediate(resolve))
  expect(done).toBe(true)
  expect(committed()).toEqual(['alone'])
})

it('writes queued while a group commits go in the next group, and a huge queue is split', async () => {
  const commit = createGroupCommit(db)
  const later: Promise<unknown>[] = []
  const first = commit.run(() => {
    // Queued from inside a running group: must not join a transaction that is already being written.
    later.push(commit.run(insert('late')))
    return insert('early')()
  })
  await first
  expect(committed()).toEqual(['early'])
  await Promise.all(later)
  expect(committed()).toEqual(['early', 'late'])
  await Promise.all(Array.from({ length: 600 }, (_, i) => commit.run(insert(`bulk-${i}`))))
  expect(commit.stats().writes).toBe(602)
  expect(commit.stats().groups).toBeGreaterThanOrEqual(2 + 3) // 600 writes need at least 3 bounded groups
  expect(committed()).toHaveLength(602)
})

it('rejects every write of a group whose commit fails, and leaves no transaction open', async () => {
  const commit = createGroupCommit(db)
  // A deferred foreign-key violation only surfaces at COMMIT.
  db.exec(`CREATE TABLE parents (id INTEGER PRIMARY KEY);
    CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)`)
  const results = await Promise.allSettled([
    commit.run(insert('with a bad neighbour')),
    commit.run(() => db.exec('INSERT INTO children (parent) VALUES (42)')),
  ])
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
  expect(committed()).toEqual([])
  expect(db.isTransaction).toBe(false)
  await commit.run(insert('after'))
  expect(committed()).toEqual(['after'])
})

it("gathers batched work from a group's writes, drops a failed write's share, and writes the rest once before the commit", async () => {
  // A stand-in for the full-text index: names gathered per write, written to a table of their own.
  db.exec('CREATE TABLE names (name TEXT NOT NULL)')
  let pending: string[] | null = null
  const flushes: number[] = []
  const batch = {
    begin: () => void (pending = []),
    mark: () => pending!.length,
    rollbackTo: (mark: number) => void pending!.splice(mark),
    flush: () => {
      flushes.push(pending!.length)
      for (const name of pending!) db.prepare('INSERT INTO names (name) VALUES (?)').run(name)
      pending = null
    },
    discard: () => void (pending = null),
  }
  const commit = createGroupCommit(db, [batch])
  const gathering =
    (name: string, fail = false) =>
    () => {
      pending!.push(name)
      insert(name)()
      if (fail) throw new Error('refused late')
    }
  const results = await Promise.allSettled([
    commit.run(gathering('a')),
    commit.run(gathering('b', true)),
    commit.run(gathering('c')),
  ])
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  expect(flushes).toEqual([2])
  expect((reader.prepare('SELECT name FROM names ORDER BY name').all() as { name: string }[]).map((r) => r.name)).toEqual([
    'a',
    'c',
  ])

  // A group whose commit fails drops what it gathered.
  db.exec(`CREATE TABLE parents (id INTEGER PRIMARY KEY);
    CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)`)
  await Promise.allSettled([commit.run(gathering('d')), commit.run(() => db.exec('INSERT INTO children (parent) VALUES (42)'))])
  expect(pending).toBeNull()
  expect((reader.prepare('SELECT COUNT(*) AS n FROM names').get() as { n: number }).n).toBe(2)
})

it('holds a group while beforeWrite asks it to wait, and writes arriving meanwhile join it', async () => {
  let release!: () => void
  let asked = 0
  const commit = createGroupCommit(db, [], () => {
    asked++
    return asked === 1 ? new Promise<void>((resolve) => (release = resolve)) : null
  })
  const first = commit.run(insert('disk full'))
  await new Promise((resolve) => setImmediate(resolve))
  const second = commit.run(insert('cpu high'))
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(committed()).toEqual([]) // held
  release()
  await Promise.all([first, second])
  expect(committed()).toEqual(['disk full', 'cpu high'])
  expect(commit.stats()).toEqual({ groups: 1, writes: 2 })
  // Asked once per transaction: the held group does not ask again when it goes.
  expect(asked).toBe(1)
  await commit.run(insert('queue stuck'))
  expect(asked).toBe(2)
})
