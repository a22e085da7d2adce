// Datadog, New Relic, Opsgenie and Grafana OnCall through a real relay, on each relay store: none of them can
// sign, so the relay checks their Authorization credential against the hash the app registered, stores the
// delivery without it, and the incident says the relay vouched for it (README, "What a relay can and cannot do").
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRelayServer } from '../../src/relay/relay-server'
import { fixture } from '../fixtures/load'
import { postFrom } from '../helpers/raw-http'
import { RELAY_BACKENDS, startRelayBackend, stopPostgres, type RelayBackend } from '../helpers/relay-backend'
import { SIGNERS } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

afterAll(() => stopPostgres())

const TOOLS = [
  { provider: 'datadog', name: 'Datadog', fixture: 'triggered' },
  { provider: 'newrelic', name: 'New Relic', fixture: 'activated' },
  { provider: 'opsgenie', name: 'Opsgenie', fixture: 'create' },
  { provider: 'grafana-oncall', name: 'Grafana OnCall', fixture: 'created' },
]

describe.each(RELAY_BACKENDS)('a relay vouches for the tools that send a bearer token (%s)', (name) => {
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

  it('checks each token against the registered hash, keeps none, and each incident says the relay vouched', async () => {
    const core = (t = await startCore({ relayPolling: { waitSeconds: 1 } }))
    await core.api['settings.update']({ relay: { url: channel.url, readToken: channel.token, enabled: true } })
    const made = []
    for (const tool of TOOLS) made.push({ ...tool, ...(await core.api['integrations.create']({ provider: tool.provider })) })
    // The app registers each integration's hash once it reaches the relay.
    await eventually(async () =>
      expect(await backend.sql('SELECT integration FROM reader_credentials')).toHaveLength(TOOLS.length),
    )

    for (const { provider, fixture: sample, integration, secret } of made) {
      const body = fixture(provider, sample)
      expect((await postFrom(integration.relayUrl!, body, { authorization: 'Bearer guessed' })).status).toBe(401)
      const accepted = await postFrom(integration.relayUrl!, body, SIGNERS[provider]!(secret!, body))
      expect(accepted.status, accepted.body).toBe(202)
    }

    const incidents = async () => (await core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })).incidents
    await eventually(async () => expect(await incidents()).toHaveLength(TOOLS.length))
    for (const incident of await incidents()) {
      const detail = await core.api['incidents.get']({ id: incident.id })
      const tool = TOOLS.find((x) => x.provider === incident.provider)!
      expect(detail.provenance).toEqual({ by: 'relay', provider: tool.name, relay: channel.url, credential: 'Bearer token' })
      expect(detail.timeline[0]!.text).toContain(`vouched for by relay ${channel.url}`)
    }
    const { deliveries } = await core.api['deliveries.list']({})
    expect(deliveries.map((d) => [d.via, d.outcome])).toEqual(TOOLS.map(() => ['relay', 'accepted']))
    // Nothing in the relay's database would let it, or whoever copies it, post as one of these tools.
    const rows = JSON.stringify(await backend.sql('SELECT headers, credential, body FROM deliveries'))
    for (const { secret } of made) expect(rows).not.toContain(secret)
  })
})
