// Signed schemes through a real relay process (SQLite store): the relay keeps a PagerDuty or Standard Webhooks
// delivery verbatim, and the app verifies it as if it had arrived directly. The relay holds nothing that could
// sign one (README, "What a relay can and cannot do"): a body it altered is refused by the app.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fixture } from '../fixtures/load'
import { addRelayChannel, relayCli } from '../helpers/cli'
import { startRelayBackend, type RelayBackend } from '../helpers/relay-backend'
import { SIGNERS } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

describe('signed paging and CI schemes through the relay', () => {
  let backend: RelayBackend
  let relay: Awaited<ReturnType<typeof relayCli>>
  let channel: { url: string; token: string }
  let t: TestCore | null = null

  beforeAll(async () => {
    backend = await startRelayBackend('sqlite')
    relay = await relayCli(backend.dataDir, backend.args)
    channel = await addRelayChannel(backend.dataDir, relay.base, backend.args)
  })
  afterAll(async () => {
    await relay.stop()
    await backend.stop()
  })
  afterEach(async () => {
    await t?.stop()
    t = null
  })

  const all = async (core: TestCore) =>
    (await core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })).incidents

  it.each([
    { provider: 'pagerduty', secret: 'pd-subscription-secret', name: 'triggered' },
    { provider: 'incidentio', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', name: 'incident_created' },
  ])('a $provider delivery posted to the relay becomes an incident in the app', async ({ provider, secret, name }) => {
    t = await startCore()
    await t.api['settings.update']({ relay: { url: channel.url, readToken: channel.token, enabled: true } })
    const { integration } = await t.api['integrations.create']({ provider, secret })
    const body = fixture(provider, name)
    const posted = await fetch(integration.relayUrl!, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...SIGNERS[provider]!(secret, body, Math.floor(Date.now() / 1000)) },
    })
    expect(posted.status).toBe(202)
    await eventually(async () => expect(await all(t!)).toHaveLength(1))
    expect((await t.api['deliveries.list']({})).deliveries[0]).toMatchObject({ via: 'relay', outcome: 'accepted' })
  })

  it('a PagerDuty body altered on the relay is refused by the app as a signature mismatch', async () => {
    const core = await startCore()
    t = core
    const secret = 'pd-subscription-secret'
    const { integration } = await core.api['integrations.create']({ provider: 'pagerduty', secret })
    const body = fixture('pagerduty', 'triggered')
    await fetch(`${channel.url}?integration=${integration.id}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...SIGNERS.pagerduty!(secret, body) },
    })
    await backend.sql('UPDATE deliveries SET body = ? WHERE seq = (SELECT MAX(seq) FROM deliveries)', [
      Buffer.from(body.replace('"P1"', '"P5"')),
    ])
    await core.api['settings.update']({ relay: { url: channel.url, readToken: channel.token, enabled: true } })
    await eventually(async () =>
      expect((await core.api['deliveries.list']({})).deliveries[0]).toMatchObject({
        via: 'relay',
        status: 401,
        reason: expect.stringMatching(/signature mismatch/),
      }),
    )
    expect(await all(core)).toHaveLength(0)
  })
})
