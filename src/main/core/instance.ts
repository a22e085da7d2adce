// One Hookbell per data folder. Two processes on one folder would both write settings and both claim the
// receiver port; worse, the CLI could not know which one to talk to. `<dataDir>/instance.json` is the lock
// and the discovery file at once: who runs (pid, desktop or serve), since when, and where its receiver and
// API listen. It is created exclusively (a hard link of a complete temp file: the name appears with its
// content, or not at all), replaced atomically on update (rename), readable by the user alone (0600), and
// a file left by a process that died (kill -9, power loss) is taken over.
import { randomBytes } from 'node:crypto'
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface InstanceInfo {
  pid: number
  kind: 'desktop' | 'serve'
  version: string
  /** ISO time. */
  startedAt: string
  /** Where providers post (`…/hooks/<id>`), once the receiver listens. */
  receiverUrl?: string
  /** The HTTP API's base (`…/api/…`, bearer token in `<dataDir>/api-token`), once it listens. */
  apiUrl?: string
}

export type InstanceLock =
  | {
      ok: true
      info: InstanceInfo
      /** Records where this instance listens (ports are known only after binding). */
      update(partial: Partial<Omit<InstanceInfo, 'pid' | 'startedAt'>>): void
      /** Removes the file if it is still ours. Safe to call twice. */
      release(): void
    }
  | { ok: false; running: InstanceInfo }

export const INSTANCE_FILE = 'instance.json'

/** Files this process holds, so a second acquire in the same process sees the first as running. */
const heldHere = new Set<string>()

export function acquireInstance(
  dataDir: string,
  wanted: Omit<InstanceInfo, 'pid' | 'startedAt'> & { startedAt?: string },
): InstanceLock {
  const path = join(dataDir, INSTANCE_FILE)
  let info: InstanceInfo = { pid: process.pid, startedAt: wanted.startedAt ?? new Date().toISOString(), ...withoutStart(wanted) }

  // A few rounds: each round either wins, finds a live owner, or clears one stale file (another starter may
  // clear it first, and then one of us wins the next round).
  for (let round = 0; round < 200; round++) {
    const temp = writeTemp(dataDir, info)
    try {
      linkSync(temp, path)
      heldHere.add(path)
      return {
        ok: true,
        info,
        update(partial) {
          info = { ...info, ...partial, pid: info.pid, startedAt: info.startedAt }
          if (!isOurs(path, info)) return
          renameSync(writeTemp(dataDir, info), path)
        },
        release() {
          if (!heldHere.has(path)) return
          heldHere.delete(path)
          if (isOurs(path, info)) unlinkQuietly(path)
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      unlinkQuietly(temp)
    }

    const text = readText(path)
    if (text === null) continue // removed between our link and our read: try again
    const existing = parse(text)
    if (existing && isAlive(existing.pid, path)) return { ok: false, running: existing }
    takeOverStale(path, text)
  }
  throw new Error(`could not take ${path}: other Hookbell processes keep starting and stopping on this folder`)
}

/**
 * The running instance on this folder, or null when none (no file, or a file left by a dead process).
 * `sameUser`: a pid that lives but belongs to another user (EPERM) is not this user's Hookbell either (the
 * CLI's view; starting keeps counting it, so two users never share a folder's lock).
 */
export function readInstance(dataDir: string, options: { sameUser?: boolean } = {}): InstanceInfo | null {
  const path = join(dataDir, INSTANCE_FILE)
  const text = readText(path)
  const info = text === null ? null : parse(text)
  return info && isAlive(info.pid, path, options.sameUser ?? false) ? info : null
}

function withoutStart<T extends { startedAt?: string }>(value: T): Omit<T, 'startedAt'> {
  const copy = { ...value }
  delete copy.startedAt
  return copy
}

function writeTemp(dataDir: string, info: InstanceInfo): string {
  const temp = join(dataDir, `.${INSTANCE_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`)
  writeFileSync(temp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
  chmodSync(temp, 0o600) // exactly 0600, whatever the umask
  return temp
}

/**
 * Removes a stale file, one starter at a time: the takeover lock (an exclusive mkdir) means nobody else can
 * remove or replace the file between our read and our unlink (starters only ever link into an empty name), so
 * a live winner's file is never taken for the stale one it replaced. A lock left by a crashed starter is
 * cleared after TAKEOVER_LOCK_STALE_MS.
 */
function takeOverStale(path: string, staleText: string): void {
  const lock = `${path}.takeover`
  try {
    mkdirSync(lock)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    try {
      if (Date.now() - statSync(lock).mtimeMs > TAKEOVER_LOCK_STALE_MS) rmdirSync(lock)
    } catch {
      // gone already
    }
    sleepSync(10) // another starter is clearing it: look again next round
    return
  }
  try {
    if (readText(path) === staleText) unlinkQuietly(path)
  } finally {
    rmdirSync(lock)
  }
}

const TAKEOVER_LOCK_STALE_MS = 10_000

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function isOurs(path: string, info: InstanceInfo): boolean {
  const text = readText(path)
  const current = text === null ? null : parse(text)
  return current?.pid === info.pid && current.startedAt === info.startedAt
}

function isAlive(pid: number, path: string, sameUser = false): boolean {
  // Our own pid in a file we do not hold is a previous life of this pid (a container restarts as pid 1).
  if (pid === process.pid) return heldHere.has(path)
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return !sameUser && (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function parse(text: string): InstanceInfo | null {
  try {
    const value = JSON.parse(text) as Partial<InstanceInfo>
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return null
    if (value.kind !== 'desktop' && value.kind !== 'serve') return null
    return value as InstanceInfo
  } catch {
    return null
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    // No file, or no folder at all (a path through a file): nothing runs there.
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw error
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // already gone
  }
}
