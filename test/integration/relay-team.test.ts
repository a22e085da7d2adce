// The relay for a team: two relay processes on one PostgreSQL database behind a load balancer, and several
// app cores reading one channel, each with its own read token.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Incident } from '../../src/shared/incident'
import { addRelayChannel, addRelayReader, relayCli, runCli } from '../helpers/cli'
import { startProxy } from '../helpers/proxy'
import { startRelayBackend, stopPostgres, type RelayBackend } from '../helpers/relay-backend'
import { hmacHex } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

type Relay = Awaited<ReturnType<typeof relayCli>>
let backend: RelayBackend
let a: Relay
let b: Relay
let proxy: Awaited<ReturnType<typeof startProxy>>
const cores: TestCore[] = []
const upstream = (r: Relay) => ({ host: '127.0.0.1', port: Number(new URL(r.base).port) })

beforeAll(async () => {
  backend = await startRelayBackend('postgres')
  a = await relayCli(backend.dataDir, backend.args)
  b = await relayCli(backend.dataDir, backend.args)
  proxy = await startProxy([upstream(a), upstream(b)])
})
afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop()
})
afterAll(async () => {
  await proxy.stop()
  await a.stop()
  await b.stop()
  await backend.stop()
  stopPostgres()
})

const SECRET = 'hbk_team-shared-secret-for-tests'
const INTEGRATION = 'team_generic_integration_01'

/** A laptop of the rotation: its own core, its own read token, the team's integration joined by id. */
async function laptop(relayUrl: string, token: string, userName: string, relayPolling?: { waitSeconds: number }) {
  const core = await startCore(relayPolling ? { relayPolling } : {})
  cores.push(core)
  await core.api['integrations.create']({ provider: 'generic', id: INTEGRATION, secret: SECRET, name: 'Team alerts' })
  await core.api['settings.update']({ userName, relay: { url: relayUrl, readToken: token, enabled: true } })
  await eventually(async () => expect((await core.api['status.get']({})).relay.state).toBe('connected'))
  return core
}

async function post(channelUrl: string, i: number, prefix = 'team') {
  const body = JSON.stringify({ summary: `Checkout latency ${i}`, dedup_key: `${prefix}-${i}`, severity: 'error' })
  const send = () =>
    fetch(`${channelUrl}?integration=${INTEGRATION}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(SECRET, body)}` },
    })
  // A kept-alive connection to a killed instance fails once; providers retry, and so does this sender.
  const response = await send().catch(send)
  expect(response.status).toBe(202)
}

