// Checkpoints leave the thread that commits: a commit only appends to the WAL, and a worker copies the WAL
// into the database file once it passes the threshold (src/server-common/checkpointer.ts says why).
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkpointInBackground, type Checkpointer } from '../../../src/server-common/checkpointer'
import { openDb, transaction, type Db } from '../../../src/server-common/sqlite'

const MB = 1024 * 1024
let dir: string
let path: string
let db: Db
let checkpointer: Checkpointer | undefined

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookbell-checkpointer-'))
  path = join(dir, 'test.db')
  db = openDb(path, ['CREATE TABLE deliveries (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'])
})

afterEach(() => {
  checkpointer?.stop()
  checkpointer = undefined
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Commits `megabytes` of 64 KiB bodies, 256 KiB per transaction, as a busy receiver would. */
function write(megabytes: number, from = 0): void {
  const insert = db.prepare('INSERT INTO deliveries (id, body) VALUES (?, ?)')
  for (let t = 0; t < megabytes * 4; t++) {
    transaction(db, () => {
      for (let i = 0; i < 4; i++) insert.run(from + t * 4 + i, `{"summary":"${'x'.repeat(64 * 1024)}"}`)
    })
  }
}

const size = (file: string) => statSync(file).size

describe('background checkpoints', () => {
  it('commits never copy the WAL into the database file below the backstop, however much they write', () => {
    // SQLite on its own checkpoints inside the commit that passes 1,000 pages (4 MB here).
    checkpointer = checkpointInBackground(db, path, { everyMs: 3_600_000 })
    const before = size(path)
    write(7)
    expect(size(`${path}-wal`)).toBeGreaterThan(7 * MB)
    expect(size(path)).toBe(before)
  })

  it('the worker copies the WAL into the database file, and the WAL starts over', async () => {
    checkpointer = checkpointInBackground(db, path, { everyMs: 3_600_000 })
    write(6)
    await checkpointer.checkpoint()
    expect(size(path)).toBeGreaterThan(6 * MB)
    // Everything was copied, so the next commits write the WAL over from its start: the file does not grow.
    const wal = size(`${path}-wal`)
    write(2, 10_000)
    expect(size(`${path}-wal`)).toBe(wal)
    // Nothing was lost on the way: another connection reads every row.
    const other = new DatabaseSync(path)
    expect(other.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 6 * 16 + 2 * 16 })
    other.close()
  })

  it('counts what is not yet copied, not the length the WAL file once had', async () => {
    checkpointer = checkpointInBackground(db, path, { walBytes: 1 * MB, everyMs: 3_600_000 })
    write(3)
    await checkpointer.checkpoint()
    write(0.25, 10_000)
    // The file is still 3 MB long, but only 256 KiB of it is new: no checkpoint (and no new WAL header) yet.
    const copied = size(path)
    await checkpointer.checkpoint()
    expect(size(`${path}-wal`)).toBeGreaterThan(1 * MB)
    expect(size(path)).toBe(copied)
    write(1, 20_000)
    await checkpointer.checkpoint()
    expect(size(path)).toBeGreaterThan(copied)
  })

  it('does nothing below the threshold, and checkpoints on its own timer past it', async () => {
    checkpointer = checkpointInBackground(db, path, { walBytes: 1 * MB, everyMs: 20 })
    const before = size(path)
    write(0.5)
    await checkpointer.checkpoint()
    expect(size(path)).toBe(before)
    // The timer, not the test, asks for the checkpoint: wait (bounded) for the database file to take it in.
    write(2, 1_000)
    for (let waited = 0; size(path) === before && waited < 10_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    // Whatever the timer started is finished before the next commit, which then starts the WAL over.
    await checkpointer.checkpoint()
    expect(size(path)).toBeGreaterThan(2 * MB)
    const wal = size(`${path}-wal`)
    write(1, 100_000)
    expect(size(`${path}-wal`)).toBe(wal)
  })
})
