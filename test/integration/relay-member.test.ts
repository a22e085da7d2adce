// What one reader of a team channel can do to the others (README, "What a relay can and cannot do"), on
// each store, through real processes: `hookbell relay`, channels and readers made with the CLI, an app
// connected as one reader, and the other reader, turned hostile, driven by plain HTTP as an attacker would.
// Payloads: test/fixtures/alertmanager (Alertmanager's webhook_config format) and generic JSON signed with
// X-Signature, the format docs/providers.md documents for the generic provider.
import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { credentialHash } from '../../src/server-common/relay-protocol'
import { fixture } from '../fixtures/load'
import { addRelayChannel, addRelayReader, relayCli, runCli } from '../helpers/cli'
import { postFrom } from '../helpers/raw-http'
import { RELAY_BACKENDS, startRelayBackend, stopPostgres, type RelayBackend } from '../helpers/relay-backend'
import { hmacHex, SIGNERS } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

afterAll(() => stopPostgres())

describe.each(RELAY_BACKENDS)('one reader of a team channel against the others (%s)', (name) => {
  let backend: RelayBackend
  let relay: Awaited<ReturnType<typeof relayCli>>
  let dana: TestCore
  afterEach(async () => {
    await dana.stop()
    await relay.stop()
    await backend.stop()
  })

  /** A relay process with a channel read by Dana's app (reader "laptop") and by mallory-laptop over HTTP. */
  async function team() {
    backend = await startRelayBackend(name)
    relay = await relayCli(backend.dataDir, backend.args)
    const channel = await addRelayChannel(backend.dataDir, relay.base, backend.args)
    const malloryToken = await addRelayReader(backend.dataDir, channel.id, 'mallory-laptop', backend.args)
    dana = await startCore({ relayPolling: { waitSeconds: 1 } })
    await dana.api['settings.update']({
      userName: 'Dana',
      relay: { url: channel.url, readToken: channel.token, enabled: true },
    })
    const mallory = (path: string, method: string, body: unknown) =>
      fetch(`${channel.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${malloryToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    return { channel, malloryToken, mallory }
  }

  const incidentsOf = async (core: TestCore) =>
    (await core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })).incidents
  const registered = (integration: string) =>
    backend.sql('SELECT reader, hashes FROM reader_credentials WHERE integration = ? ORDER BY reader', [integration])

  it('cannot replace, weaken or shadow the credential the app registered, and loses its own when removed', async () => {
    const { channel, malloryToken, mallory } = await team()
    const { integration, secret } = await dana.api['integrations.create']({ provider: 'alertmanager' })
    await eventually(async () => expect(await registered(integration.id)).toHaveLength(1), 10_000)
    const [danas] = await registered(integration.id)

    // Mallory registers a token of its own choosing for the team's Alertmanager integration.
    const planted = 'mallory-chosen-token-0123456789'
    const salt = randomBytes(16).toString('base64url')
    const registration = {
      integrationId: integration.id,
      scheme: 'Bearer',
      hashes: [{ salt, hash: credentialHash(salt, planted) }],
    }
    expect((await mallory('/credentials', 'PUT', { integrations: [registration] })).status).toBe(200)
    // Dana's registration is untouched: Mallory's sits beside it, as Mallory's.
    const both = await registered(integration.id)
    expect(both).toHaveLength(2)
    expect(both).toContainEqual(danas)

    // Mallory's token gets its delivery stored, but the relay vouches for it to Mallory alone: Dana's app
    // refuses it with the reason and opens nothing.
    const firing = fixture('alertmanager', 'firing')
    expect((await postFrom(integration.relayUrl!, firing, { authorization: `Bearer ${planted}` })).status).toBe(202)
    await eventually(async () => {
      const { deliveries } = await dana.api['deliveries.list']({})
      expect(deliveries.map((d) => [d.via, d.outcome])).toEqual([['relay', 'rejected']])
    }, 10_000)
    expect(await incidentsOf(dana)).toEqual([])

    // The tool's real secret still passes, and Dana's incident says the relay checked it.
    expect((await postFrom(integration.relayUrl!, firing, SIGNERS.alertmanager!(secret!, firing))).status).toBe(202)
    await eventually(async () => expect(await incidentsOf(dana)).not.toHaveLength(0), 10_000)
    const detail = await dana.api['incidents.get']({ id: (await incidentsOf(dana))[0]!.id })
    expect(detail.provenance).toMatchObject({ by: 'relay', credential: 'Bearer token' })

    // Removing the reader removes what it registered: its token no longer passes the relay at all.
    const removed = await runCli([
      'relay',
      'channels',
      'remove-reader',
      channel.id,
      'mallory-laptop',
      '--data-dir',
      backend.dataDir,
      ...backend.args,
    ])
    expect(removed.code).toBe(0)
    expect(await registered(integration.id)).toEqual([danas])
    expect((await postFrom(integration.relayUrl!, firing, { authorization: `Bearer ${planted}` })).status).toBe(401)
    expect(malloryToken).not.toBe(channel.token)
  })

  it('posts notes shown under its own reader name, acting only on the channel’s incidents, a snooze capped to a day', async () => {
    const { channel, mallory } = await team()
    const SECRET = 'hbk_team-secret-for-member-tests'
    const { integration: teamInt } = await dana.api['integrations.create']({ provider: 'generic', secret: SECRET, name: 'Team' })
    const { integration: directInt, secret: directSecret } = await dana.api['integrations.create']({ provider: 'generic' })
    const signed = (secret: string, dedup: string) => {
      const body = JSON.stringify({ summary: `Checkout latency ${dedup}`, dedup_key: dedup, severity: 'error' })
      return { body, headers: { 'x-signature': `sha256=${hmacHex(secret, body)}` } }
    }
    const viaRelay = async (dedup: string) => {
      const { body, headers } = signed(SECRET, dedup)
      expect((await postFrom(teamInt.relayUrl!, body, headers)).status).toBe(202)
    }
    await viaRelay('team-1')
    await viaRelay('team-2')
    const direct = signed(directSecret!, 'direct-1')
    expect((await dana.post(directInt.id, direct.body, direct.headers)).status).toBe(202)
    // Junk for the direct integration through the relay: refused by the app, so it is not "fed through" it.
    expect((await postFrom(`${channel.url}?integration=${directInt.id}`, direct.body, {})).status).toBe(202)
    await eventually(async () => expect(await incidentsOf(dana)).toHaveLength(3), 10_000)
    const before = await incidentsOf(dana)
    const byKey = (list: typeof before, key: string) => list.find((i) => i.dedupKey === key)!

    const at = new Date().toISOString()
    const note = (dedupKey: string, action: string, extra: Record<string, unknown> = {}) =>
      mallory('/notes', 'POST', { integrationId: teamInt.id, dedupKey, action, user: 'Dana (on-call lead)', at, ...extra })
    expect((await note('team-1', 'acknowledged')).status).toBe(202)
    expect((await note('team-2', 'snoozed', { until: '9999-12-31T00:00:00.000Z' })).status).toBe(202)
    expect((await note('never-delivered', 'acknowledged')).status).toBe(202)
    const onDirect = { integrationId: directInt.id, dedupKey: 'direct-1', user: 'Dana', at }
    expect((await mallory('/notes', 'POST', { ...onDirect, action: 'snoozed', until: '9999-12-31T00:00:00.000Z' })).status).toBe(
      202,
    )
    expect((await mallory('/notes', 'POST', { ...onDirect, action: 'resolved' })).status).toBe(202)
    // A delivery after the notes: once it is in, every note before it has been read (one channel, in order).
    const sentAt = Date.now()
    await viaRelay('after-notes')
    await eventually(async () => expect(await incidentsOf(dana)).toHaveLength(4), 10_000)

    const after = await incidentsOf(dana)
    expect(byKey(after, 'team-1')).toMatchObject({
      status: 'acknowledged',
      statusBy: { action: 'acknowledged', user: 'mallory-laptop', teammate: true },
    })
    const { timeline } = await dana.api['incidents.get']({ id: byKey(after, 'team-1').id })
    expect(timeline.at(-1)).toMatchObject({
      actor: 'teammate',
      text: 'acknowledged by mallory-laptop (whose note says "Dana (on-call lead)")',
    })
    const snoozed = byKey(after, 'team-2')
    expect(snoozed.statusBy).toMatchObject({ action: 'snoozed', user: 'mallory-laptop' })
    expect(Date.parse(snoozed.snoozedUntil!)).toBeLessThanOrEqual(Date.now() + 86_400_000)
    expect(Date.parse(snoozed.snoozedUntil!)).toBeGreaterThan(sentAt + 86_400_000 - 60_000)
    // The directly fed incident is exactly as it was, and nothing was created from a note.
    expect(byKey(after, 'direct-1')).toEqual(byKey(before, 'direct-1'))
    expect(after.map((i) => i.dedupKey).sort()).toEqual(['after-notes', 'direct-1', 'team-1', 'team-2'])
  })
})
