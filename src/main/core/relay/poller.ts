// Long-polls a relay channel and feeds each delivery through the same ingest as a direct one. The cursor is
// saved in the same database right after the batch commits, so a crash replays (and dedupe absorbs the
// replay) instead of losing deliveries.
import type { StatusView } from '../../../shared/model'
import type { Ingest } from '../ingest/pipeline'
import type { Notifier } from '../notify/notifier'
import type { Settings } from '../settings/settings'
import type { Db } from '../../../server-common/sqlite'
import { MAX_WAIT_SECONDS } from '../../../server-common/relay-protocol'
import {
  checkPage,
  MAX_RELAY_RESPONSE_BYTES,
  RELAY_PAGE_BYTES,
  RELAY_PAGE_ITEMS,
  type CheckedItem,
  type NoteAuthor,
} from './relay-items'
import { createCredentialRegistrar } from './credential-registration'
import { PROVIDERS } from '../providers'

/**
 * Reconnect backoff after errors, in seconds: ntfy's schedule after a quick first retry, because behind a
 * load balancer a dropped long-poll usually means one relay instance went away and the next one answers.
 */
export const RELAY_BACKOFF_S = [1, 5, 10, 20, 30, 60, 120]
/** A delivery that fails to store this many times is set aside so the ones behind it get in. */
export const QUARANTINE_AFTER_ATTEMPTS = 3
/**
 * Shortest time between the starts of two polls when the last one brought nothing: a relay that answers empty
 * at once, every time, must not become a hot loop. A page with items is followed by the next poll at once, so
 * a backlog drains as fast as its pages commit.
 */
export const MIN_POLL_INTERVAL_MS = 250
/** Relayed deliveries handed to ingest at once, to share one group commit (see `statusOf` in pollOnce). */
export const INGEST_GROUP = 32
/** How often the credential hashes registered with the relay are compared with the integrations' secrets. */
export const REGISTRATION_CHECK_MS = 3_000
/** Pause after an empty answer from a relay that did not wait as asked. */
export const EMPTY_ANSWER_PAUSE_MS = 5_000

interface PollOutcome {
  fetched: number
  /** A delivery could not be stored and will be retried: back off. */
  stalled: boolean
}

export interface RelayPollerDeps {
  settings: Settings
  ingest: Ingest
  db: Db
  notifier: Notifier
  now: () => number
  log: (message: string) => void
  onStatus: (status: StatusView['relay']) => void
  fetch?: typeof fetch
  /** Long-poll wait asked of the relay, in seconds. */
  waitSeconds?: number
  /** Pause between polls; 0 with long-polling, which waits on the relay instead. */
  intervalMs?: number
  backoffSeconds?: number[]
  /** Shortest time between polls (tests shorten it). */
  minIntervalMs?: number
  /** Team notes from the channel are applied here (never ingested); told when the relay is reachable again. */
  teamNotes?: { apply(note: unknown, author: NoteAuthor | null): unknown; wake(): void }
}

