// What a relay (compromised, buggy, or impersonated) can do to the app: nothing that blocks the queue,
// fills the disk, spins the CPU, or moves time forward.
import { afterEach, describe, expect, it } from 'vitest'
import { fixture } from '../fixtures/load'
import { relayItem, startFakeRelay } from '../helpers/fake-relay'
import { SIGNERS } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'
import { RELAY_PAGE_ITEMS } from '../../src/main/core/relay/relay-items'
import { MAX_BODY_BYTES } from '../../src/server-common/http'

let t: TestCore | null = null
let relay: Awaited<ReturnType<typeof startFakeRelay>> | null = null
afterEach(async () => {
  await t?.stop()
  await relay?.stop()
  t = null
  relay = null
})

/** A core polling the fake relay every 250 ms (no long-poll), with short backoff so tests end quickly. */
async function setup(provider = 'generic') {
  relay = await startFakeRelay()
  t = await startCore({ relayPolling: { waitSeconds: 0, backoffSeconds: [0.3, 0.6, 1] } })
  const { integration, secret } = await t.api['integrations.create']({ provider })
  const signed = (body: string, nowSeconds?: number) => SIGNERS[provider]!(secret!, body, nowSeconds)
  return { t, relay, id: integration.id, signed }
}

async function connect(core: TestCore, url: string) {
  await core.api['settings.update']({ relay: { url, readToken: 'read-token', enabled: true } })
}

const log = async (core: TestCore) => (await core.api['deliveries.list']({})).deliveries
const incidents = async (core: TestCore) =>
  (await core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })).incidents

describe('a hostile relay', () => {
  it('sets aside a malformed, an oversized and an over-nested item, logs each with its reason, and ingests the signed one behind them', async () => {
    const { t, relay, id, signed } = await setup()
    const deep = `{"summary":"deep","x":${'['.repeat(5000)}${']'.repeat(5000)}}`
    const good = JSON.stringify({ summary: 'Checkout is down', dedup_key: 'checkout' })
    relay.setItems([
      {
        seq: 1,
        receivedAt: Date.now(),
        method: 'POST',
        query: `?integration=${id}`,
        headers: { 'content-type': 'application/json' },
        body: '%%% not base64 %%%',
      },
      relayItem(2, id, Buffer.alloc(MAX_BODY_BYTES + 10, 0x20), signed('x')),
      relayItem(3, id, deep, signed(deep)),
      { seq: 4, query: `?integration=${id}`, headers: 'nope' },
      relayItem(5, id, good, signed(good)),
    ])
    await connect(t, relay.url)
    await eventually(async () => expect(await incidents(t)).toHaveLength(1))
    const entries = await log(t)
    expect(entries.map((d) => [d.status, d.outcome, d.via])).toEqual([
      [202, 'accepted', 'relay'],
      [400, 'rejected', 'relay'],
      [400, 'rejected', 'relay'],
      [413, 'rejected', 'relay'],
      [400, 'rejected', 'relay'],
    ])
    expect(entries[1]!.reason).toMatch(/relay item 4 set aside: headers are not an object/)
    expect(entries[2]!.reason).toBe('JSON nested deeper than 64 levels')
    expect(entries[3]!.reason).toMatch(/relay item 2 set aside: the body is over the 1048576-byte limit/)
    expect(entries[4]!.reason).toMatch(/relay item 1 set aside: the body is not base64/)
    await eventually(() => expect(relay.acks.at(-1)).toBe(5))
  })

  it('never lets a future-dated item move time forward: it is stamped with the app clock', async () => {
    const { t, relay, id, signed } = await setup()
    const body = JSON.stringify({ summary: 'From the future', dedup_key: 'future' })
    relay.setItems([relayItem(1, id, body, signed(body), Date.now() + 86_400_000)])
    const before = Date.now()
    await connect(t, relay.url)
    await eventually(async () => expect(await log(t)).toHaveLength(1))
    const [entry] = await log(t)
    expect(Date.parse(entry!.receivedAt)).toBeLessThanOrEqual(Date.now())
    expect(Date.parse(entry!.receivedAt)).toBeGreaterThanOrEqual(before - 1000)
  })

  it('checks a Grafana timestamp against when the relay received it: an alert that waited out a sleep is not stale', async () => {
    const { t, relay, id, signed } = await setup('grafana')
    const body = fixture('grafana', 'alerting')
    const twentyMinutesAgo = Date.now() - 20 * 60_000
    relay.setItems([relayItem(1, id, body, signed(body, Math.floor(twentyMinutesAgo / 1000)), twentyMinutesAgo + 2000)])
    await connect(t, relay.url)
    await eventually(async () => expect((await log(t))[0]).toMatchObject({ outcome: 'accepted', via: 'relay' }))
  })

  it('still refuses a stale Grafana signature that a relay claims arrived in the future', async () => {
    const { t, relay, id, signed } = await setup('grafana')
    const body = fixture('grafana', 'alerting')
    const anHourAgo = Math.floor((Date.now() - 3_600_000) / 1000)
    relay.setItems([relayItem(1, id, body, signed(body, anHourAgo), Date.now() + 3_600_000)])
    await connect(t, relay.url)
    await eventually(async () =>
      expect((await log(t))[0]).toMatchObject({ status: 401, reason: expect.stringMatching(/stale timestamp/) }),
    )
  })

  it('backs off on a malformed page instead of polling in a hot loop, and says why in status', async () => {
    const { t, relay } = await setup()
    relay.answer(() => ({ text: '{"deliveries": "lots"}' }))
    await connect(t, relay.url)
    await eventually(async () =>
      expect((await t.api['status.get']({})).relay).toMatchObject({
        state: 'disconnected',
        error: 'the relay answered something that is not a delivery page',
      }),
    )
    await new Promise((r) => setTimeout(r, 1500))
    // 1.5 s with backoff 0.3, 0.6, 1 s: a handful of polls, not hundreds.
    expect(relay.polls.length).toBeLessThan(8)
  })

  it('keeps polling no faster than the minimum interval when the relay answers at once every time', async () => {
    const { t, relay } = await setup()
    await connect(t, relay.url)
    const start = relay.polls.length
    await new Promise((r) => setTimeout(r, 1000))
    expect(relay.polls.length - start).toBeLessThanOrEqual(5)
    expect(relay.polls.length - start).toBeGreaterThanOrEqual(2)
  })

  it('refuses to follow a redirect, so the read token goes nowhere else', async () => {
    const { t, relay } = await setup()
    const elsewhere = await startFakeRelay()
    try {
      relay.answer(() => ({ status: 307, headers: { location: `${elsewhere.url}/deliveries?after=0` }, text: '' }))
      await connect(t, relay.url)
      await eventually(async () => expect((await t.api['status.get']({})).relay.error).toMatch(/redirect \(307\)/))
      expect(elsewhere.polls).toHaveLength(0)
    } finally {
      await elsewhere.stop()
    }
  })

  it('drops a response over the cap and asks for fewer items next time', async () => {
    const { t, relay } = await setup()
    const huge = `{"deliveries":[],"pad":"${'x'.repeat(33 * 1024 * 1024)}"}`
    relay.answer(() => ({ text: huge }))
    await connect(t, relay.url)
    await eventually(async () => expect((await t.api['status.get']({})).relay.error).toMatch(/page over 33554432 bytes/))
    relay.answer(null)
    await eventually(() => expect(Number(relay.polls.at(-1)!.get('limit'))).toBeLessThan(RELAY_PAGE_ITEMS))
  })

  it('skips items at or before the cursor (a relay repeating itself) and never goes back', async () => {
    const { t, relay, id, signed } = await setup()
    const a = JSON.stringify({ summary: 'A', dedup_key: 'a' })
    const b = JSON.stringify({ summary: 'B', dedup_key: 'b' })
    relay.setItems([relayItem(1, id, a, signed(a))])
    await connect(t, relay.url)
    await eventually(async () => expect(await incidents(t)).toHaveLength(1))
    // Now it sends seq 1 again, before seq 2, out of order.
    relay.answer(() => ({
      text: JSON.stringify({ deliveries: [relayItem(2, id, b, signed(b)), relayItem(1, id, a, signed(a))], latestSeq: 2 }),
    }))
    await eventually(async () => expect(await incidents(t)).toHaveLength(2))
    await new Promise((r) => setTimeout(r, 600))
    expect(Number(relay.polls.at(-1)!.get('after'))).toBe(2)
    expect((await log(t)).filter((d) => d.outcome === 'accepted')).toHaveLength(2)
  })
})

