// Files only their owner may read: the database holds raw deliveries, the settings hold secrets. `mode` on
// mkdir/open applies only when the path is created, so a folder or file that already existed (made by an
// older version, by hand, or under a looser umask) is tightened explicitly, every start.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'

const IS_POSIX = process.platform !== 'win32'

/** Creates `dir` if needed and makes it 0700 either way. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (IS_POSIX) chmodSync(dir, 0o700)
}

/** Makes `path` 0600 if it exists. */
export function makePrivate(path: string): void {
  if (!IS_POSIX) return
  try {
    chmodSync(path, 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

/**
 * A SQLite database and its -wal/-shm files as 0600. SQLite gives the -wal and -shm it creates the main
 * file's permissions (https://www.sqlite.org/tempfiles.html), so the main file is created 0600 up front.
 */
export function preparePrivateDb(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600))
  for (const suffix of ['', '-wal', '-shm']) makePrivate(path + suffix)
}
