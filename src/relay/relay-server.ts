// `hookbell relay`: a small public server that keeps deliveries for laptops that providers cannot reach.
// It never holds a credential that could forge an incident: signed deliveries are kept verbatim (the laptop
// verifies the provider's signature), and an Authorization header is checked against the hash the app
// registered and removed before storing (credential-check.ts). A channel has several readers (one per
// laptop), each with its own cursor; readers also post team notes (who acknowledged what), which every
// other reader receives in order with the deliveries. Anyone can send bytes here, so what a sender can make
// it hold is bounded (relay-limits.ts): request time, connections, requests per source, bytes per channel.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { limitConnections, timeoutOptions } from '../server-common/connection-limits'
import { HttpError } from '../server-common/errors'
import { close, listen, lowerHeaders, matchPath, sendError, sendJson, unsupportedContentEncoding } from '../server-common/http'
import { createRateLimiter, type RateLimiter } from '../server-common/rate-limit'
import {
  MAX_WAIT_SECONDS,
  parseAck,
  parseRegistrations,
  parseTeamNote,
  type RelayItem,
  type RelayPage,
} from '../server-common/relay-protocol'
import { checkCredential, credentialForReader } from './credential-check'
import { channelIdOf, createMalformedLog, cursorOf, readUpload } from './malformed'
import { createWaiters } from './long-poll'
import { RELAY_LIMITS, sourceOf, type RelayLimits } from './relay-limits'
import { DEFAULT_RETENTION, noteOf, type RateLimit, type RelayStore, type Retention, type StoredItem } from './store/types'

// Hop-by-hop and proxy headers say nothing about the delivery itself.
const DROPPED_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection'])
const PAGE_SIZE = 100
const MAX_NOTE_BYTES = 4096
const MAX_ACK_BYTES = 4096
const MAX_REGISTRATION_BYTES = 256 * 1024
/** How long a sender is asked to wait when a channel is at its byte quota (readers acknowledge within it). */
const QUOTA_RETRY_SECONDS = 60

/** Whose bucket a request takes from: a sender's or a reader's, per source address. */
interface Source {
  address: string
  bucket: RateLimiter
  limit: RateLimit
}

export interface RelayServerOptions {
  store: RelayStore
  host: string
  port: number
  retention?: Retention
  /** Per-channel rate limit (RELAY_LIMITS.perChannel where not given). */
  rate?: RateLimit
  /** Per-source limits, timeouts and the byte quota per channel (RELAY_LIMITS where not given). */
  limits?: Partial<RelayLimits>
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
      { cause: error },
    )
  }
}

