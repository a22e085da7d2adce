// The public side: `POST /hooks/:integrationId` and `GET /healthz`, on its own port so that a tunnel to it
// never exposes the API. Anyone can send bytes here, so everything a sender can make it hold is bounded:
// connections (per source and in all), time (headers, whole request), rate (per source and integration),
// body size (413, then the connection is closed), and what a refusal keeps (store/delivery-log.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { HttpError } from '../../../server-common/errors'
import { close, listen, lowerHeaders, matchPath, readBody, sendError, sendJson } from '../../../server-common/http'
import { limitConnections, timeoutOptions } from '../../../server-common/connection-limits'
import { createRateLimiter, type RateLimit } from '../../../server-common/rate-limit'
import type { Ingest } from '../ingest/pipeline'
import type { RawRequest } from '../providers/types'
import { RELAY_CHECK_HEADER } from '../providers/relay-check'

export const RECEIVER_LIMITS = {
  /**
   * Per source address and integration. A delivery takes a token while it is read and checked; one that
   * verifies and brings something new (accepted or ignored) gives it back, so a signed storm (Alertmanager
   * flapping, a deploy that breaks everything) is never refused: only a sender that knows the secret gets
   * there. A redelivery keeps its token, and a refusal (wrong secret, junk) costs REFUSAL_COST more, so a
   * sender that only gets refusals is slowed ten times sooner.
   */
  known: { perSecond: 50, burst: 500 } satisfies RateLimit,
  /** Per source address, for ids that are no integration: only junk and deleted integrations land here. */
  unknown: { perSecond: 5, burst: 20 } satisfies RateLimit,
  refusalCost: 10,
  connectionsPerSource: 64,
  connections: 1024,
  /** Providers give up quickly (Sentry: 1 s); a stalled client must not hold a socket for long either. */
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
}

export interface ReceiverOptions {
  host: string
  port: number
  ingest: Ingest
  /** Whether an id is a configured integration (rate limits differ: unknown ids are junk or stale). */
  isKnown: (integrationId: string) => boolean
  now: () => number
  log: (message: string) => void
  limits?: Partial<typeof RECEIVER_LIMITS>
  /** Each 2xx answer, timed from the request's arrival to the last byte of the answer (Sentry allows 1 s). */
  onAnswered?: (integrationId: string, ms: number) => void
}

export function createReceiver(options: ReceiverOptions) {
  const limits = { ...RECEIVER_LIMITS, ...options.limits }
  const rates = createRateLimiter({ now: options.now })
  let server: Server | null = null
  let boundPort: number | null = null

  function request(req: IncomingMessage, url: URL, receivedAt: number, body: Buffer = Buffer.alloc(0)): RawRequest {
    const headers = lowerHeaders(req)
    // Only the relay poller may say what a relay checked; from a direct sender it would be a claim about nothing.
    delete headers[RELAY_CHECK_HEADER]
    return { method: 'POST', headers, query: url.search, body, receivedAt, via: 'direct' }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now()
    // A request target that is no URL (`GET http://[`) is the sender's mistake: 400, not a stack trace.
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://receiver')
    } catch {
      throw new HttpError(400, 'bad_request', 'the request target is not a valid URL')
    }
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { ok: true })
      return
    }
    const params = matchPath('/hooks/:integrationId', url.pathname)
    if (!params) throw new HttpError(404, 'not_found', 'POST deliveries to /hooks/<integration id>')
    if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'deliveries are POSTed', { allow: 'POST' })
    const integrationId = params.integrationId!
    const receivedAt = options.now()
    const source = req.socket.remoteAddress ?? 'unknown'
    const known = options.isKnown(integrationId)
    const key = known ? `${source} ${integrationId}` : `${source} *`
    const limit = known ? limits.known : limits.unknown

    const taken = rates.take(key, limit)
    if (!taken.ok) {
      const retryAfter = String(taken.retryAfterSeconds)
      // One log entry per run of refusals: the log shows the flood without becoming it.
      if (taken.firstRefusal) {
        void options.ingest.refuse(
          integrationId,
          request(req, url, receivedAt),
          503,
          `rate limited: too many deliveries from ${source}; answered 503 with Retry-After ${retryAfter} s until it slows down (not logged one by one)`,
        )
      }
      // The body is never read: closing is cheaper than draining it.
      throw new HttpError(503, 'rate_limited', 'too many deliveries; retry later', {
        'retry-after': retryAfter,
        connection: 'close',
      })
    }

    let body: Buffer
    try {
      body = await readBody(req)
    } catch (error) {
      if (error instanceof HttpError && error.status === 413) {
        await options.ingest.refuse(integrationId, request(req, url, receivedAt), 413, error.message)
        rates.charge(key, limit, limits.refusalCost)
      }
      throw error
    }
    if (options.onAnswered)
      res.once('finish', () => {
        if (res.statusCode >= 200 && res.statusCode < 300) options.onAnswered!(integrationId, performance.now() - arrived)
      })
    const result = await options.ingest.ingest(integrationId, request(req, url, receivedAt, body))
    const outcome = result.delivery.outcome
    if (outcome === 'accepted' || outcome === 'ignored') rates.refund(key, limit, 1)
    else if (outcome === 'rejected' && result.status !== 503) rates.charge(key, limit, limits.refusalCost)
    sendJson(res, result.status, result.body, result.headers)
  }

  const handler = createServer(timeoutOptions(limits.headersTimeoutMs, limits.requestTimeoutMs), (req, res) => {
    handle(req, res).catch((error: unknown) => {
      sendError(
        res,
        error instanceof HttpError ? error : new HttpError(503, 'unavailable', 'retry later', { 'retry-after': '30' }),
        options.log,
      )
    })
  })
  // A socket that sends nothing at all between requests or mid-body.
  handler.setTimeout(limits.requestTimeoutMs)
  limitConnections(handler, { perSource: limits.connectionsPerSource, total: limits.connections })

  return {
    /** Listens on `port` (default: the one it was made with); a stopped receiver may start again elsewhere. */
    async start(port = options.port): Promise<number> {
      boundPort = await listen(handler, port, options.host)
      server = handler
      return boundPort
    },
    async stop(): Promise<void> {
      if (server) await close(server)
      server = null
      boundPort = null
    },
    get port(): number | null {
      return boundPort
    },
    get listening(): boolean {
      return server !== null
    },
  }
}

export type Receiver = ReturnType<typeof createReceiver>

/** What a user can do about a receiver that cannot listen. */
export function receiverFailure(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE')
    return `port ${port} on ${host} is already in use by another program. Pick another receiver port in Settings → Receiver & relay (then update the URLs in your tools), or stop the other program. Deliveries through the relay still arrive.`
  if (code === 'EACCES') return `not allowed to listen on port ${port}: pick a port above 1023 in Settings → Receiver & relay.`
  return `the receiver could not listen on ${host}:${port}: ${(error as Error).message}`
}
