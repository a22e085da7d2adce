// `hookbell relay`: a small public server that keeps deliveries verbatim for a laptop that providers cannot
// reach. It never holds an integration's secret: the laptop verifies signatures, so a relay cannot forge.
import { createServer, type ServerResponse } from 'node:http'
import { HttpError } from '../server-common/errors'
import { close, listen, lowerHeaders, matchPath, readBody, sendError, sendJson } from '../server-common/http'
import { MAX_WAIT_SECONDS, type RelayPage } from '../server-common/relay-protocol'
import { DEFAULT_RETENTION, type RelayStore, type Retention } from './relay-store'

// Hop-by-hop and proxy headers say nothing about the delivery itself.
const DROPPED_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection'])

export interface RelayServerOptions {
  store: RelayStore
  host: string
  port: number
  retention?: Retention
  /** Per-channel rate limit: a bucket of `burst` refilled at `perSecond`. */
  rate?: { perSecond: number; burst: number }
  now?: () => number
  log?: (message: string) => void
}

export function createRelayServer(options: RelayServerOptions) {
  const { store } = options
  const now = options.now ?? Date.now
  const log = options.log ?? ((m: string) => console.error(m))
  const rate = options.rate ?? { perSecond: 20, burst: 200 }
  const waiters = new Map<string, Set<() => void>>()
  const buckets = new Map<string, { tokens: number; at: number }>()

  function wakeWaiters(channel: string): void {
    const set = waiters.get(channel)
    if (!set) return
    waiters.delete(channel)
    for (const wake of set) wake()
  }

  /** Token bucket; a refusal is 503 with Retry-After, which every provider retries (never a silent drop). */
  function allow(channel: string): number | null {
    const t = now()
    const bucket = buckets.get(channel) ?? { tokens: rate.burst, at: t }
    bucket.tokens = Math.min(rate.burst, bucket.tokens + ((t - bucket.at) / 1000) * rate.perSecond)
    bucket.at = t
    buckets.set(channel, bucket)
    if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / rate.perSecond)
    bucket.tokens -= 1
    return null
  }

  function authorize(channel: string, header: string | undefined): void {
    const token = header?.replace(/^Bearer\s+/i, '') ?? ''
    if (!token || !store.checkToken(channel, token)) throw new HttpError(401, 'unauthorized', 'wrong or missing read token')
  }

  async function longPoll(channel: string, after: number, waitSeconds: number, res: ServerResponse): Promise<RelayPage> {
    let deliveries = store.after(channel, after)
    if (deliveries.length === 0 && waitSeconds > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          waiters.get(channel)?.delete(done)
          resolve()
        }
        const timer = setTimeout(done, waitSeconds * 1000)
        res.on('close', done)
        const set = waiters.get(channel) ?? new Set()
        set.add(done)
        waiters.set(channel, set)
      })
      deliveries = store.after(channel, after)
    }
    return { deliveries, latestSeq: store.latest(channel) }
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://relay')
    try {
      if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true })
      const post = matchPath('/r/:channel', url.pathname)
      if (post) {
        if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'deliveries are POSTed', { allow: 'POST' })
        const channel = post.channel!
        if (!store.channelExists(channel)) throw new HttpError(404, 'not_found', 'no such channel')
        const wait = allow(channel)
        if (wait !== null)
          throw new HttpError(503, 'rate_limited', 'too many deliveries for this channel; retry', { 'retry-after': String(wait) })
        const body = await readBody(req)
        const headers = Object.fromEntries(Object.entries(lowerHeaders(req)).filter(([name]) => !DROPPED_HEADERS.has(name)))
        const seq = store.store(channel, { receivedAt: now(), method: req.method, query: url.search, headers, body })
        sendJson(res, 202, { accepted: true, seq })
        wakeWaiters(channel)
        return
      }
      const poll = matchPath('/r/:channel/deliveries', url.pathname)
      if (poll && req.method === 'GET') {
        authorize(poll.channel!, req.headers.authorization)
        const after = Math.max(0, Number(url.searchParams.get('after') ?? 0) || 0)
        const wait = Math.min(Math.max(0, Number(url.searchParams.get('wait') ?? 0) || 0), MAX_WAIT_SECONDS)
        const page = await longPoll(poll.channel!, after, wait, res)
        if (!res.destroyed) sendJson(res, 200, page)
        return
      }
      const ack = matchPath('/r/:channel/ack', url.pathname)
      if (ack && req.method === 'POST') {
        authorize(ack.channel!, req.headers.authorization)
        const body = JSON.parse((await readBody(req, 4096)).toString('utf8') || '{}') as { upTo?: unknown }
        if (typeof body.upTo !== 'number' || !Number.isSafeInteger(body.upTo))
          throw new HttpError(400, 'bad_request', 'upTo must be a delivery seq')
        store.ack(ack.channel!, body.upTo)
        return sendJson(res, 200, { ok: true })
      }
      throw new HttpError(404, 'not_found', 'not found')
    } catch (error) {
      sendError(res, error instanceof SyntaxError ? new HttpError(400, 'bad_json', 'body is not JSON') : error, log)
    }
  })
  server.requestTimeout = 0 // long-polls outlive the default; headersTimeout still guards slow clients
  server.headersTimeout = 10_000

  let pruneTimer: NodeJS.Timeout | null = null
  return {
    async start(): Promise<number> {
      const port = await listen(server, options.port, options.host)
      const prune = () => {
        try {
          store.prune(now(), options.retention ?? DEFAULT_RETENTION)
        } catch (error) {
          log(`[relay] pruning failed: ${String(error)}`)
        }
      }
      prune()
      pruneTimer = setInterval(prune, 60_000)
      pruneTimer.unref()
      return port
    },
    async stop(): Promise<void> {
      if (pruneTimer) clearInterval(pruneTimer)
      for (const channel of [...waiters.keys()]) wakeWaiters(channel)
      await close(server)
    },
  }
}
