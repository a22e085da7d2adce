// A real relay process and a real app core: the relay keeps deliveries verbatim, the app verifies them.
// The same suite runs on each relay store: SQLite, and PostgreSQL on a throwaway cluster.
import { gzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRelayServer } from '../../src/relay/relay-server'
import { fixture } from '../fixtures/load'
import { addRelayChannel, relayCli } from '../helpers/cli'
import { RELAY_BACKENDS, startRelayBackend, stopPostgres, type RelayBackend } from '../helpers/relay-backend'
import { hmacHex, SIGNERS } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

afterAll(() => stopPostgres())

describe.each(RELAY_BACKENDS)('hookbell relay on %s', (backendName) => {
  let backend: RelayBackend
  let relayDir: string
  let relay: Awaited<ReturnType<typeof relayCli>>
  let channel: { url: string; token: string }
  let t: TestCore | null = null

  beforeAll(async () => {
    backend = await startRelayBackend(backendName)
    relayDir = backend.dataDir
    relay = await relayCli(relayDir, backend.args)
    channel = await addRelayChannel(relayDir, relay.base, backend.args)
  })
  afterAll(async () => {
    await relay.stop()
    await backend.stop()
  })
  afterEach(async () => {
    await t?.stop()
    t = null
  })

  /** An app core using the relay, with a short long-poll so tests end quickly. */
  async function appWithRelay(token = channel.token, dataDir?: string) {
    const core = await startCore({ dataDir })
    await core.api['settings.update']({ relay: { url: channel.url, readToken: token, enabled: true } })
    return core
  }

  const all = async (core: TestCore) =>
    (await core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'], limit: 500 })).incidents

  it('a signed delivery posted to the relay becomes an incident in the app', async () => {
    t = await appWithRelay()
    const { integration, secret } = await t.api['integrations.create']({ provider: 'checkly' })
    expect(integration.relayUrl).toBe(`${channel.url}?integration=${encodeURIComponent(integration.id)}`)
    const body = fixture('checkly', 'failure')
    const posted = await fetch(integration.relayUrl!, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...SIGNERS.checkly!(secret!, body) },
    })
    expect(posted.status).toBe(202)
    await eventually(async () => expect(await all(t!)).toHaveLength(1))
    const { deliveries } = await t.api['deliveries.list']({})
    expect(deliveries[0]).toMatchObject({ via: 'relay', outcome: 'accepted' })
    await eventually(async () =>
      expect((await t!.api['status.get']({})).relay).toMatchObject({ state: 'connected', lastDeliveryAt: expect.any(String) }),
    )
  })

  it('a delivery altered on the relay is rejected by the app as a bad signature', async () => {
    const core = await startCore()
    t = core
    const { integration, secret } = await core.api['integrations.create']({ provider: 'generic' })
    const body = fixture('generic', 'triggered')
    await fetch(`${channel.url}?integration=${integration.id}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret!, body)}` },
    })
    // A compromised relay rewrites what it stored before the app polls.
    await backend.sql('UPDATE deliveries SET body = ? WHERE seq = (SELECT MAX(seq) FROM deliveries)', [
      Buffer.from(body.replace('critical', 'info')),
    ])
    await core.api['settings.update']({ relay: { url: channel.url, readToken: channel.token, enabled: true } })
    await eventually(async () =>
      expect((await t!.api['deliveries.list']({})).deliveries[0]).toMatchObject({
        via: 'relay',
        status: 401,
        reason: expect.stringMatching(/signature mismatch/),
      }),
    )
    expect(await all(core)).toHaveLength(0)
  })

  it('a delivery that arrives both directly and through the relay is one delivery', async () => {
    t = await startCore()
    const { integration, secret } = await t.api['integrations.create']({ provider: 'generic' })
    const body = fixture('generic', 'triggered')
    const headers = { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret!, body)}` }
    expect((await t.post(integration.id, body, headers)).status).toBe(202)
    await fetch(`${channel.url}?integration=${integration.id}`, { method: 'POST', body, headers })
    await t.api['settings.update']({ relay: { url: channel.url, readToken: channel.token, enabled: true } })
    await eventually(async () =>
      expect((await t!.api['deliveries.list']({})).deliveries.map((d) => `${d.via}:${d.outcome}`)).toEqual([
        'relay:duplicate',
        'direct:accepted',
      ]),
    )
    expect((await all(t))[0]!.occurrences).toBe(1)
  })

  it('says "connected" as soon as the relay accepts a poll, not when a 30 s long-poll ends', async () => {
    const quiet = await addRelayChannel(relayDir, relay.base, backend.args) // nothing waiting on it
    t = await startCore({ relayPolling: { waitSeconds: 30 } })
    await t.api['settings.update']({ relay: { url: quiet.url, readToken: quiet.token, enabled: true } })
    await eventually(
      async () => expect((await t!.api['status.get']({})).relay).toMatchObject({ state: 'connected', error: null }),
      3000,
    )
  })

  it('drains a backlog page after page, without the pause that guards against empty answers', async () => {
    const backlog = await addRelayChannel(relayDir, relay.base, backend.args)
    // The pause between polls is 10 s here: 300 deliveries in pages of 16 would take minutes; in pages of
    // 100 read back to back, a second or two.
    t = await startCore({ relayPolling: { waitSeconds: 30, minIntervalMs: 10_000 } })
    const secret = 'hbk_backlog-secret-0123456789'
    const { integration } = await t.api['integrations.create']({ provider: 'generic', secret })
    for (let i = 0; i < 300; i += 20)
      await Promise.all(
        Array.from({ length: 20 }, async (_, k) => {
          const body = JSON.stringify({ summary: `Backlog ${i + k}`, dedup_key: `backlog-${i + k}`, severity: 'error' })
          const answer = await fetch(`${backlog.url}?integration=${integration.id}`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret, body)}` },
          })
          expect(answer.status).toBe(202)
        }),
      )
    await t.api['settings.update']({ relay: { url: backlog.url, readToken: backlog.token, enabled: true } })
    await eventually(async () => expect(await all(t!)).toHaveLength(300), 8000)
  })

  it('answers at most the items asked for, oldest first', async () => {
    const small = await addRelayChannel(relayDir, relay.base, backend.args)
    for (let i = 0; i < 3; i++) await fetch(`${small.url}?integration=gen`, { method: 'POST', body: `{"n":${i}}` })
    const page = (await (
      await fetch(`${small.url}/deliveries?after=0&limit=2`, { headers: { authorization: `Bearer ${small.token}` } })
    ).json()) as { deliveries: { seq: number }[]; latestSeq: number }
    expect(page.deliveries.map((d) => d.seq)).toEqual([1, 2])
    expect(page.latestSeq).toBe(3)
  })

  it('serves from the store it was started on', async () => {
    expect(await (await fetch(`${relay.base}/healthz`)).json()).toEqual({ ok: true, store: backendName })
  })

  it('a wrong read token is refused with 401 and the app says so in status', async () => {
    const response = await fetch(`${channel.url}/deliveries?after=0`, { headers: { authorization: 'Bearer hbr_wrong' } })
    expect(response.status).toBe(401)
    t = await appWithRelay('hbr_wrong')
    await eventually(async () =>
      expect((await t!.api['status.get']({})).relay).toMatchObject({
        state: 'disconnected',
        error: expect.stringMatching(/refused the read token/),
      }),
    )
  })

  it('keeps undelivered items across a relay restart', async () => {
    t = await startCore()
    const { integration, secret } = await t.api['integrations.create']({ provider: 'generic' })
    const body = JSON.stringify({ summary: 'Kept across restart', dedup_key: 'restart' })
    await fetch(`${channel.url}?integration=${integration.id}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret!, body)}` },
    })
    await relay.stop()
    relay = await relayCli(relayDir, backend.args)
    channel = { ...channel, url: channel.url.replace(/^http:\/\/[^/]+/, relay.base) }
    await t.api['settings.update']({ relay: { url: channel.url, readToken: channel.token, enabled: true } })
    await eventually(async () => expect((await all(t!)).map((i) => i.title)).toContain('Kept across restart'))
  })

  it('answers 413 over 1 MiB, 404 for an unknown channel, and 503 with Retry-After when a channel floods', async () => {
    expect(
      (
        await fetch(`${channel.url}?integration=gen`, {
          method: 'POST',
          body: 'x'.repeat(1024 * 1024 + 1),
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(413)
    expect((await fetch(`${relay.base}/r/ch_nope?integration=x`, { method: 'POST', body: '{}' })).status).toBe(404)
    // The channel URL without ?integration= (a tool set up with what `relay add` printed) would be refused by
    // the laptop as an unknown integration after the relay answered 202: refused here, with what to use.
    // The app refuses a compressed body, so the relay does too, before a 202.
    const gzipped = await fetch(`${channel.url}?integration=gen`, {
      method: 'POST',
      body: gzipSync('{"alerts":[]}'),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    })
    expect(gzipped.status).toBe(415)
    expect(await gzipped.json()).toMatchObject({
      error: { message: 'Content-Encoding gzip is not supported; send the body uncompressed' },
    })
    for (const query of ['', '?integration=', '?integration']) {
      const bare = await fetch(`${channel.url}${query}`, {
        method: 'POST',
        body: '{"alerts":[]}',
        headers: { 'content-type': 'application/json' },
      })
      expect(bare.status).toBe(400)
      expect(await bare.json()).toMatchObject({
        error: { code: 'missing_integration', message: expect.stringMatching(/no \?integration=<id>: copy the full relay URL/) },
      })
    }
    const own = await backend.fresh()
    const store = await own.openStore()
    const { id } = await store.addChannel('rate', 'laptop', Date.now())
    const server = createRelayServer({ store, host: '127.0.0.1', port: 0, rate: { perSecond: 1, burst: 3 } })
    const port = await server.start()
    const statuses = []
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`http://127.0.0.1:${port}/r/${id}?integration=am1`, { method: 'POST', body: '{}' })
      statuses.push(r.status)
      if (r.status === 503) expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    }
    expect(statuses).toEqual([202, 202, 202, 503, 503])
    await server.stop()
    await own.stop()
  })

  it('stores read tokens hashed, never as given', async () => {
    const rows = (await backend.sql('SELECT token_hash FROM readers')) as { token_hash: string }[]
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.some((r) => r.token_hash === channel.token)).toBe(false)
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true)
  })

  it('after sleep, what piled up on the relay is one digest, not a burst of toasts', async () => {
    t = await startCore()
    const { integration, secret } = await t.api['integrations.create']({ provider: 'generic' })
    for (let i = 0; i < 7; i++) {
      const body = JSON.stringify({
        summary: `While asleep ${i}`,
        dedup_key: `sleep-${i}`,
        severity: 'error',
        status: i < 5 ? 'triggered' : 'resolved',
      })
      await fetch(`${channel.url}?integration=${integration.id}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret!, body)}` },
      })
    }
    t.core.relay.wake({ catchUp: true })
    await t.api['settings.update']({ relay: { url: channel.url, readToken: channel.token, enabled: true } })
    await eventually(() => expect(t!.toasts).toHaveLength(1))
    expect(t.toasts[0]).toMatchObject({ title: expect.stringMatching(/^\d+ incidents? while asleep, \d+ still open$/) })
    await new Promise((r) => setTimeout(r, 100))
    expect(t.toasts).toHaveLength(1)
  })
})
