// What the CLI checks before it hands the API token to the app that instance.json names: the data folder,
// instance.json and api-token are this user's and nobody else can write them, the API is on a loopback
// address, and the process there proves it holds the same token (core/api-proof.ts) before any request
// carries it.
import { statSync } from 'node:fs'
import { isIP } from 'node:net'
import { API_PROOF_PATH, newProofNonce, proofMatches } from '../core'
import { CliError } from './errors'

const IS_POSIX = process.platform !== 'win32'

/**
 * Refuses a file or folder that another user owns or that the group or others may write: whoever can write
 * instance.json chooses where the token goes. (Windows has no uid or mode bits: ACLs guard the profile.)
 */
export function checkOwnPrivate(path: string, what: string): void {
  if (!IS_POSIX || typeof process.getuid !== 'function') return
  let info: ReturnType<typeof statSync>
  try {
    info = statSync(path)
  } catch {
    return // missing: the caller's read says so in its own words
  }
  if (info.uid !== process.getuid())
    throw new CliError(`${path} (${what}) belongs to another user (uid ${info.uid}): not using it, nor sending it the API token`)
  if ((info.mode & 0o022) !== 0)
    throw new CliError(
      `${path} (${what}) can be written by other users (mode ${(info.mode & 0o777).toString(8)}): not trusting it with the API token. ` +
        `Fix it with: chmod go-w ${path}`,
    )
}

/** The API base if it is a loopback http URL (127.0.0.0/8 or ::1, as the app writes it), else why not. */
export function loopbackApiUrl(apiUrl: string, file: string): URL {
  let url: URL
  try {
    url = new URL(apiUrl)
  } catch {
    throw new CliError(`${file} names an API address that is not a URL (${JSON.stringify(apiUrl)})`)
  }
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const loopback = (isIP(host) === 4 && host.startsWith('127.')) || (isIP(host) === 6 && host === '::1')
  if (url.protocol !== 'http:' || !loopback || url.username || url.password)
    throw new CliError(
      `${file} names ${url.origin} as Hookbell's API, which is not a loopback address: the app's API only ever listens on 127.0.0.1, so this is not sending it the API token`,
    )
  return url
}

/** Asks the API to prove it holds `token` (an HMAC of a fresh nonce); throws unless it does. */
export async function proveApp(base: URL, token: string, pid: number, doFetch: typeof fetch = fetch): Promise<void> {
  const nonce = newProofNonce()
  const port = Number(base.port || 80)
  let proof: unknown
  try {
    const response = await doFetch(new URL(`${API_PROOF_PATH}?nonce=${nonce}`, base), { redirect: 'error' })
    proof = ((await response.json().catch(() => null)) as { proof?: unknown } | null)?.proof
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message
    throw new CliError(`could not reach Hookbell's API at ${base.origin} (${code}): is it still running? (pid ${pid})`)
  }
  if (!proofMatches(token, port, nonce, proof))
    throw new CliError(
      `the process at ${base.origin} could not prove it is the Hookbell that holds this folder's API token ` +
        `(an older version, or something else took its port): not sending it the token. Restart Hookbell and try again.`,
    )
}
