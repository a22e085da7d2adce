// The receiver under abuse: what a sender can make it hold (disk, sockets, time) is bounded, and every
// refusal is a clear status with a delivery-log entry.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DeliveryView } from '../../src/shared/model'
import { REFUSED_PREVIEW_BYTES } from '../../src/main/core/store/delivery-log'
import { FIELD_LIMITS } from '../../src/main/core/limits/field-limits'
import { openSocket, postFrom } from '../helpers/raw-http'
import { hmacHex } from '../helpers/sign'
import { startCore, type TestCore } from '../helpers/test-core'
import { createHttpApi } from '../../src/main/headless/http-api'
import type { CoreOptions } from '../../src/main/core/create-core'

let t: TestCore | null = null
afterEach(async () => {
  await t?.stop()
  t = null
})

async function setup(options: Partial<CoreOptions> = {}) {
  t = await startCore(options)
  const created = await t.api['integrations.create']({ provider: 'generic', name: 'Gateway' })
  const id = created.integration.id
  const secret = created.secret!
  const sign = (body: string) => ({ 'x-signature': `sha256=${hmacHex(secret, body)}` })
  return { t, id, sign }
}

const deliveries = async (core: TestCore): Promise<DeliveryView[]> => (await core.api['deliveries.list']({})).deliveries
const folderBytes = (dir: string) => readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
const randomId = () => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex')

describe('refused deliveries keep little', () => {
  it('100 posts of ~1 MiB to random ids grow the data folder by a few MB at most, each answered 404 or 503', async () => {
    const { t } = await setup()
    const before = folderBytes(t.dataDir)
    const junk = JSON.stringify({ summary: 'x', padding: 'a'.repeat(1024 * 1024 - 100) })
    const statuses: number[] = []
    for (let i = 0; i < 100; i++) statuses.push((await postFrom(`${t.base}/hooks/${randomId()}`, junk, {})).status)
    expect(new Set(statuses)).toEqual(new Set([404, 503]))
    const grown = folderBytes(t.dataDir) - before
    expect(grown).toBeLessThan(5 * 1024 * 1024)
    const log = await deliveries(t)
    const notFound = log.filter((d) => d.status === 404)
    expect(notFound.length).toBeGreaterThan(0)
    expect(notFound[0]).toMatchObject({
      outcome: 'rejected',
      size: junk.length,
      reason: expect.stringMatching(/unknown integration/),
    })
    // A preview is kept to diagnose with; it cannot be replayed, and says so.
    await expect(t.api['deliveries.replay']({ id: notFound[0]!.id })).rejects.toThrow(/no stored body/)
    // Logged once per run of refusals, not once per refused post.
    const limitedEntries = log.filter((d) => d.status === 503).length
    expect(limitedEntries).toBeGreaterThanOrEqual(1)
    expect(limitedEntries).toBeLessThan(statuses.filter((s) => s === 503).length / 4)
    expect(log.find((d) => d.status === 503)!.reason).toMatch(/rate limited: too many deliveries from 127\.0\.0\.1/)
    expect(REFUSED_PREVIEW_BYTES).toBeLessThanOrEqual(8192)
  })

  it('keeps the whole body of a bad-signature refusal so it can be replayed once the secret is fixed', async () => {
    const { t, id } = await setup()
    const body = JSON.stringify({ summary: 'Disk full', padding: 'p'.repeat(20_000) })
    const answer = await postFrom(`${t.base}/hooks/${id}`, body, { 'x-signature': `sha256=${hmacHex('the-old-secret', body)}` })
    expect(answer.status).toBe(401)
    const [refused] = await deliveries(t)
    await t.api['integrations.update']({ id, secret: 'the-old-secret' })
    expect(await t.api['deliveries.replay']({ id: refused!.id })).toMatchObject({ outcome: 'accepted' })
  })
})

