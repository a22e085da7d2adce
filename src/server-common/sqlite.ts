import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { ensurePrivateDir, makePrivate, preparePrivateDb } from './private-files'

export type Db = DatabaseSync

/**
 * What the WAL file is cut back to when it starts over (`journal_size_limit`): twice what SQLite's own
 * checkpoints let it reach (a little over 1,000 pages of 4 KB), so it is cut after a large transaction and not at
 * every restart. Without a limit it keeps its largest size for good (~40 MB after a steady load, more after a
 * large retention sweep); server-common/checkpointer.ts raises it while it runs.
 */
export const WAL_SIZE_LIMIT_BYTES = 8 * 1024 * 1024

/**
 * Opens (or creates) the database and brings its schema up to date.
 *
 * WAL with synchronous=NORMAL: a committed transaction survives a killed process (kill -9, crash) because
 * the WAL is already in the OS; only a power loss can drop the last few. FULL would fsync every commit and
 * costs ~4× per delivery (docs/ARCHITECTURE.md, "Storage"), which buys nothing for the crash cases the invariants name.
 * An 8 MB page cache (default 2 MB) holds the pages inserts and list pages touch at 100k incidents, so an
 * insert stays near its 1k cost; 32 MB bought no speed and was the largest share of RSS with 100k stored
 * (173 → 148 MB, `npm run bench -- store`). The rest of the file is in the OS's cache anyway.
 * Temporary storage in memory: group commit (group-commit.ts) gives each delivery a savepoint, and SQLite
 * keeps a savepoint's undo pages in a temporary file by default, which cost a quarter of a delivery's CPU
 * in system calls (`npm run bench -- ingest`). The pages are the few a delivery touches, so memory stays small.
 * The WAL file is cut back when it starts over (WAL_SIZE_LIMIT_BYTES).
 */
export function openDb(path: string, migrations: readonly string[]): Db {
  if (path !== ':memory:') {
    ensurePrivateDir(dirname(path))
    preparePrivateDb(path)
  }
  const db = new DatabaseSync(path)
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    PRAGMA foreign_keys = ON;
    PRAGMA busy_timeout = 5000;
    PRAGMA cache_size = -8192;
    PRAGMA temp_store = MEMORY;
    PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES};
  `)
  migrate(db, migrations)
  // The -wal and -shm exist now (WAL mode); an old pair from a looser umask is tightened too.
  if (path !== ':memory:') for (const suffix of ['-wal', '-shm']) makePrivate(path + suffix)
  return db
}

function migrate(db: Db, migrations: readonly string[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)')
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }
  const current = row.v ?? 0
  if (current > migrations.length) {
    throw new Error(`database schema v${current} is newer than this Hookbell (v${migrations.length}): update Hookbell`)
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    transaction(db, () => {
      db.exec(migrations[version - 1]!)
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now())
    })
  }
}

/** Runs `work` in one transaction; nested calls join the outer one. */
export function transaction<T>(db: Db, work: () => T): T {
  if (db.isTransaction) return work()
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = work()
    db.exec('COMMIT')
    return result
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}
