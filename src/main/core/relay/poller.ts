// Long-polls a relay channel and feeds each delivery through the same ingest as a direct one. The cursor is
// saved in the same database right after the batch commits, so a crash replays (and dedupe absorbs the
// replay) instead of losing deliveries.
import type { StatusView } from '../../../shared/model'
import type { Ingest } from '../ingest/pipeline'
import type { Notifier } from '../notify/notifier'
import type { Settings } from '../settings/settings'
import type { Db } from '../../../server-common/sqlite'
import { MAX_WAIT_SECONDS, type RelayPage } from '../../../server-common/relay-protocol'

/** Reconnect backoff after errors (ntfy's schedule), in seconds. */
export const RELAY_BACKOFF_S = [5, 10, 20, 30, 60, 120]

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

  /** One poll: fetch what is after the cursor, ingest it, then move the cursor. Returns how many it took. */
  async function pollOnce(url: string, token: string, waitSeconds: number): Promise<number> {
    const cursor = (getCursor.get(url) as { seq: number } | undefined)?.seq ?? 0
    controller = new AbortController()
    const response = await doFetch(`${url}/deliveries?after=${cursor}&wait=${waitSeconds}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.any([controller.signal, AbortSignal.timeout((waitSeconds + 15) * 1000)]),
    })
    if (response.status === 401 || response.status === 403)
      throw new Error('the relay refused the read token (401): check it in Settings → Relay')
    if (response.status === 404) throw new Error('the relay has no such channel (404): check the relay URL')
    if (!response.ok) throw new Error(`the relay answered ${response.status}`)
    const page = (await response.json()) as RelayPage
    if (!Array.isArray(page.deliveries)) throw new Error('the relay answered something that is not a delivery page')

    const catchingUp = catchUpNext && page.deliveries.length > 0
    if (catchingUp) deps.notifier.beginCatchUp()
    let last = cursor
    try {
      for (const d of page.deliveries) {
        const integrationId = new URLSearchParams(d.query).get('integration') ?? ''
        const result = deps.ingest.ingest(integrationId, {
          method: d.method,
          headers: d.headers,
          query: d.query,
          body: Buffer.from(d.body, 'base64'),
          receivedAt: d.receivedAt,
          via: 'relay',
        })
        // Storage trouble: stop here without moving the cursor past it; it is fetched again next time.
        if (result.status === 503) break
        last = d.seq
        setStatus({ lastDeliveryAt: new Date(d.receivedAt).toISOString(), lagMs: Math.max(0, deps.now() - d.receivedAt) })
      }
    } finally {
      // Ingest hands each delivery to the notifier on setImmediate, after it answers; closing the digest on
      // setImmediate too runs it after all of them (setImmediate is FIFO).
      if (catchingUp) setImmediate(() => deps.notifier.endCatchUp())
      catchUpNext = false
    }
    if (last > cursor) {
      setCursor.run(url, last, deps.now())
      // Best effort: the relay's retention covers a lost ack.
      void doFetch(`${url}/ack`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ upTo: last }),
      }).catch(() => undefined)
    }
    return page.deliveries.length
  }

  async function run(): Promise<void> {
    while (running) {
      const cfg = config()
      if (!cfg) {
        setStatus({ state: 'off', error: null, lagMs: null })
        await sleep(60_000)
        continue
      }
      try {
        if (status.state !== 'connected') setStatus({ state: 'connecting' })
        await pollOnce(cfg.url, cfg.token, deps.waitSeconds ?? MAX_WAIT_SECONDS)
        failures = 0
        setStatus({ state: 'connected', error: null })
        if (deps.intervalMs) await sleep(deps.intervalMs)
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

  return {
    start(): void {
      if (running) return
      running = true
      loop = run()
    },
    stop(): Promise<void> {
      running = false
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