describe('rate limits', () => {
  it('answers a flood to unknown ids with 503 and Retry-After, while a known integration from the same source still gets in', async () => {
    const { t, id, sign } = await setup()
    let limited: Awaited<ReturnType<typeof postFrom>> | null = null
    for (let i = 0; i < 40 && !limited; i++) {
      const answer = await postFrom(`${t.base}/hooks/${randomId()}`, '{}', {})
      if (answer.status === 503) limited = answer
      else expect(answer.status).toBe(404)
    }
    expect(limited).not.toBeNull()
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(limited!.headers.connection).toBe('close')
    const body = JSON.stringify({ summary: 'Real alert', dedup_key: 'real' })
    expect((await postFrom(`${t.base}/hooks/${id}`, body, sign(body))).status).toBe(202)
  })

  it('slows a sender that only gets refusals for a known integration sooner than one that is accepted', async () => {
    const { t, id, sign } = await setup({ receiverLimits: { known: { perSecond: 1, burst: 30 } } })
    const statuses: number[] = []
    for (let i = 0; i < 10; i++)
      statuses.push((await postFrom(`${t.base}/hooks/${id}`, '{"summary":"x"}', { 'x-signature': 'sha256=00' })).status)
    // Each refusal costs 1 + 10 tokens: the third is already refused.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401])
    expect(statuses.slice(3)).toContain(503)
    // Another source is not affected.
    const body = JSON.stringify({ summary: 'ok', dedup_key: 'b' })
    expect((await postFrom(`${t.base}/hooks/${id}`, body, sign(body), '127.0.0.2')).status).toBe(202)
  })

  it('stores a signed storm far past the burst, while redeliveries and refusals from the same source are slowed', async () => {
    const { t, id, sign } = await setup({ receiverLimits: { known: { perSecond: 1, burst: 10 } } })
    const storm = Array.from({ length: 60 }, (_, i) =>
      JSON.stringify({ summary: `KubePodCrashLooping pod-${i}`, dedup_key: `pod-${i}`, severity: 'critical' }),
    )
    // A few at a time, as Alertmanager's parallel notifications arrive (fewer than the burst in flight).
    const statuses: number[] = []
    for (let i = 0; i < storm.length; i += 5)
      statuses.push(
        ...(await Promise.all(storm.slice(i, i + 5).map((b) => postFrom(`${t.base}/hooks/${id}`, b, sign(b))))).map(
          (a) => a.status,
        ),
      )
    expect(statuses).toEqual(storm.map(() => 202))
    expect((await t.api['incidents.list']({ limit: 100 })).incidents).toHaveLength(60)
    // The same signed body replayed over and over is not new: it pays its token and is slowed.
    const replays: number[] = []
    for (let i = 0; i < 20; i++) replays.push((await postFrom(`${t.base}/hooks/${id}`, storm[0]!, sign(storm[0]!))).status)
    expect(replays.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
    expect(replays).toContain(503)
  })
})

describe('parse-time and per-field limits', () => {
  it('answers JSON nested 5,000 levels deep with 400 and the reason, once (not 503 for ever)', async () => {
    const { t, id, sign } = await setup()
    const body = `{"summary":"deep","x":${'['.repeat(5000)}${']'.repeat(5000)}}`
    const answer = await postFrom(`${t.base}/hooks/${id}`, body, sign(body))
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body)).toMatchObject({ error: { message: 'JSON nested deeper than 64 levels' } })
    expect((await deliveries(t))[0]).toMatchObject({ status: 400, reason: 'JSON nested deeper than 64 levels' })
    expect(t.logs.join('\n')).not.toMatch(/could not commit/)
  })

  it('stores a 1,040,000-character title cut to the title limit', async () => {
    const { t, id, sign } = await setup()
    const body = JSON.stringify({ summary: 'T'.repeat(1_040_000), dedup_key: 'long' })
    expect((await postFrom(`${t.base}/hooks/${id}`, body, sign(body))).status).toBe(202)
    const { incidents } = await t.api['incidents.list']({})
    expect(incidents[0]!.title).toHaveLength(FIELD_LIMITS.title!)
  })
})

