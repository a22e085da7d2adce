// The trust model end to end, on each relay store: a real relay and a real app. For a bearer-token provider
// the relay checks the token against the hash the app registered, stores the delivery without it, and the
// incident says the relay vouched for it; an HMAC-signed delivery stays "signed by the provider".
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRelayServer } from '../../src/relay/relay-server'
import { fixture } from '../fixtures/load'
import { postFrom } from '../helpers/raw-http'
import { RELAY_BACKENDS, startRelayBackend, stopPostgres, type RelayBackend } from '../helpers/relay-backend'
import { SIGNERS } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

afterAll(() => stopPostgres())

describe.each(RELAY_BACKENDS)('what a relay vouches for (%s)', (name) => {
  let backend: RelayBackend
  let server: ReturnType<typeof createRelayServer>
  let channel: { url: string; token: string }
  let t: TestCore | null = null

  beforeAll(async () => {
    backend = await startRelayBackend(name)
    const store = await backend.openStore()
    const { id, token } = await store.addChannel('oncall', 'dana', Date.now())
    server = createRelayServer({ store, host: '127.0.0.1', port: 0, log: () => undefined })
    const port = await server.start()
    channel = { url: `http://127.0.0.1:${port}/r/${id}`, token }
  })
  afterAll(async () => {
    await server.stop()
    await backend.stop()
  })
  afterEach(async () => {
    await t?.stop()
    t = null
  })

  async function appWith(provider: string, options?: Record<string, unknown>) {
    t = await startCore({ relayPolling: { waitSeconds: 1 } })
    await t.api['settings.update']({ relay: { url: channel.url, readToken: channel.token, enabled: true } })
    const { integration, secret } = await t.api['integrations.create']({ provider, options })
    return { t, integration, secret: secret! }
  }

  const incidents = async (core: TestCore) =>
    (await core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })).incidents

  it('Alertmanager: the relay checks the bearer token against the registered hash, keeps no token, and the incident says it vouched', async () => {
    const { t, integration, secret } = await appWith('alertmanager')
    // The app registers the hash once it reaches the relay.
    await eventually(async () =>
      expect(
        await backend.sql('SELECT integration FROM reader_credentials WHERE integration = ?', [integration.id]),
      ).toHaveLength(1),
    )
    const body = fixture('alertmanager', 'firing')
    expect((await postFrom(integration.relayUrl!, body, { authorization: 'Bearer guessed' })).status).toBe(401)
    expect((await postFrom(integration.relayUrl!, body, SIGNERS.alertmanager!(secret, body))).status).toBe(202)

    await eventually(async () => expect(await incidents(t)).not.toHaveLength(0))
    const [first] = await incidents(t)
    const detail = await t.api['incidents.get']({ id: first!.id })
    expect(detail.provenance).toEqual({
      by: 'relay',
      provider: 'Prometheus Alertmanager',
      relay: channel.url,
      credential: 'Bearer token',
    })
    expect(detail.timeline[0]!.text).toContain(`vouched for by relay ${channel.url}`)
    const { deliveries } = await t.api['deliveries.list']({})
    expect(deliveries.map((d) => [d.via, d.outcome])).toEqual([['relay', 'accepted']])
    // The relay's database has nothing that would let it (or whoever copies it) post as Alertmanager.
    const rows = await backend.sql('SELECT headers, credential, body FROM deliveries')
    expect(JSON.stringify(rows)).not.toContain(secret)
    expect(JSON.stringify(await backend.sql('SELECT hashes FROM reader_credentials'))).not.toContain(secret)
  })

  it('a rotated secret is registered again: the new token passes the relay, a wrong one does not', async () => {
    const { t, integration } = await appWith('alertmanager')
    await eventually(async () =>
      expect(await backend.sql('SELECT hashes FROM reader_credentials WHERE integration = ?', [integration.id])).toHaveLength(1),
    )
    const before = JSON.stringify(
      await backend.sql('SELECT hashes FROM reader_credentials WHERE integration = ?', [integration.id]),
    )
    const { secret: rotated } = await t.api['integrations.update']({ id: integration.id, rotateSecret: true })
    await eventually(
      async () =>
        expect(
          JSON.stringify(await backend.sql('SELECT hashes FROM reader_credentials WHERE integration = ?', [integration.id])),
        ).not.toBe(before),
      10_000,
    )
    const body = fixture('alertmanager', 'resolved')
    expect((await postFrom(integration.relayUrl!, body, { authorization: `Bearer ${rotated}` })).status).toBe(202)
    expect((await postFrom(integration.relayUrl!, body, { authorization: `Bearer ${rotated}x` })).status).toBe(401)
  })

  it('Grafana with HMAC: the delivery is kept as signed, and the incident says Grafana signed it', async () => {
    const { t, integration, secret } = await appWith('grafana')
    const body = fixture('grafana', 'alerting')
    expect((await postFrom(integration.relayUrl!, body, SIGNERS.grafana!(secret, body))).status).toBe(202)
    await eventually(async () => expect(await incidents(t)).not.toHaveLength(0))
    const detail = await t.api['incidents.get']({ id: (await incidents(t))[0]!.id })
    expect(detail.provenance).toEqual({ by: 'signature', provider: 'Grafana Alerting', relay: channel.url })
    expect(detail.timeline[0]!.text).toContain('signed by Grafana Alerting, via relay')
  })
})
