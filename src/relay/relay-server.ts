// `hookbell relay`: a small public server that keeps deliveries verbatim for laptops that providers cannot
// reach. It never holds an integration's secret: the laptop verifies signatures, so a relay cannot forge an
// incident. A channel has several readers (one per laptop), each with its own cursor; readers also post team
// notes (who acknowledged what), which every other reader receives in order with the deliveries.
import { createServer, type ServerResponse } from 'node:http'
import { HttpError } from '../server-common/errors'
import { close, listen, lowerHeaders, matchPath, readBody, sendError, sendJson } from '../server-common/http'
import { MAX_WAIT_SECONDS, parseTeamNote, type RelayItem, type RelayPage } from '../server-common/relay-protocol'
import { DEFAULT_RETENTION, type RateLimit, type RelayStore, type Retention, type StoredItem } from './store/types'

// Hop-by-hop and proxy headers say nothing about the delivery itself.
const DROPPED_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection'])
const PAGE_SIZE = 100
const MAX_NOTE_BYTES = 4096

export interface RelayServerOptions {
  store: RelayStore
  host: string
  port: number
  retention?: Retention
  /** Per-channel rate limit: a bucket of `burst` refilled at `perSecond`, shared by all instances. */
  rate?: RateLimit
  now?: () => number
  log?: (message: string) => void
}

/** A failing database is a 503 with Retry-After: providers retry 5xx, so nothing posted is lost. */
async function stored<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof HttpError) throw error
    throw Object.assign(
      new HttpError(503, 'storage_unavailable', 'the relay cannot reach its database; retry', { 'retry-after': '5' }),
      {
        cause: error,
      },
    )
  }
}

function toWire(item: StoredItem, reader: string): RelayItem {
  if (item.kind === 'note') {
    return {
      seq: item.seq,
      kind: 'note',
      receivedAt: item.receivedAt,
      note: JSON.parse(item.body.toString('utf8')),
      fromSelf: item.author === reader,
      method: 'POST',
      query: '',
      headers: {},
      body: '',
    }
  }
  return {
    seq: item.seq,
    kind: 'delivery',
    receivedAt: item.receivedAt,
    method: item.method,
    query: item.query,
    headers: item.headers,
    body: item.body.toString('base64'),
  }
}

