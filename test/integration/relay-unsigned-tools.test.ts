// Uptime Kuma (a bearer header), Better Stack (a basic-auth password), Honeybadger and GitLab (a token as is
// in a header of their own) through a real relay: tools that cannot sign, vouched for by the relay against the hash
// the app registered, which keeps no credential.
// The SQLite relay store only: relay-trust.test.ts runs the same mechanism on PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRelayServer } from '../../src/relay/relay-server'
import { fixture } from '../fixtures/load'
import { postFrom } from '../helpers/raw-http'
import { startRelayBackend, type RelayBackend } from '../helpers/relay-backend'
import { SIGNERS } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

let backend: RelayBackend
let server: ReturnType<typeof createRelayServer>
let channel: { url: string; token: string }
let t: TestCore | null = null

beforeAll(async () => {
  backend = await startRelayBackend('sqlite')
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

interface Case {
  provider: string
  name: string
  fixture: string
  credential: string
  stranger: Record<string, string>
  pasted?: string
}

describe.each<Case>([
  {
    provider: 'uptimekuma',
    name: 'Uptime Kuma',
    fixture: 'down',
    credential: 'Bearer token',
    stranger: { authorization: 'Bearer guessed' },
  },
  {
    provider: 'betterstack',
    name: 'Better Stack Uptime',
    fixture: 'started',
    credential: 'basic-auth password',
    stranger: { authorization: `Basic ${Buffer.from('betterstack:guessed').toString('base64')}` },
  },
  {
    provider: 'honeybadger',
    name: 'Honeybadger',
    fixture: 'occurred',
    credential: 'Honeybadger-Token header',
    stranger: { 'honeybadger-token': 'guessed-project-token' },
    // Honeybadger makes the token; the user pastes it.
    pasted: 'hb-project-token-5f2c9e1a7b3d',
  },
  {
    provider: 'gitlab',
    name: 'GitLab pipelines',
    fixture: 'pipeline-failed',
    credential: 'X-Gitlab-Token header',
    stranger: { 'x-gitlab-token': 'guessed-secret-token' },
  },
])('$provider through a relay', ({ provider, name, fixture: sample, credential, stranger, pasted }) => {
  it('is refused at the relay without the secret, vouched for with it, and the relay keeps no credential', async () => {
    t = await startCore({ relayPolling: { waitSeconds: 1 } })
    await t.api['settings.update']({ relay: { url: channel.url, readToken: channel.token, enabled: true } })
    const created = await t.api['integrations.create']({ provider, ...(pasted ? { secret: pasted } : {}) })
    const { integration } = created
    const secret = created.secret ?? pasted
    await eventually(async () =>
      expect(
        await backend.sql('SELECT integration FROM reader_credentials WHERE integration = ?', [integration.id]),
      ).toHaveLength(1),
    )
    const body = fixture(provider, sample)
    expect((await postFrom(integration.relayUrl!, body, stranger)).status).toBe(401)
    const signed = SIGNERS[provider]!(secret!, body)
    expect((await postFrom(integration.relayUrl!, body, signed)).status).toBe(202)

    const core = t
    await eventually(async () =>
      expect((await core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })).incidents).toHaveLength(1),
    )
    const [incident] = (await core.api['incidents.list']({ status: ['open'] })).incidents
    const detail = await core.api['incidents.get']({ id: incident!.id })
    expect(detail.provenance).toEqual({ by: 'relay', provider: name, relay: channel.url, credential })
    // Neither the secret nor the header that carried it (base64 for basic auth) is in the relay's database.
    const stored = JSON.stringify(await backend.sql('SELECT headers, credential, body FROM deliveries'))
    expect(stored).not.toContain(secret!)
    for (const value of Object.values(signed)) expect(stored).not.toContain(value.split(' ').pop()!)
  })
})