const incidentsOf = async (core: TestCore) =>
  (await core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'], limit: 500 })).incidents

describe('two relay instances on one PostgreSQL database', () => {
  it('a delivery posted to one instance wakes an app long-polling the other at once', async () => {
    const channel = await addRelayChannel(backend.dataDir, a.base, backend.args)
    const onB = channel.url.replace(a.base, b.base)
    // A 30 s long-poll: without a cross-instance wake-up the delivery would wait for it to end.
    const core = await laptop(onB, channel.token, 'dana', { waitSeconds: 30 })
    await new Promise((r) => setTimeout(r, 300)) // the app is now parked in its long-poll on B
    const created = new Promise<number>((resolve) =>
      core.core.events.subscribe((e) => e.type === 'incident.created' && resolve(performance.now())),
    )
    const started = performance.now()
    await post(channel.url, 1, 'wake') // to A
    const elapsed = (await created) - started
    expect(elapsed).toBeLessThan(5000) // far below the 30 s the long-poll would otherwise last (bench: ms)
  })

  it('killing an instance loses nothing: the app reconnects through the other, whichever one it was on', async () => {
    const channel = await addRelayChannel(backend.dataDir, proxy.base, backend.args)
    const core = await laptop(channel.url, channel.token, 'dana')
    for (let i = 0; i < 20; i++) await post(channel.url, i, 'kill')
    await eventually(async () => expect(await incidentsOf(core)).toHaveLength(20), 10_000)
    // Kill A, then (A back) kill B: the app's long-poll was on one of them when it died.
    await a.stop('SIGKILL')
    for (let i = 20; i < 40; i++) await post(channel.url, i, 'kill') // the proxy now reaches only B
    await eventually(async () => expect(await incidentsOf(core)).toHaveLength(40), 15_000)
    a = await relayCli(backend.dataDir, backend.args)
    proxy.setUpstreams([upstream(a), upstream(b)])
    await b.stop('SIGKILL')
    for (let i = 40; i < 60; i++) await post(channel.url, i, 'kill')
    await eventually(async () => expect(await incidentsOf(core)).toHaveLength(60), 15_000)
    const incidents = await incidentsOf(core)
    expect(new Set(incidents.map((i) => i.dedupKey)).size).toBe(60)
    expect(incidents.every((i) => i.occurrences === 1)).toBe(true)
    // No assertion on a '[relay] disconnected' log line: a kill that falls between two polls (the poller
    // pauses at least 250 ms) breaks no request, so that line is timing, not behaviour. Losing nothing is.
    await eventually(async () => expect((await core.api['status.get']({})).relay.state).toBe('connected'))
    b = await relayCli(backend.dataDir, backend.args)
    proxy.setUpstreams([upstream(a), upstream(b)])
  })
})

describe('one channel read by three laptops', () => {
  it('each gets every delivery exactly once, and an acknowledgement in one shows in the other two', async () => {
    const channel = await addRelayChannel(backend.dataDir, proxy.base, backend.args)
    const tokens = [
      channel.token,
      await addRelayReader(backend.dataDir, channel.id, 'bob-laptop', backend.args),
      await addRelayReader(backend.dataDir, channel.id, 'carol-laptop', backend.args),
    ]
    const [dana, bob, carol] = [
      await laptop(channel.url, tokens[0]!, 'Dana'),
      await laptop(channel.url, tokens[1]!, 'Bob'),
      await laptop(channel.url, tokens[2]!, 'Carol'),
    ]
    for (let i = 0; i < 30; i++) await post(channel.url, i)
    for (const core of [dana!, bob!, carol!]) {
      await eventually(async () => expect(await incidentsOf(core)).toHaveLength(30), 10_000)
      const incidents = await incidentsOf(core)
      expect(new Set(incidents.map((i) => i.dedupKey)).size).toBe(30)
      expect(incidents.every((i) => i.occurrences === 1)).toBe(true)
      const { deliveries } = await core.api['deliveries.list']({ limit: 100 })
      expect(deliveries.filter((d) => d.via === 'relay' && d.outcome === 'accepted')).toHaveLength(30)
    }

    const target = (await incidentsOf(dana!)).find((i) => i.dedupKey === 'team-7')!
    await dana!.api['incidents.acknowledge']({ id: target.id })
    for (const other of [bob!, carol!]) {
      await eventually(async () => {
        const mine = (await incidentsOf(other)).find((i) => i.dedupKey === 'team-7')!
        // The name is the reader's, as the relay's operator added it; "Dana" is only what her note says.
        expect(mine).toMatchObject({
          status: 'acknowledged',
          statusBy: { action: 'acknowledged', user: 'laptop', teammate: true },
        })
      }, 10_000)
      const mine = (await incidentsOf(other)).find((i) => i.dedupKey === 'team-7')!
      const { timeline } = await other.api['incidents.get']({ id: mine.id })
      expect(timeline.at(-1)).toMatchObject({ actor: 'teammate', text: 'acknowledged by laptop (whose note says "Dana")' })
    }
    expect((await dana!.api['incidents.get']({ id: target.id })).statusBy).toMatchObject({
      user: 'Dana',
      teammate: false,
    })

    // Bob snoozes another: Dana and Carol get the same snooze.
    const other = (await incidentsOf(bob!)).find((i) => i.dedupKey === 'team-3')!
    const until = new Date(Date.now() + 3_600_000).toISOString()
    await bob!.api['incidents.snooze']({ id: other.id, until })
    for (const core of [dana!, carol!])
      await eventually(async () =>
        expect((await incidentsOf(core)).find((i) => i.dedupKey === 'team-3')).toMatchObject({
          snoozedUntil: until,
          statusBy: { action: 'snoozed', user: 'bob-laptop', teammate: true },
        }),
      )
    // Notes never loop: Dana's own note came back to her and was not applied twice.
    const { timeline } = await dana!.api['incidents.get']({ id: target.id })
    expect(timeline.filter((e) => e.type === 'status')).toHaveLength(1)
  })

  it('a team note never creates an incident, and only a reader of the channel can post one', async () => {
    const channel = await addRelayChannel(backend.dataDir, proxy.base, backend.args)
    const bobToken = await addRelayReader(backend.dataDir, channel.id, 'bob-laptop', backend.args)
    const carol = await laptop(channel.url, channel.token, 'Carol')
    const note = {
      integrationId: INTEGRATION,
      dedupKey: 'never-delivered',
      action: 'acknowledged',
      user: 'Mallory',
      at: new Date().toISOString(),
    }
    const unsigned = await fetch(`${channel.url}/notes`, { method: 'POST', body: JSON.stringify(note) })
    expect(unsigned.status).toBe(401)
    const bad = await fetch(`${channel.url}/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bobToken}` },
      body: JSON.stringify({ ...note, action: 'deleted' }),
    })
    expect(bad.status).toBe(400)
    const ok = await fetch(`${channel.url}/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bobToken}` },
      body: JSON.stringify(note),
    })
    expect(ok.status).toBe(202)
    // A delivery after the note: once it is in, the note has been read (same channel, in order).
    await post(channel.url, 1, 'after-note')
    await eventually(async () => expect((await incidentsOf(carol)).map((i: Incident) => i.dedupKey)).toEqual(['after-note-1']))
    // A provider's POST that looks like a note is a delivery like any other, refused for want of a signature.
    const forged = await fetch(`${channel.url}?integration=${INTEGRATION}`, { method: 'POST', body: JSON.stringify(note) })
    expect(forged.status).toBe(202)
    await eventually(async () =>
      expect((await carol.api['deliveries.list']({})).deliveries[0]).toMatchObject({ via: 'relay', outcome: 'rejected' }),
    )
    expect(await incidentsOf(carol)).toHaveLength(1)
  })

  it('the admin list shows each reader and how far behind it is; a removed reader is refused', async () => {
    const channel = await addRelayChannel(backend.dataDir, proxy.base, backend.args)
    const bobToken = await addRelayReader(backend.dataDir, channel.id, 'bob-laptop', backend.args)
    await laptop(channel.url, channel.token, 'Dana')
    for (let i = 0; i < 3; i++) await post(channel.url, i, 'lag')
    await eventually(async () => {
      const { stdout } = await runCli(['relay', 'channels', 'list', ...backend.args])
      const block = stdout.split('\n').slice(stdout.split('\n').findIndex((l) => l.startsWith(channel.id)))
      expect(block[1]).toMatch(/laptop\s+caught up/)
      expect(block[2]).toMatch(/bob-laptop\s+3 behind \(oldest \d+ s ago\)/)
    })
    const removed = await runCli(['relay', 'channels', 'remove-reader', channel.id, 'bob-laptop', ...backend.args])
    expect(removed.code).toBe(0)
    const refused = await fetch(`${channel.url}/deliveries?after=0`, { headers: { authorization: `Bearer ${bobToken}` } })
    expect(refused.status).toBe(401)
    const missing = await runCli(['relay', 'channels', 'remove-reader', channel.id, 'bob-laptop', ...backend.args])
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/no reader "bob-laptop"/) })
  })
})