export function createRelayServer(options: RelayServerOptions) {
  const { store } = options
  const now = options.now ?? Date.now
  const log = options.log ?? ((m: string) => console.error(m))
  const rate = options.rate ?? { perSecond: 20, burst: 200 }
  const retention = options.retention ?? DEFAULT_RETENTION
  const waiters = new Map<string, Set<() => void>>()

  function wake(channel: string): void {
    const channels = channel === '*' ? [...waiters.keys()] : [channel]
    for (const c of channels) {
      const set = waiters.get(c)
      if (!set) continue
      waiters.delete(c)
      for (const done of set) done()
    }
  }
  // Appends on this instance and (on PostgreSQL) on every other one.
  const unsubscribe = store.onAppended(wake)

  async function authorize(channel: string, header: string | undefined): Promise<string> {
    const token = header?.replace(/^Bearer\s+/i, '') ?? ''
    const reader = await stored(() => store.authenticate(channel, token, now()))
    if (!reader) throw new HttpError(401, 'unauthorized', 'wrong or missing read token')
    return reader
  }

  async function longPoll(
    channel: string,
    reader: string,
    after: number,
    waitSeconds: number,
    limit: number,
    res: ServerResponse,
  ) {
    // Listen before looking, so an append that lands between the query and the wait still wakes us.
    let done = () => {}
    const woken = new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), waitSeconds * 1000)
      done = () => {
        clearTimeout(timer)
        waiters.get(channel)?.delete(done)
        res.off('close', done)
        resolve()
      }
      res.on('close', done)
      const set = waiters.get(channel) ?? new Set()
      set.add(done)
      waiters.set(channel, set)
    })
    try {
      let items = await stored(() => store.after(channel, after, limit))
      if (items.length === 0 && waitSeconds > 0 && !res.destroyed) {
        await woken
        if (res.destroyed) return null
        items = await stored(() => store.after(channel, after, limit))
      }
      const page: RelayPage = {
        deliveries: items.map((i) => toWire(i, reader)),
        latestSeq: await stored(() => store.latest(channel)),
      }
      return page
    } finally {
      done()
    }
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://relay')
    try {
      if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true, store: store.kind })
      const post = matchPath('/r/:channel', url.pathname)
      if (post) {
        if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'deliveries are POSTed', { allow: 'POST' })
        const channel = post.channel!
        if (!(await stored(() => store.channelExists(channel)))) throw new HttpError(404, 'not_found', 'no such channel')
        const wait = await stored(() => store.take(channel, now(), rate))
        if (wait !== null)
          throw new HttpError(503, 'rate_limited', 'too many deliveries for this channel; retry', { 'retry-after': String(wait) })
        const body = await readBody(req)
        const headers = Object.fromEntries(Object.entries(lowerHeaders(req)).filter(([name]) => !DROPPED_HEADERS.has(name)))
        const seq = await stored(() =>
          store.append(channel, { kind: 'delivery', receivedAt: now(), method: req.method!, query: url.search, headers, body }),
        )
        if (seq === null) throw new HttpError(404, 'not_found', 'no such channel')
        return sendJson(res, 202, { accepted: true, seq })
      }
      const poll = matchPath('/r/:channel/deliveries', url.pathname)
      if (poll && req.method === 'GET') {
        const reader = await authorize(poll.channel!, req.headers.authorization)
        const after = Math.max(0, Number(url.searchParams.get('after') ?? 0) || 0)
        const wait = Math.min(Math.max(0, Number(url.searchParams.get('wait') ?? 0) || 0), MAX_WAIT_SECONDS)
        // The app asks for fewer items when a page of large bodies was too big for it.
        const limit = Math.min(Math.max(1, Number(url.searchParams.get('limit') ?? PAGE_SIZE) || PAGE_SIZE), PAGE_SIZE)
        const page = await longPoll(poll.channel!, reader, after, wait, limit, res)
        if (page && !res.destroyed) sendJson(res, 200, page)
        return
      }
      const ack = matchPath('/r/:channel/ack', url.pathname)
      if (ack && req.method === 'POST') {
        const reader = await authorize(ack.channel!, req.headers.authorization)
        const body = JSON.parse((await readBody(req, 4096)).toString('utf8') || '{}') as { upTo?: unknown }
        if (typeof body.upTo !== 'number' || !Number.isSafeInteger(body.upTo) || body.upTo < 0)
          throw new HttpError(400, 'bad_request', 'upTo must be a delivery seq')
        await stored(() => store.ack(ack.channel!, reader, body.upTo as number, now(), retention))
        return sendJson(res, 200, { ok: true })
      }
      const notes = matchPath('/r/:channel/notes', url.pathname)
      if (notes && req.method === 'POST') {
        // Only a reader of the channel may speak for the team; a provider's POST is always a delivery.
        const reader = await authorize(notes.channel!, req.headers.authorization)
        const parsed = parseTeamNote(JSON.parse((await readBody(req, MAX_NOTE_BYTES)).toString('utf8') || 'null'))
        if ('error' in parsed) throw new HttpError(400, 'bad_note', parsed.error)
        const seq = await stored(() =>
          store.append(notes.channel!, { kind: 'note', receivedAt: now(), author: reader, note: parsed.note }),
        )
        return sendJson(res, 202, { accepted: true, seq })
      }
      throw new HttpError(404, 'not_found', 'not found')
    } catch (error) {
      const http = error instanceof SyntaxError ? new HttpError(400, 'bad_json', 'body is not JSON') : error
      if (http instanceof HttpError && http.code === 'storage_unavailable')
        log(`[relay] database error: ${String((http as { cause?: unknown }).cause)}`)
      sendError(res, http, log)
    }
  })
  server.requestTimeout = 0 // long-polls outlive the default; headersTimeout still guards slow clients
  server.headersTimeout = 10_000

  let pruneTimer: NodeJS.Timeout | null = null
  return {
    async start(): Promise<number> {
      const port = await listen(server, options.port, options.host)
      const prune = () => store.prune(now(), retention).catch((error: unknown) => log(`[relay] pruning failed: ${String(error)}`))
      void prune()
      pruneTimer = setInterval(prune, 60_000)
      pruneTimer.unref()
      return port
    },
    async stop(): Promise<void> {
      if (pruneTimer) clearInterval(pruneTimer)
      unsubscribe()
      wake('*')
      await close(server)
    },
  }
}
