import { randomBytes } from 'node:crypto'
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { ensurePrivateDir, makePrivate } from '../../server-common/private-files'

/**
 * `--data-dir`, else HOOKBELL_DATA_DIR, else the folder Electron uses as userData for "Hookbell", so the
 * desktop app and `hookbell serve` share one set of incidents and settings.
 */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (flag) return flag
  if (env.HOOKBELL_DATA_DIR) return env.HOOKBELL_DATA_DIR
  const home = homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Hookbell')
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Hookbell')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Hookbell')
}

/** Reads `<dataDir>/api-token`, creating it (mode 0600) on first start. */
export function ensureApiToken(dataDir: string): string {
  ensurePrivateDir(dataDir)
  const path = join(dataDir, 'api-token')
  makePrivate(path)
  try {
    const token = readFileSync(path, 'utf8').trim()
    if (token.length >= 32) return token
  } catch {
    // First start: create it below.
  }
  const token = randomBytes(32).toString('base64url')
  writeFileSync(path, `${token}\n`, { mode: 0o600 })
  chmodSync(path, 0o600)
  return token
}

/**
 * Why this folder cannot hold Hookbell's data, in words a person can act on; null when it can. Creates
 * the folder (0700) if missing and proves it writable with a probe file, so a read-only disk or a folder
 * owned by someone else is reported before the database or the settings fail halfway through a start.
 */
export function dataDirProblem(dataDir: string): string | null {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    if (!statSync(dataDir).isDirectory()) return `${dataDir} is a file, not a folder`
    const probe = join(dataDir, `.write-test-${process.pid}`)
    writeFileSync(probe, '')
    unlinkSync(probe)
    return null
  } catch (error) {
    return explainFsError(whyNotCreated(error as NodeJS.ErrnoException, dataDir), dataDir)
  }
}

/**
 * A recursive mkdir on a read-only or foreign disk can fail with a bare ENOENT; the nearest folder that
 * exists knows the real reason (EROFS, EACCES).
 */
function whyNotCreated(error: NodeJS.ErrnoException, dataDir: string): NodeJS.ErrnoException {
  if (error.code !== 'ENOENT') return error
  let parent = dirname(dataDir)
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent)
  try {
    accessSync(parent, constants.W_OK)
    return error
  } catch (cause) {
    return cause as NodeJS.ErrnoException
  }
}

export function explainFsError(error: NodeJS.ErrnoException, path: string): string {
  switch (error.code) {
    case 'EEXIST':
      return `${path} is a file, not a folder`
    case 'ENOTDIR':
      return `${path} cannot be a folder: a folder on its path is a file`
    case 'EACCES':
    case 'EPERM':
      return `${path} is not writable by you (permission denied)`
    case 'EROFS':
      return `${path} is on a read-only file system`
    case 'ENOSPC':
      return `the disk holding ${path} is full`
    default:
      return `cannot use ${path}: ${error.message}`
  }
}
