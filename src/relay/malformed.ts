// Malformed input on the relay: anyone can send bytes here, so what cannot be read is answered 4xx with the
// reason (never a 503 or a stack trace), charged to its source like any refusal (relay-server.ts), and
// logged at most once per source per interval, so a sender cannot fill the operator's log either.
import type { IncomingMessage } from 'node:http'
import { HttpError } from '../server-common/errors'
import { readBody } from '../server-common/http'

export const MALFORMED_LOG_INTERVAL_MS = 60_000
/** Sources remembered for the log's interval; past it the memory starts over (a few extra lines at most). */
const MAX_SOURCES = 10_000

/** Logs a malformed request from `source` unless one from it was logged within the interval (counted then). */
export function createMalformedLog(log: (message: string) => void, now: () => number, intervalMs = MALFORMED_LOG_INTERVAL_MS) {
  const last = new Map<string, { at: number; suppressed: number }>()
  return (source: string, what: string): void => {
    const t = now()
    const seen = last.get(source)
    if (seen && t - seen.at < intervalMs) {
      seen.suppressed++
      return
    }
    if (last.size >= MAX_SOURCES) last.clear()
    last.set(source, { at: t, suppressed: 0 })
    const more = seen?.suppressed ? ` (and ${seen.suppressed} more from it since the last line)` : ''
    log(`[relay] malformed request from ${source}: ${what}${more}`)
  }
}

const incomplete = () =>
  new HttpError(400, 'incomplete_body', 'the connection closed before the body ended', { connection: 'close' })

/**
 * The body, or a 400 when the sender closed the connection before it ended (no stack trace: it is input).
 * The relay reads the body after looking the channel up, so the connection may already be gone by then,
 * its error emitted to no one: that is checked first, and `close` ends the wait either way.
 */
export function readUpload(req: IncomingMessage, limit?: number): Promise<Buffer> {
  if (req.readableAborted || (req.destroyed && !req.complete)) return Promise.reject(incomplete())
  return new Promise((resolve, reject) => {
    const onClose = () => {
      if (!req.complete) reject(incomplete())
    }
    req.once('close', onClose)
    readBody(req, limit)
      .then(resolve, (error: unknown) => reject(error instanceof HttpError ? error : incomplete()))
      .finally(() => req.off('close', onClose))
  })
}

/**
 * A channel id from the path. Ids are `ch_` and base64url; anything else (a NUL byte, which PostgreSQL
 * cannot even compare) names no channel: 404 before any query.
 */
export function channelIdOf(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) throw new HttpError(404, 'not_found', 'no such channel')
  return value
}

/** `after=`: a whole number of at least 0 (absent is 0). `1e400` or `abc` is the client's mistake, said so. */
export function cursorOf(value: string | null): number {
  if (value === null || value === '') return 0
  if (!/^\d{1,15}$/.test(value))
    throw new HttpError(400, 'bad_cursor', 'after must be a delivery seq (a whole number, 0 or more)')
  return Number(value)
}
