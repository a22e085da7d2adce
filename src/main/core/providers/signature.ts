import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { VerifyResult } from './types'

export function hmacHex(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}

export function sha256Hex(...parts: (Buffer | string)[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part)
  return hash.digest('hex')
}

/** Constant-time comparison after a length check (timingSafeEqual throws on unequal lengths). */
export function safeEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(provided.trim().toLowerCase())
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Checks `provided` against the digest for each secret, so a rotated secret keeps working until the old
 * one is dropped. Every secret is tried (no early exit) to keep timing independent of which one matched.
 */
export function verifyWithSecrets(
  secrets: readonly string[],
  provided: string,
  digest: (secret: string) => string,
  mismatchHint: string,
): VerifyResult {
  let matched = false
  for (const secret of secrets) if (safeEqual(digest(secret), provided)) matched = true
  return matched ? { ok: true } : { ok: false, status: 401, reason: `signature mismatch: ${mismatchHint}` }
}

/**
 * The raw-body HMAC check (Sentry, Checkly, generic JSON, Grafana): hex HMAC-SHA256 over the exact bytes
 * received, after an optional signed prefix (Grafana's `timestamp:`). Never over re-serialized JSON: Sentry
 * escapes non-ASCII as \uXXXX and writes floats like 12.0, which JSON.stringify would not reproduce.
 */
export function verifyBodyHmac(
  body: Buffer,
  secrets: readonly string[],
  provided: string,
  mismatchHint: string,
  prefix = '',
): VerifyResult {
  // Senders label the digest (`sha256=<hex>`, GitHub-style); another label is another algorithm, which no
  // secret could match, so it is named rather than reported as a wrong secret.
  const labelled = /^\s*([A-Za-z][A-Za-z0-9_-]{0,30})=(.*)$/s.exec(provided)
  if (labelled) {
    const scheme = labelled[1]!.toLowerCase()
    if (scheme !== 'sha256') return { ok: false, status: 401, reason: `unsupported signature scheme ${scheme} (expected sha256)` }
    provided = labelled[2]!
  }
  const signed = prefix === '' ? body : Buffer.concat([Buffer.from(prefix), body])
  return verifyWithSecrets(secrets, provided, (secret) => hmacHex(secret, signed), mismatchHint)
}

/** No secret stored for a provider that always signs: say which one to paste, and where from. */
export function noSecret(what: string, where: string): VerifyResult {
  return { ok: false, status: 401, reason: `no ${what} set in Hookbell: paste ${where} into this integration` }
}

export function missingHeader(header: string, hint: string): VerifyResult {
  return { ok: false, status: 401, reason: `${header} missing: ${hint}` }
}

/** Parses the timestamps providers send: epoch seconds, epoch milliseconds or ISO 8601. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return parseTimestamp(Number(trimmed))
  // AppSignal writes "2019-01-10 10:45:41 +0100" and "2019-01-09 09:03:57 UTC": make them ISO-shaped.
  const isoish = trimmed
    .replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})/, '$1T$2')
    .replace(/ UTC$/, 'Z')
    .replace(/ ([+-]\d{2})(\d{2})$/, '$1:$2')
  const ms = Date.parse(isoish)
  return Number.isNaN(ms) ? undefined : ms
}

/** How far from the time of receipt an unsigned timestamp header may be and still be believed. */
export const UNSIGNED_TIMESTAMP_TOLERANCE_MS = 5 * 60_000

/**
 * A timestamp from a header nobody signs (Checkly's), believed only near the delivery's receipt: outside the
 * tolerance it is undefined, as if absent. Whoever can edit headers could otherwise pin an incident's order
 * of events at a year-2100 stamp, after which every real delivery looks older.
 */
export function timestampNear(value: unknown, receivedAt: number): number | undefined {
  const at = parseTimestamp(value)
  return at !== undefined && Math.abs(at - receivedAt) <= UNSIGNED_TIMESTAMP_TOLERANCE_MS ? at : undefined
}

/**
 * The latest of the timestamps a payload carries about one alert's life (opened, resolved, closed...): as the
 * alert moves on, fields are added, so the latest one orders the deliveries about it.
 */
export function latestTimestamp(values: readonly unknown[]): number | undefined {
  let latest: number | undefined
  for (const value of values) {
    const at = parseTimestamp(value)
    if (at !== undefined && (latest === undefined || at > latest)) latest = at
  }
  return latest
}
