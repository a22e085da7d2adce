// AWS SNS through a real relay: the relay stores the text/plain message as it came, and the app verifies AWS's
// signature when it polls (a test certificate planted in its cache; no network). A relay cannot alter one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRelayServer } from '../../src/relay/relay-server'
import { fixture } from '../fixtures/load'
import { postFrom } from '../helpers/raw-http'
import { startRelayBackend, type RelayBackend } from '../helpers/relay-backend'
import { localOnly, plantCertificate, signSns } from '../helpers/sns'
import { eventually, startCore, tempDir, type TestCore } from '../helpers/test-core'

describe('AWS SNS through a relay', () => {
  let backend: RelayBackend
  let server: ReturnType<typeof createRelayServer>
  let channel: { url: string; token: string }
  let t: TestCore | null = null

  beforeAll(async () => {
    backend = await startRelayBackend('sqlite')
    const store = await backend.openStore()
    const { id, token } = await store.addChannel('oncall', 'dana', Date.now())
    server = createRelayServer({ store, host: '127.0.0.1', port: 0, log: () => undefined })
    channel = { url: `http://127.0.0.1:${await server.start()}/r/${id}`, token }
  })
  afterAll(async () => {
    await server.stop()
    await backend.stop()
  })
  afterEach(async () => {
    await t?.stop()
    t = null
  })

  it('verifies the signature after the relay, and refuses what the relay altered', async () => {
    const message = JSON.parse(fixture('aws-sns', 'cloudwatch-alarm')) as Record<string, unknown>
    const dataDir = tempDir()
    plantCertificate(dataDir, message.SigningCertURL as string)
    t = await startCore({ dataDir, fetch: localOnly, relayPolling: { waitSeconds: 1 } })
    await t.api['settings.update']({ relay: { url: channel.url, readToken: channel.token, enabled: true } })
    const { integration } = await t.api['integrations.create']({ provider: 'aws-sns' })
    const textPlain = { 'content-type': 'text/plain; charset=UTF-8' }

    const signed = signSns(message)
    expect((await postFrom(integration.relayUrl!, signed, textPlain)).status).toBe(202)
    const altered = signSns(message).replace('NetworkOut-high', 'NetworkOut-calm')
    expect((await postFrom(integration.relayUrl!, altered, textPlain)).status).toBe(202)

    const core = t
    await eventually(async () => expect((await core.api['deliveries.list']({})).deliveries, core.logs.join('\n')).toHaveLength(2))
    const { deliveries } = await core.api['deliveries.list']({})
    expect(deliveries.map((d) => [d.via, d.outcome, d.status]).sort()).toEqual([
      ['relay', 'accepted', 202],
      ['relay', 'rejected', 401],
    ])
    const { incidents } = await core.api['incidents.list']({ status: ['open'] })
    expect(incidents.map((i) => i.title)).toEqual(['NetworkOut-high'])
    const detail = await core.api['incidents.get']({ id: incidents[0]!.id })
    expect(detail.provenance).toEqual({ by: 'signature', provider: 'AWS SNS', relay: channel.url })
  })
})
