import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpError, toHttpError } from './errors'

export const MAX_BODY_BYTES = 1024 * 1024

/**
 * With `Connection: close` Node ends the socket once the answer is written, instead of reading (and
 * discarding) the rest of a body it already refused for as long as the sender keeps sending.
 */
const CLOSE_AFTER_ANSWER = { connection: 'close' }

/**
 * Reads the raw body as bytes (signatures are computed over exactly these), refusing more than `limit`
 * with 413 as soon as the declared or received length passes it.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new HttpError(413, 'too_large', `body is ${declared} bytes; the limit is ${limit}`, CLOSE_AFTER_ANSWER))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        reject(new HttpError(413, 'too_large', `body is over the ${limit}-byte limit`, CLOSE_AFTER_ANSWER))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks, size)))
    req.on('error', reject)
  })
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}

export function sendError(res: ServerResponse, error: unknown, log?: (message: string) => void): void {
  const http = toHttpError(error)
  // Expected refusals (HttpError, even a 503) are answers, not faults: only the unexpected is logged.
  if (!(error instanceof HttpError) && log) log(error instanceof Error ? (error.stack ?? error.message) : String(error))
  if (res.headersSent) {
    res.destroy()
    return
  }
  sendJson(res, http.status, { error: { code: http.code, message: http.message } }, http.headers)
}

export function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false
  const type = value.split(';')[0]!.trim().toLowerCase()
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/**
 * Why a body in `Content-Encoding` `value` cannot be taken, or null for none or identity. A compressed body
 * would reach JSON parsing (and signature checks, which are over what the tool signed) as binary: refused
 * with 415 and what to send instead (RFC 9110 §15.5.16), by the receiver and the relay alike.
 */
export function unsupportedContentEncoding(value: string | undefined): string | null {
  const codings = (value ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity')
  if (codings.length === 0) return null
  const named = codings
    .join(', ')
    .replace(/[^\x21-\x7e ]/g, '?')
    .slice(0, 60)
  return `Content-Encoding ${named} is not supported; send the body uncompressed`
}

/**
 * Connections the kernel queues for accepting (capped by net.core.somaxconn). Node's default, 511, overflows
 * when a flood of connections is being accepted and refused: the kernel then drops new SYNs, a legitimate
 * sender's included, and its TCP retries after 1 s. That was the 1,008 ms p99 of `npm run bench -- abuse`.
 */
export const LISTEN_BACKLOG = 4096

/** Listens and resolves with the bound port (port 0 picks a free one). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', onError)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** Matches `/api/incidents/:id/ack` style patterns; returns the named segments or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/')
  const got = path.split('/')
  if (want.length !== got.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!
    const g = got[i]!
    if (w.startsWith(':')) {
      if (g === '') return null
      try {
        params[w.slice(1)] = decodeURIComponent(g)
      } catch {
        return null
      }
    } else if (w !== g) return null
  }
  return params
}