describe('connections', () => {
  it('closes the connection after a 413 instead of reading the rest of the body', async () => {
    const { t, id } = await setup()
    const socket = openSocket(Number(new URL(t.base).port))
    await socket.connected
    const started = Date.now()
    await socket.write(
      `POST /hooks/${id} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n{"a":"`,
    )
    // Keep trickling, as a slow attacker would; the server must hang up anyway.
    const trickle = setInterval(() => socket.socket.writable && socket.socket.write('a'.repeat(1024)), 100)
    const closedAt = await socket.closed
    clearInterval(trickle)
    expect(socket.received()).toMatch(/^HTTP\/1\.1 413/)
    expect(socket.received().toLowerCase()).toContain('connection: close')
    expect(closedAt - started).toBeLessThan(5_000)
    expect((await deliveries(t))[0]).toMatchObject({ status: 413, outcome: 'rejected' })
  })

  it('caps connections per source: idle sockets from one host do not keep another host out', async () => {
    const { t, id, sign } = await setup({ receiverLimits: { connectionsPerSource: 5 } })
    const port = Number(new URL(t.base).port)
    const sockets = Array.from({ length: 12 }, () => openSocket(port))
    await Promise.all(sockets.map((s) => s.connected))
    // Past the cap the server hangs up at once.
    await Promise.race([Promise.all(sockets.slice(5).map((s) => s.closed)), new Promise((r) => setTimeout(r, 3000))])
    const open = sockets.filter((s) => !s.socket.destroyed && s.socket.readyState === 'open')
    expect(open.length).toBeLessThanOrEqual(5)
    const body = JSON.stringify({ summary: 'through', dedup_key: 'c' })
    expect((await postFrom(`${t.base}/hooks/${id}`, body, sign(body), '127.0.0.2')).status).toBe(202)
    for (const s of sockets) s.socket.destroy()
  })

  it('hangs up on a socket that trickles its headers past the headers timeout', async () => {
    const { t } = await setup({ receiverLimits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 } })
    const socket = openSocket(Number(new URL(t.base).port))
    await socket.connected
    await socket.write('POST /hooks/x HTTP/1.1\r\n')
    const trickle = setInterval(() => socket.socket.writable && socket.socket.write('X-A: b\r\n'), 200)
    const closed = await Promise.race([socket.closed, new Promise<null>((r) => setTimeout(() => r(null), 8000))])
    clearInterval(trickle)
    socket.socket.destroy()
    expect(closed).not.toBeNull()
    expect(socket.received()).toMatch(/^HTTP\/1\.1 408|^$/)
  })

  it('answers a malformed request target with 400 and logs no stack trace', async () => {
    const { t } = await setup()
    const socket = openSocket(Number(new URL(t.base).port))
    await socket.connected
    await socket.write('POST http://[ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
    await socket.closed
    expect(socket.received()).toMatch(/^HTTP\/1\.1 400/)
    expect(t.logs).toEqual([])
  })
})

describe('the UI port', () => {
  it('answers a malformed URL with 400 and keeps its log free of stack traces', async () => {
    const { t } = await setup()
    const logs: string[] = []
    const http = createHttpApi({
      api: t.api,
      events: t.core.events,
      token: 't'.repeat(40),
      host: '127.0.0.1',
      port: 0,
      uiDir: t.dataDir,
      log: (m) => logs.push(m),
    })
    const port = await http.start()
    try {
      for (const target of ['http://[', '/%E0%A4%A']) {
        const socket = openSocket(port)
        await socket.connected
        await socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
        await socket.closed
        expect(socket.received()).toMatch(/^HTTP\/1\.1 400/)
      }
      expect(logs).toEqual([])
    } finally {
      await http.stop()
    }
  })
})
