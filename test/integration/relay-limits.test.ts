// The relay server under abuse: what a sender can make it hold (time, sockets, requests, bytes) is bounded,
// every refusal is a clear status, and a malformed acknowledgement is a 400 that says what to send. Runs on
// each relay store where the store takes part (the byte quota).
import { rmSync } from 'node:fs'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createRelayServer, type RelayServerOptions } from '../../src/relay/relay-server'
import type { RelayStore } from '../../src/relay/store/types'
import { addRelayChannel, relayCli, runCli } from '../helpers/cli'
import { openSocket, postFrom } from '../helpers/raw-http'
import { RELAY_BACKENDS, startRelayBackend, stopPostgres, type RelayBackend } from '../helpers/relay-backend'
import { tempDir } from '../helpers/test-core'

afterAll(() => stopPostgres())

let cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

async function relayOn(name: (typeof RELAY_BACKENDS)[number], options: Partial<RelayServerOptions> = {}) {
  const backend: RelayBackend = await startRelayBackend(name)
  const store: RelayStore = await backend.openStore()
  const { id, token } = await store.addChannel('laptop', 'laptop', Date.now())
  const server = createRelayServer({ store, host: '127.0.0.1', port: 0, log: () => undefined, ...options })
  const port = await server.start()
  cleanup.push(async () => {
    await server.stop()
    await backend.stop()
  })
  const base = `http://127.0.0.1:${port}`
  const read = (path: string, init: RequestInit = {}) =>
    fetch(`${base}/r/${id}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } })
  return { base, port, store, channel: id, token, url: `${base}/r/${id}`, post: `${base}/r/${id}?integration=am1`, read }
}

describe('relay connections and time', () => {
  it('closes the connection after a 413 instead of reading the rest of the body', async () => {
    const r = await relayOn('sqlite')
    const socket = openSocket(r.port)
    await socket.connected
    const started = Date.now()
    await socket.write(
      `POST /r/${r.channel}?integration=am1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n{"a":"`,
    )
    const trickle = setInterval(() => socket.socket.writable && socket.socket.write('a'.repeat(1024)), 100)
    const closedAt = await socket.closed
    clearInterval(trickle)
    expect(socket.received()).toMatch(/^HTTP\/1\.1 413/)
    expect(socket.received().toLowerCase()).toContain('connection: close')
    expect(closedAt - started).toBeLessThan(5_000)
  })

  it('hangs up on a body that trickles past the request timeout, while a long-poll waits longer than it', async () => {
    const r = await relayOn('sqlite', { limits: { headersTimeoutMs: 1000, requestTimeoutMs: 1500 } })
    const longPoll = r.read('/deliveries?after=0&wait=4')
    const socket = openSocket(r.port)
    await socket.connected
    const started = Date.now()
    await socket.write(
      `POST /r/${r.channel}?integration=am1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
    )
    const trickle = setInterval(() => socket.socket.writable && socket.socket.write(' '), 200)
    const closed = await Promise.race([socket.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 8000))])
    clearInterval(trickle)
    socket.socket.destroy()
    expect(closed).not.toBeNull()
    expect(closed! - started).toBeLessThan(5000)
    expect(socket.received()).toMatch(/^HTTP\/1\.1 408|^$/)
    // Posted after the request timeout has passed: the long-poll is still waiting, and gets it.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 2000 - (Date.now() - started))))
    expect((await postFrom(r.post, '{"late":true}', {})).status).toBe(202)
    const page = (await (await longPoll).json()) as { deliveries: { seq: number }[] }
    expect(page.deliveries.map((d) => d.seq)).toEqual([1])
  })
})

describe('pages the app can parse without stalling', () => {
  it('cuts a page to the bytes asked for, always giving at least one item', async () => {
    const r = await relayOn('sqlite')
    const body = JSON.stringify({ summary: 'x'.repeat(1000) })
    for (let i = 0; i < 3; i++) expect((await postFrom(r.post, body, {})).status).toBe(202)
    const seqs = async (query: string) =>
      ((await (await r.read(`/deliveries?after=0${query}`)).json()) as { deliveries: { seq: number }[] }).deliveries.map(
        (d) => d.seq,
      )
    expect(await seqs('')).toEqual([1, 2, 3])
    expect(await seqs('&maxBytes=3000')).toEqual([1, 2])
    expect(await seqs('&maxBytes=10')).toEqual([1])
  })
})

describe('relay rate limits per source address', () => {
  it('answers a flood from one address with 503 and Retry-After, while another address still delivers', async () => {
    const r = await relayOn('sqlite', { limits: { perSource: { perSecond: 1, burst: 30 } } })
    const statuses: number[] = []
    let limited: Awaited<ReturnType<typeof postFrom>> | null = null
    for (let i = 0; i < 20 && !limited; i++) {
      const answer = await postFrom(`${r.base}/r/ch_guess${i}`, '{}', {}, '127.0.0.2')
      statuses.push(answer.status)
      if (answer.status === 503) limited = answer
    }
    // Each unknown channel costs 1 + 10 tokens: the third guess is refused before any lookup.
    expect(statuses).toEqual([404, 404, 404, 503])
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(limited!.headers.connection).toBe('close')
    expect(JSON.parse(limited!.body)).toMatchObject({ error: { code: 'rate_limited' } })
    expect((await postFrom(r.post, '{"ok":1}', {}, '127.0.0.1')).status).toBe(202)
  })

  it('slows token guessing on the read endpoints too', async () => {
    const r = await relayOn('sqlite', { limits: { readsPerSource: { perSecond: 1, burst: 30 } } })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++)
      statuses.push((await fetch(`${r.url}/deliveries?after=0`, { headers: { authorization: `Bearer hbr_guess${i}` } })).status)
    expect(statuses).toEqual([401, 401, 401, 503])
  })

  it("never counts a reader's polls against the bucket its address's senders fill", async () => {
    const r = await relayOn('sqlite', { limits: { perSource: { perSecond: 0.01, burst: 5 } } })
    const posts: number[] = []
    for (let i = 0; i < 8; i++) posts.push((await postFrom(r.post, `{"n":${i}}`, {}, '127.0.0.1')).status)
    expect(posts).toEqual([202, 202, 202, 202, 202, 503, 503, 503])
    // The sender from 127.0.0.1 is throttled (and would retry); the laptop polling from the same address is not.
    for (let i = 0; i < 10; i++) {
      const poll = await r.read(`/deliveries?after=${i % 5}`)
      expect(poll.status).toBe(200)
      await poll.arrayBuffer()
    }
    expect((await r.read('/ack', { method: 'POST', body: '{"upTo":5}' })).status).toBe(200)
    expect((await postFrom(r.post, '{"n":9}', {}, '127.0.0.1')).status).toBe(503)
  })

  it('behind a proxy (--trust-proxy), tells clients apart by X-Forwarded-For', async () => {
    const r = await relayOn('sqlite', { limits: { perSource: { perSecond: 1, burst: 2 }, trustProxy: true } })
    const from = (client: string) => postFrom(r.post, '{}', { 'x-forwarded-for': `10.0.0.9, ${client}` })
    expect([(await from('203.0.113.7')).status, (await from('203.0.113.7')).status, (await from('203.0.113.7')).status]).toEqual([
      202, 202, 503,
    ])
    expect((await from('198.51.100.4')).status).toBe(202)
  })
})

describe('malformed acknowledgements', () => {
  it.each([
    ['not JSON', 'upTo', /not JSON/],
    ['null', 'null', /must be a JSON object/],
    ['an array', '[3]', /must be a JSON object/],
    ['a string seq', '{"upTo":"3"}', /upTo must be a delivery seq/],
    ['a negative seq', '{"upTo":-1}', /upTo must be a delivery seq/],
    ['empty', '', /not JSON/],
  ])('answers %s with 400 and what to send', async (_name, body, message) => {
    const r = await relayOn('sqlite')
    const answer = await r.read('/ack', { method: 'POST', body, headers: { 'content-type': 'application/json' } })
    expect(answer.status).toBe(400)
    expect(await answer.json()).toMatchObject({ error: { code: 'bad_ack', message: expect.stringMatching(message) } })
  })
})

describe.each(RELAY_BACKENDS)('the byte quota per channel on %s', (name) => {
  it('answers 507 with the reason once a channel is full, and takes deliveries again once a reader acknowledges', async () => {
    const r = await relayOn(name, { limits: { maxBytesPerChannel: 2500 } })
    const body = JSON.stringify({ summary: 'x'.repeat(1000) })
    expect((await postFrom(r.post, body, {})).status).toBe(202)
    expect((await postFrom(r.post, body, {})).status).toBe(202)
    const full = await postFrom(r.post, body, {})
    expect(full.status).toBe(507)
    expect(Number(full.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(JSON.parse(full.body)).toMatchObject({
      error: { code: 'channel_full', message: expect.stringMatching(/not yet acknowledged by its readers.*quota/) },
    })
    expect(await r.store.heldBytes(r.channel)).toBe(2 * body.length)
    // A small note from a reader still gets through: the quota is for what providers post.
    expect((await r.read('/ack', { method: 'POST', body: '{"upTo":1}' })).status).toBe(200)
    expect(await r.store.heldBytes(r.channel)).toBe(body.length)
    expect((await postFrom(r.post, body, {})).status).toBe(202)
  })
})

describe('hookbell relay rate settings', () => {
  it('lists every limit in --help and applies --source-rate/--source-burst', async () => {
    const help = await runCli(['relay', '--help'])
    for (const flag of ['channel', 'source', 'reader'])
      expect(help.stdout).toMatch(new RegExp(`--${flag}-rate <per-second>[\\s\\S]*--${flag}-burst <n>`))
    expect(help.stdout).toMatch(/--channel-max-items <n>/)
    const dir = tempDir('hookbell-relay-rates-')
    const relay = await relayCli(dir, ['--source-rate', '1', '--source-burst', '2'])
    cleanup.push(async () => {
      await relay.stop()
      rmSync(dir, { recursive: true, force: true })
    })
    const channel = await addRelayChannel(dir, relay.base)
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await postFrom(`${channel.url}?integration=gen`, '{}', {})).status)
    expect(statuses).toEqual([202, 202, 503])
    expect((await runCli(['relay', '--source-rate', 'lots'])).stderr).toMatch(/--source-rate takes a whole number above 0/)
  })
})

describe('hookbell relay --channel-quota', () => {
  it('sets the byte quota per channel in megabytes', async () => {
    const dir = tempDir('hookbell-relay-quota-')
    const relay = await relayCli(dir, ['--channel-quota', '0.002'])
    cleanup.push(async () => {
      await relay.stop()
      rmSync(dir, { recursive: true, force: true })
    })
    const channel = await addRelayChannel(dir, relay.base)
    const body = JSON.stringify({ summary: 'x'.repeat(1000) })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await postFrom(`${channel.url}?integration=gen`, body, {})).status)
    expect(statuses).toEqual([202, 202, 507])
  })
})
