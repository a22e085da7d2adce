// Signing certificates a provider's deliveries point at (AWS SNS's SigningCertURL), cached in the data folder
// as `sns-certs/<sha256 of the URL>.pem`: looked up there before any fetch, so a laptop that went offline
// after its first message still verifies the next ones. Only the provider decides which URLs are allowed
// (providers/aws-sns.ts checks https on an SNS host); this store fetches and keeps what it was asked for.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { X509Certificate } from 'node:crypto'
import { sha256Hex } from '../providers/signature'
import type { ProviderServices } from '../providers/types'

/** The answer must reach SNS before it gives up on the delivery: a certificate fetch is kept short. */
export const CERT_FETCH_TIMEOUT_MS = 5_000
/** A PEM certificate is a few kilobytes; anything far larger is not one. */
const MAX_CERT_BYTES = 64 * 1024
/** Certificates kept in memory; the files stay on disk however many there are (one per AWS key rotation). */
const MEMORY_LIMIT = 64

export function certificatePath(dir: string, url: string): string {
  return join(dir, `${sha256Hex(url)}.pem`)
}

/** The certificate text when `pem` is a parseable X.509 certificate, else why not. */
function checkedPem(pem: string): { ok: true; pem: string } | { ok: false; reason: string } {
  try {
    new X509Certificate(pem)
    return { ok: true, pem }
  } catch {
    return { ok: false, reason: 'is not a PEM certificate' }
  }
}

export function createCertStore(options: {
  dir: string
  fetch?: typeof fetch
  log?: (message: string) => void
}): ProviderServices {
  const memory = new Map<string, string>()
  const doFetch = options.fetch ?? globalThis.fetch

  function remember(url: string, pem: string): void {
    if (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value!)
    memory.set(url, pem)
  }

  function fromDisk(url: string): string | undefined {
    try {
      const pem = readFileSync(certificatePath(options.dir, url), 'utf8')
      return checkedPem(pem).ok ? pem : undefined
    } catch {
      return undefined
    }
  }

  function save(url: string, pem: string): void {
    try {
      mkdirSync(options.dir, { recursive: true, mode: 0o700 })
      const path = certificatePath(options.dir, url)
      // Written whole then renamed, so a crash never leaves half a certificate to be read next time.
      writeFileSync(`${path}.tmp`, pem, { mode: 0o600 })
      renameSync(`${path}.tmp`, path)
    } catch (error) {
      // Not fatal: the certificate still verifies this delivery, and is fetched again next time.
      options.log?.(`[certificates] could not cache ${url}: ${String(error)}`)
    }
  }

  return {
    async certificate(url) {
      const known = memory.get(url) ?? fromDisk(url)
      if (known) {
        remember(url, known)
        return { ok: true, pem: known }
      }
      let text: string
      try {
        const response = await doFetch(url, { signal: AbortSignal.timeout(CERT_FETCH_TIMEOUT_MS), redirect: 'error' })
        if (!response.ok) return { ok: false, reason: `fetching ${url} answered ${response.status}` }
        text = await response.text()
      } catch (error) {
        return { ok: false, reason: `could not fetch ${url} (${error instanceof Error ? error.message : String(error)})` }
      }
      if (text.length > MAX_CERT_BYTES) return { ok: false, reason: `${url} is too large to be a certificate` }
      const checked = checkedPem(text)
      if (!checked.ok) return { ok: false, reason: `${url} ${checked.reason}` }
      remember(url, text)
      save(url, text)
      return { ok: true, pem: text }
    },
  }
}