export function createRelayPoller(deps: RelayPollerDeps) {
  const doFetch = deps.fetch ?? fetch
  const backoff = deps.backoffSeconds ?? RELAY_BACKOFF_S
  const getCursor = deps.db.prepare('SELECT seq FROM relay_cursor WHERE channel_url = ?')
  const setCursor = deps.db.prepare(
    'INSERT INTO relay_cursor (channel_url, seq, updated_at) VALUES (?, ?, ?) ON CONFLICT (channel_url) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at',
  )
  let status: StatusView['relay'] = { state: 'off', lastDeliveryAt: null, lagMs: null, error: null }
  let running = false
  let controller: AbortController | null = null
  let sleeper: { timer: NodeJS.Timeout; resolve: () => void } | null = null
  let catchUpNext = false
  let failures = 0
  let loop: Promise<void> | null = null
  let pageItems = RELAY_PAGE_ITEMS
  const minIntervalMs = deps.minIntervalMs ?? MIN_POLL_INTERVAL_MS
  const registrar = createCredentialRegistrar({
    integrations: () => deps.settings.integrations(),
    providers: PROVIDERS,
    fetch: doFetch,
    log: deps.log,
  })
  /** Failed attempts per seq; bounded by the page size, since a stalled item is always the first. */
  const attempts = new Map<number, number>()

  function setStatus(change: Partial<StatusView['relay']>): void {
    const next = { ...status, ...change }
    if (JSON.stringify(next) === JSON.stringify(status)) return
    status = next
    deps.onStatus(status)
  }

  function config(): { url: string; token: string } | null {
    const relay = deps.settings.preferences().relay
    if (!relay.enabled || !relay.url || !relay.readToken) return null
    return { url: relay.url.replace(/\/+$/, ''), token: relay.readToken }
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sleeper = null
        resolve()
      }, ms)
      timer.unref?.()
      sleeper = { timer, resolve }
    })
  }

  /** Reads at most `limit` bytes of a response body; past it the rest is cancelled, never buffered. */
  async function readCapped(response: Response, limit: number): Promise<string | null> {
    if (!response.body) return ''
    const reader = response.body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.length
      if (size > limit) {
        await reader.cancel().catch(() => undefined)
        return null
      }
      chunks.push(value)
    }
    return Buffer.concat(chunks, size).toString('utf8')
  }

  /** Sets a delivery aside with its reason in the delivery log, so the cursor can move past it. */
  async function setAside(item: Exclude<CheckedItem, { kind: 'note' }>, status: number, reason: string): Promise<void> {
    deps.log(`[relay] ${reason}`)
    await deps.ingest.refuse(item.integrationId, item.request, status, reason)
  }

  /**
   * One poll: fetch what is after the cursor, ingest it, then move the cursor. A delivery that cannot be
   * ingested is retried on the next polls and set aside after QUARANTINE_AFTER_ATTEMPTS, so one poison item
   * never blocks the deliveries behind it.
   */
  async function pollOnce(url: string, token: string, waitSeconds: number): Promise<PollOutcome> {
    const cursor = (getCursor.get(url) as { seq: number } | undefined)?.seq ?? 0
    controller = new AbortController()
    const query = `after=${cursor}&wait=${waitSeconds}&limit=${pageItems}&maxBytes=${RELAY_PAGE_BYTES}`
    const response = await doFetch(`${url}/deliveries?${query}`, {
      headers: { authorization: `Bearer ${token}` },
      // A redirect could point the read token and the app at anyone: the configured URL is the relay.
      redirect: 'manual',
      signal: AbortSignal.any([controller.signal, AbortSignal.timeout((waitSeconds + 15) * 1000)]),
    })
    if (response.status >= 300 && response.status < 400)
      throw new Error(`the relay answered with a redirect (${response.status}); set the relay URL it points to instead`)
    if (response.status === 401 || response.status === 403)
      throw new Error('the relay refused the read token (401): check it in Settings → Relay')
    if (response.status === 404) throw new Error('the relay has no such channel (404): check the relay URL')
    if (!response.ok) throw new Error(`the relay answered ${response.status}`)
    const text = await readCapped(response, MAX_RELAY_RESPONSE_BYTES)
    if (text === null) {
      // Ask for fewer items next time; a relay that ignores `limit` keeps failing here, with this reason.
      pageItems = Math.max(1, Math.floor(pageItems / 2))
      throw new Error(`the relay sent a page over ${MAX_RELAY_RESPONSE_BYTES} bytes`)
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new Error('the relay answered something that is not JSON')
    }
    const page = checkPage(json, cursor, deps.now(), url)
    if (!page.ok) throw new Error(page.reason)
    if (page.skipped > 0) deps.log(`[relay] skipped ${page.skipped} item(s) without a seq after the cursor`)

    const catchingUp = catchUpNext && page.items.length > 0
    if (catchingUp) deps.notifier.beginCatchUp()
    let last = cursor
    let stalled = false
    const started = new Map<number, Promise<number>>()
    /**
     * The ingest status of the item at `index`, starting it and the deliveries right after it (up to
     * INGEST_GROUP, never past a note or a set-aside item) together: ingest is synchronous up to its group
     * commit, so they join one transaction in page order, each in its own savepoint. Their results are still
     * taken one by one, in order; after one that could not be stored, those behind it that were committed come
     * back on the next poll and are recorded as redeliveries (duplicate), never as new incidents.
     */
    const statusOf = (index: number): Promise<number> => {
      if (!started.has(index))
        for (let j = index; j < Math.min(page.items.length, index + INGEST_GROUP); j++) {
          const next = page.items[j]!
          if (next.kind !== 'ingest') break
          started.set(
            j,
            (async () => (await deps.ingest.ingest(next.integrationId, next.request)).status)().catch(() => 503),
          )
        }
      return started.get(index)!
    }
    try {
      for (const [index, item] of page.items.entries()) {
        // Between two groups, let a provider's request to the receiver be answered.
        if (index > 0 && !started.has(index)) await new Promise((resolve) => setImmediate(resolve))
        if (item.kind === 'note') {
          // A teammate's acknowledgement: it changes an incident we have, never makes one. Our own come back too.
          // Who posted it is the relay's word (the reader), never the note's.
          if (!item.fromSelf) deps.teamNotes?.apply(item.note, item.author)
          last = item.seq
          continue
        }
        if (item.kind === 'set-aside') {
          await setAside(item, item.status, item.reason)
          last = item.seq
          continue
        }
        // One at a time, in order: nothing after a delivery that could not be stored is taken before it.
        const status = await statusOf(index)
        if (status === 503) {
          // Storage trouble, or this one delivery: retry it a few times (with backoff), then set it aside.
          const tries = (attempts.get(item.seq) ?? 0) + 1
          attempts.set(item.seq, tries)
          if (tries < QUARANTINE_AFTER_ATTEMPTS) {
            stalled = true
            break
          }
          await setAside(
            item,
            503,
            `relay item ${item.seq} set aside after ${tries} failed attempts to store it; replay it from the delivery log`,
          )
          attempts.delete(item.seq)
        }
        last = item.seq
        setStatus({
          lastDeliveryAt: new Date(item.request.receivedAt).toISOString(),
          lagMs: Math.max(0, deps.now() - item.request.receivedAt),
        })
      }
    } finally {
      // Ingest hands each delivery to the notifier on setImmediate, after it answers; closing the digest on
      // setImmediate too runs it after all of them (setImmediate is FIFO).
      if (catchingUp) setImmediate(() => deps.notifier.endCatchUp())
      catchUpNext = false
      // Whatever was committed stays committed, even if something below threw.
      if (last > cursor) setCursor.run(url, last, deps.now())
    }
    if (last > cursor) {
      // Best effort: the relay's retention covers a lost ack.
      void doFetch(`${url}/ack`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ upTo: last }),
        redirect: 'manual',
      }).catch(() => undefined)
    }
    return { fetched: page.items.length, stalled }
  }

  async function run(): Promise<void> {
    let lastStart = 0
    let lastFetched = 0
    while (running) {
      // After an empty answer, never faster than this (see MIN_POLL_INTERVAL_MS); after items, at once.
      // Settings are read after the pause: a wake may have changed them.
      const since = Date.now() - lastStart
      if (lastFetched === 0 && since < minIntervalMs) await sleep(minIntervalMs - since)
      lastFetched = 0
      if (!running) break
      const cfg = config()
      if (!cfg) {
        setStatus({ state: 'off', error: null, lagMs: null })
        await sleep(60_000)
        continue
      }
      lastStart = Date.now()
      // Until the relay has accepted one poll, ask without waiting: the answer is what says "connected", not
      // the end of a 30-second long-poll.
      const connected = status.state === 'connected'
      const waitSeconds = connected ? (deps.waitSeconds ?? MAX_WAIT_SECONDS) : 0
      try {
        if (!connected) setStatus({ state: 'connecting' })
        const outcome = await pollOnce(cfg.url, cfg.token, waitSeconds)
        lastFetched = outcome.fetched
        // Once the relay answers: tell it the credential hashes to check, when they changed (cheap otherwise).
        await registrar.ensure(cfg.url, cfg.token)
        if (outcome.stalled) {
          const delay = backoff[Math.min(failures, backoff.length - 1)]!
          failures++
          setStatus({ state: 'connected', error: `a relayed delivery could not be stored; retrying in ${delay} s` })
          await sleep(delay * 1000)
          continue
        }
        failures = 0
        setStatus({ state: 'connected', error: null })
        if (!connected) deps.teamNotes?.wake()
        if (deps.intervalMs) await sleep(deps.intervalMs)
        // An empty page long before the wait asked for: this relay does not long-poll; do not spin on it.
        else if (outcome.fetched === 0 && waitSeconds > 0 && Date.now() - lastStart < 1000) await sleep(EMPTY_ANSWER_PAUSE_MS)
      } catch (error) {
        if (!running) break
        if ((error as Error).name === 'AbortError' && controller?.signal.aborted) continue // woken on purpose
        const delay = backoff[Math.min(failures, backoff.length - 1)]!
        failures++
        const message = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message
        if (status.state !== 'disconnected') deps.log(`[relay] disconnected: ${message}; retrying in ${delay} s`)
        setStatus({ state: 'disconnected', error: message })
        await sleep(delay * 1000)
      }
    }
  }

  /** Integrations and secrets change outside the poll loop (API, CLI, another window): look every few seconds. */
  let registration: NodeJS.Timeout | null = null

  return {
    start(): void {
      if (running) return
      running = true
      loop = run()
      registration = setInterval(() => {
        const cfg = config()
        if (cfg && status.state === 'connected') void registrar.ensure(cfg.url, cfg.token)
      }, REGISTRATION_CHECK_MS)
      registration.unref?.()
    },
    stop(): Promise<void> {
      running = false
      if (registration) clearInterval(registration)
      controller?.abort()
      if (sleeper) {
        clearTimeout(sleeper.timer)
        sleeper.resolve()
      }
      return loop ?? Promise.resolve()
    },
    /** After sleep or a settings change: poll now, and show what piled up as one digest. */
    wake(options: { catchUp?: boolean } = {}): void {
      if (options.catchUp) catchUpNext = true
      failures = 0
      controller?.abort()
      if (sleeper) {
        clearTimeout(sleeper.timer)
        sleeper.resolve()
        sleeper = null
      }
    },
    status: () => status,
    /** The public URL a provider posts to for this integration, when a relay is configured. */
    urlFor(integrationId: string): string | null {
      const relay = deps.settings.preferences().relay
      if (!relay.url) return null
      return `${relay.url.replace(/\/+$/, '')}?integration=${encodeURIComponent(integrationId)}`
    },
  }
}

export type RelayPoller = ReturnType<typeof createRelayPoller>