/** An item as `reader` sees it: who posted a note (as the relay knows them), and a vouch only with its own registration. */
function toWire(item: StoredItem, reader: string): RelayItem {
  if (item.kind === 'note') {
    const { note, authorName } = noteOf(item.body)
    return {
      seq: item.seq,
      kind: 'note',
      receivedAt: item.receivedAt,
      note,
      author: item.author !== null && authorName !== null ? { reader: item.author, name: authorName } : null,
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
    ...(item.credential ? { credential: credentialForReader(item.credential, reader) } : {}),
  }
}

const mb = (n: number) => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`)

/**
 * A page cut to `maxBytes` of bodies (base64 as sent), always at least one item: the app parses a page in
 * one go on the thread that also answers providers, so it asks for pages small enough not to stall it.
 */
function withinBytes(page: RelayPage, maxBytes: number): RelayPage {
  if (maxBytes <= 0) return page
  let total = 0
  let n = 0
  for (const item of page.deliveries) {
    total += item.body.length
    if (n > 0 && total > maxBytes) break
    n++
  }
  return n === page.deliveries.length ? page : { ...page, deliveries: page.deliveries.slice(0, n) }
}

/**
 * The integration a delivery is for. The app copies the full URL (`/r/<channel>?integration=<id>`) into
 * each tool; without the query the laptop would refuse every delivery as unknown after the relay had
 * answered the tool 202, so the tool's own test would pass while everything is dropped: refused here.
 */
function integrationOf(url: URL): string {
  const id = url.searchParams.get('integration')
  if (!id)
    throw new HttpError(
      400,
      'missing_integration',
      "this URL has no ?integration=<id>: copy the full relay URL from the integration's setup in Hookbell (it ends in ?integration=…)",
    )
  if (id.length > 500) throw new HttpError(400, 'bad_request', 'the integration id is over 500 characters')
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(id)) throw new HttpError(400, 'bad_request', 'the integration id has control characters')
  return id
}

export function createRelayServer(options: RelayServerOptions) {
  const { store } = options
  const now = options.now ?? Date.now
  const log = options.log ?? ((m: string) => console.error(m))
  const rate = options.rate ?? RELAY_LIMITS.perChannel
  const retention = options.retention ?? DEFAULT_RETENTION
  const limits: RelayLimits = { ...RELAY_LIMITS, maxBytesPerChannel: retention.maxBytesPerChannel, ...options.limits }
  // Senders and readers from one address fill buckets of their own (RELAY_LIMITS.readsPerSource).
  const senders = createRateLimiter({ now })
  const readers = createRateLimiter({ now })
  const waiters = createWaiters(store)
  const malformed = createMalformedLog(log, now)
  /**
   * The channel's bucket, in this instance's memory: a database round trip per delivery cost more than the
   * rest of its ingest. With several PostgreSQL instances each keeps its own, so a channel behind N of them
   * takes up to N times `rate` (README, "Relay"); what bounds the disk is the channel's quota, in the database.
   */
  const channelRates = createRateLimiter({ now })
  /** Channels seen to exist: never removed while the relay runs, and an append to one that is gone is a 404. */
  const knownChannels = new Set<string>()
  async function channelExists(channel: string): Promise<boolean> {
    if (knownChannels.has(channel)) return true
    if (!(await stored(() => store.channelExists(channel)))) return false
    if (knownChannels.size >= 10_000) knownChannels.clear()
    knownChannels.add(channel)
    return true
  }

  /** The source's bucket: refused before anything is read or looked up (the body is never read). */
  function takeSource(source: Source): void {
    const taken = source.bucket.take(source.address, source.limit)
    if (!taken.ok)
      throw new HttpError(503, 'rate_limited', `too many requests from ${source.address}; retry later`, {
        'retry-after': String(taken.retryAfterSeconds),
        connection: 'close',
      })
  }

  /**
   * A refusal costs the source more than an accepted request, so guessing channels or tokens slows down; so
   * does malformed input (any 4xx), which is also logged, at most once per source per interval.
   */
  async function charged<T>(source: Source, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (caught) {
      const error = caught instanceof SyntaxError ? new HttpError(400, 'bad_json', 'body is not JSON') : caught
      if (error instanceof HttpError && error.status >= 400 && error.status < 500) {
        source.bucket.charge(source.address, source.limit, limits.refusalCost)
        if (error.status === 400) malformed(source.address, `${error.code}: ${error.message}`)
      }
      throw error
    }
  }

  async function authorize(channel: string, header: string | undefined): Promise<string> {
    const token = header?.replace(/^Bearer\s+/i, '') ?? ''
    const reader = await stored(() => store.authenticate(channel, token, now()))
    if (!reader) throw new HttpError(401, 'unauthorized', 'wrong or missing read token')
    return reader
  }

  async function deliver(channel: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'deliveries are POSTed', { allow: 'POST' })
    if (!(await channelExists(channel))) throw new HttpError(404, 'not_found', 'no such channel')
    const integrationId = integrationOf(url)
    // The app refuses a compressed body (415): the tool hears it now rather than after a 202.
    const encoding = unsupportedContentEncoding(req.headers['content-encoding'])
    if (encoding) throw new HttpError(415, 'unsupported_media_type', encoding, { connection: 'close' })
    const taken = channelRates.take(channel, rate)
    if (!taken.ok)
      throw new HttpError(503, 'rate_limited', 'too many deliveries for this channel; retry', {
        'retry-after': String(taken.retryAfterSeconds),
        connection: 'close',
      })
    const body = await readUpload(req)
    const received = Object.fromEntries(Object.entries(lowerHeaders(req)).filter(([name]) => !DROPPED_HEADERS.has(name)))
    const checked = await stored(() => checkCredential(store, channel, integrationId, received))
    if (!checked.ok) throw new HttpError(401, 'unauthorized', checked.reason)
    const item = {
      kind: 'delivery' as const,
      receivedAt: now(),
      method: req.method,
      query: url.search,
      headers: checked.headers,
      body,
      credential: checked.credential,
    }
    const quota = { maxBytes: limits.maxBytesPerChannel, maxItems: retention.maxPerChannel }
    const appended = await stored(() => store.appendWithin(channel, item, quota))
    if ('refused' in appended) {
      if (appended.refused === 'no_channel') throw new HttpError(404, 'not_found', 'no such channel')
      // Refused before answering: the sender keeps it and retries, where a cleanup would have deleted it unread.
      const [held, max] =
        appended.heldItems >= quota.maxItems
          ? [`${appended.heldItems} deliveries`, `${quota.maxItems} deliveries`]
          : [mb(appended.heldBytes), mb(quota.maxBytes)]
      throw new HttpError(
        507,
        'channel_full',
        `this channel holds ${held} not yet acknowledged by its readers, and its quota is ${max}; retry once a reader has caught up`,
        { 'retry-after': String(QUOTA_RETRY_SECONDS) },
      )
    }
    sendJson(res, 202, { accepted: true, seq: appended.seq })
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://relay')
    } catch {
      throw new HttpError(400, 'bad_request', 'the request target is not a valid URL')
    }
    if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true, store: store.kind })
    const address = sourceOf(req, limits.trustProxy)
    // A POST to a channel's URL is a sender's; everything else is a reader's (or a guess at one).
    const sending = req.method === 'POST' && matchPath('/r/:channel', url.pathname) !== null
    const source: Source = sending
      ? { address, bucket: senders, limit: limits.perSource }
      : { address, bucket: readers, limit: limits.readsPerSource }
    takeSource(source)
    await charged(source, async () => {
      // The channel in the path, checked before any query (a NUL byte would be a database error otherwise).
      const channelAt = (pattern: string) => {
        const matched = matchPath(pattern, url.pathname)
        return matched ? { channel: channelIdOf(matched.channel!) } : null
      }
      const post = channelAt('/r/:channel')
      if (post) return deliver(post.channel, url, req, res)
      const poll = channelAt('/r/:channel/deliveries')
      if (poll && req.method === 'GET') {
        const reader = await authorize(poll.channel, req.headers.authorization)
        const after = cursorOf(url.searchParams.get('after'))
        const wait = Math.min(Math.max(0, Number(url.searchParams.get('wait') ?? 0) || 0), MAX_WAIT_SECONDS)
        // The app asks for fewer items when a page of large bodies was too big for it.
        const limit = Math.min(Math.max(1, Number(url.searchParams.get('limit') ?? PAGE_SIZE) || PAGE_SIZE), PAGE_SIZE)
        const found = await stored(() => waiters.poll({ channel: poll.channel!, after, waitSeconds: wait, limit, res }))
        if (!found || res.destroyed) return
        const page = { deliveries: found.items.map((i) => toWire(i, reader)), latestSeq: found.latestSeq }
        sendJson(res, 200, withinBytes(page, Number(url.searchParams.get('maxBytes')) || 0))
        return
      }
      const ack = channelAt('/r/:channel/ack')
      if (ack && req.method === 'POST') {
        const reader = await authorize(ack.channel, req.headers.authorization)
        const parsed = parseAck((await readUpload(req, MAX_ACK_BYTES)).toString('utf8'))
        if ('error' in parsed) throw new HttpError(400, 'bad_ack', parsed.error)
        await stored(() => store.ack(ack.channel, reader, parsed.upTo, now(), retention))
        return sendJson(res, 200, { ok: true })
      }
      const notes = channelAt('/r/:channel/notes')
      if (notes && req.method === 'POST') {
        // Only a reader of the channel may speak for the team; a provider's POST is always a delivery.
        const reader = await authorize(notes.channel, req.headers.authorization)
        const parsed = parseTeamNote(JSON.parse((await readUpload(req, MAX_NOTE_BYTES)).toString('utf8') || 'null'))
        if ('error' in parsed) throw new HttpError(400, 'bad_note', parsed.error)
        // The relay says who posted it: the reader's name as the operator set it, whatever the note claims.
        const authorName = (await stored(() => store.readerName(notes.channel, reader))) ?? reader
        const seq = await stored(() =>
          store.append(notes.channel, { kind: 'note', receivedAt: now(), author: reader, authorName, note: parsed.note }),
        )
        return sendJson(res, 202, { accepted: true, seq })
      }
      const credentials = channelAt('/r/:channel/credentials')
      if (credentials && req.method === 'PUT') {
        // The app registers hashes of the credentials its bearer-token integrations accept (never the credentials).
        const reader = await authorize(credentials.channel, req.headers.authorization)
        const parsed = parseRegistrations(JSON.parse((await readUpload(req, MAX_REGISTRATION_BYTES)).toString('utf8') || 'null'))
        if ('error' in parsed) throw new HttpError(400, 'bad_registration', parsed.error)
        await stored(() => store.registerCredentials(credentials.channel, reader, parsed.registrations, now()))
        return sendJson(res, 200, { registered: parsed.registrations.length })
      }
      throw new HttpError(404, 'not_found', 'not found')
    })
  }

  const server = createServer(timeoutOptions(limits.headersTimeoutMs, limits.requestTimeoutMs), (req, res) => {
    route(req, res).catch((http: unknown) => {
      if (http instanceof HttpError && http.code === 'storage_unavailable')
        log(`[relay] database error: ${String((http as { cause?: unknown }).cause)}`)
      sendError(res, http, log)
    })
  })
  // Behind a proxy every connection has the proxy's address: only the overall cap applies then.
  limitConnections(server, {
    perSource: limits.trustProxy ? limits.connections : limits.connectionsPerSource,
    total: limits.connections,
  })

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
      waiters.close()
      await close(server)
    },
  }
}