describe('what a relay may vouch for', () => {
  it('accepts "checked by the relay" only for a bearer-token integration it is addressed to, and never from headers', async () => {
    relay = await startFakeRelay()
    t = await startCore({ relayPolling: { waitSeconds: 0, backoffSeconds: [0.3, 0.6, 1] } })
    const am = (await t.api['integrations.create']({ provider: 'alertmanager' })).integration.id
    const other = (await t.api['integrations.create']({ provider: 'alertmanager' })).integration.id
    const signedOnly = (await t.api['integrations.create']({ provider: 'generic' })).integration.id
    const body = fixture('alertmanager', 'firing')
    const generic = JSON.stringify({ summary: 'Forged by the relay', dedup_key: 'forged' })
    const checked = (integrationId: string) => ({ outcome: 'checked', integrationId, via: 'scheme', scheme: 'Bearer' })
    relay.setItems([
      // A relay claiming to have checked a provider that signs its body: a signature is still required.
      { ...relayItem(1, signedOnly, generic, {}), credential: checked(signedOnly) },
      // A claim about another integration counts for nothing.
      { ...relayItem(2, am, body, {}), credential: checked(other) },
      // The claim travels in the item, never in the delivery's own headers.
      relayItem(3, am, body, { 'x-hookbell-relay': 'relay=x&credential=checked&via=scheme&scheme=Bearer' }),
      { ...relayItem(4, am, body, {}), credential: { outcome: 'removed' } },
      { ...relayItem(5, am, body, {}), credential: checked(am) },
    ])
    await connect(t, relay.url)
    await eventually(() => expect(relay!.acks.at(-1)).toBe(5))
    const entries = (await log(t)).reverse()
    expect(entries.map((d) => [d.status, d.outcome])).toEqual([
      [401, 'rejected'],
      [401, 'rejected'],
      [401, 'rejected'],
      [401, 'rejected'],
      [202, 'accepted'],
    ])
    expect(entries[0]!.reason).toMatch(/X-Signature missing/)
    expect(entries[1]!.reason).toMatch(/Authorization missing/)
    expect(entries[3]!.reason).toMatch(/removed this delivery's Authorization without checking it/)
    const [incident] = await incidents(t)
    expect((await t.api['incidents.get']({ id: incident!.id })).provenance).toMatchObject({ by: 'relay', relay: relay.url })
  })

  it('a direct delivery cannot claim a relay checked it', async () => {
    t = await startCore()
    const { integration } = await t.api['integrations.create']({ provider: 'alertmanager' })
    const answer = await fetch(`${t.base}/hooks/${integration.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hookbell-relay': 'relay=https%3A%2F%2Frelay.example.com&credential=checked&via=scheme&scheme=Bearer',
      },
      body: fixture('alertmanager', 'firing'),
    })
    expect(answer.status).toBe(401)
  })
})
