// The relay keeps no credential that could forge an incident: an Authorization header is checked against the
// hash the app registered for the integration and removed before the delivery is stored. On each store.
import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createRelayServer } from '../../src/relay/relay-server'
import { credentialHash, type RelayItem } from '../../src/server-common/relay-protocol'
import { RELAY_BACKENDS, startRelayBackend, stopPostgres, type RelayBackend } from '../helpers/relay-backend'

afterAll(() => stopPostgres())

describe.each(RELAY_BACKENDS)('credential checks on the relay (%s)', (name) => {
  let backend: RelayBackend
  let stop: () => Promise<void> = async () => undefined
  afterEach(async () => {
    await stop()
    await backend.stop()
  })

  async function relay() {
    backend = await startRelayBackend(name)
    const store = await backend.openStore()
    const { id, token } = await store.addChannel('oncall', 'dana', Date.now())
    const server = createRelayServer({ store, host: '127.0.0.1', port: 0, log: () => undefined })
    const port = await server.start()
    stop = () => server.stop()
    const url = `http://127.0.0.1:${port}/r/${id}`
    const asReader = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const register = (body: unknown, headers: Record<string, string> = asReader) =>
      fetch(`${url}/credentials`, { method: 'PUT', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
    const items = async () =>
      ((await (await fetch(`${url}/deliveries?after=0`, { headers: asReader })).json()) as { deliveries: RelayItem[] }).deliveries
    const post = (integration: string, headers: Record<string, string>) =>
      fetch(`${url}?integration=${integration}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"alerts":[]}',
      })
    return { url, register, items, post }
  }

  const secret = 'hbk_alertmanager-secret-0123456789abcdef'
  const salted = (credential: string) => {
    const salt = randomBytes(16).toString('base64url')
    return { salt, hash: credentialHash(salt, credential) }
  }

  it('checks a bearer token or basic-auth password against the registered hash, stores the delivery without it, and says so', async () => {
    const r = await relay()
    expect(
      (await r.register({ integrations: [{ integrationId: 'am1', scheme: 'Bearer', hashes: [salted(secret)] }] })).status,
    ).toBe(200)
    expect((await r.post('am1', { authorization: `Bearer ${secret}` })).status).toBe(202)
    const basic = Buffer.from(`alertmanager:${secret}`).toString('base64')
    expect((await r.post('am1', { authorization: `Basic ${basic}` })).status).toBe(202)

    const wrong = await r.post('am1', { authorization: 'Bearer guessed' })
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toMatchObject({
      error: { message: expect.stringMatching(/do not match the credential the app registered/) },
    })
    expect((await r.post('am1', { authorization: 'Token abc' })).status).toBe(401)

    const stored = await r.items()
    expect(stored.map((i) => (i.kind === 'note' ? null : i.credential))).toEqual([
      { outcome: 'checked', integrationId: 'am1', via: 'scheme', scheme: 'Bearer' },
      { outcome: 'checked', integrationId: 'am1', via: 'basic', scheme: 'Bearer' },
    ])
    for (const item of stored) expect(item.headers.authorization).toBeUndefined()
    // Not in the database either, in any form the app would accept.
    const rows = await backend.sql('SELECT headers, credential FROM deliveries')
    expect(JSON.stringify(rows)).not.toContain(secret)
    expect(JSON.stringify(rows)).not.toContain(basic)
  })

  it('keeps a signed delivery (no Authorization) as it came, and removes an Authorization it has no hash for', async () => {
    const r = await relay()
    await r.register({ integrations: [{ integrationId: 'gf1', scheme: 'Bearer', hashes: [salted(secret)] }] })
    expect((await r.post('gf1', { 'x-grafana-alerting-signature': 'ab'.repeat(32) })).status).toBe(202)
    expect((await r.post('unregistered', { authorization: `Bearer ${secret}`, cookie: 'session=1' })).status).toBe(202)
    const [signed, unchecked] = await r.items()
    expect(signed).toMatchObject({ headers: { 'x-grafana-alerting-signature': 'ab'.repeat(32) } })
    expect((signed as { credential?: unknown }).credential).toBeUndefined()
    expect(unchecked).toMatchObject({ credential: { outcome: 'removed' } })
    expect(unchecked!.headers.authorization).toBeUndefined()
    expect(unchecked!.headers.cookie).toBeUndefined()
  })

  it('refuses a delivery with no credential at all for an integration whose credential it holds (401, nothing stored)', async () => {
    const r = await relay()
    await r.register({ integrations: [{ integrationId: 'am1', scheme: 'Token', hashes: [salted(secret)] }] })
    // Alertmanager with its http_config.authorization forgotten: the app would refuse it after the relay's 202.
    const bare = await r.post('am1', {})
    expect(bare.status).toBe(401)
    expect(await bare.json()).toMatchObject({
      error: { message: expect.stringMatching(/Authorization missing: .* to Token with this integration's secret/) },
    })
    expect((await r.post('am1', { authorization: '  ' })).status).toBe(401)
    expect(await r.items()).toEqual([])
    // A signed delivery for it (Grafana's HMAC) is still the app's to verify, and one with the token passes.
    expect((await r.post('am1', { 'x-grafana-alert-signature': 'cd'.repeat(32) })).status).toBe(202)
    expect((await r.post('am1', { authorization: `Token ${secret}` })).status).toBe(202)
    expect((await r.items()).length).toBe(2)
  })

  it('takes registrations only from a reader of the channel, and says what is wrong with a malformed one', async () => {
    const r = await relay()
    const body = { integrations: [{ integrationId: 'am1', scheme: 'Bearer', hashes: [salted(secret)] }] }
    expect((await r.register(body, { authorization: 'Bearer hbr_not-a-reader' })).status).toBe(401)
    for (const [bad, message] of [
      ['{"integrations": 3}', /expected \{"integrations"/],
      [{ integrations: [{ integrationId: 'x', scheme: 'Bearer', hashes: [{ salt: 'short', hash: 'zz' }] }] }, /base64url/],
      [{ integrations: [{ integrationId: 'x', scheme: 'Bear er', hashes: [salted('s')] }] }, /HTTP auth scheme/],
      ['{', /not JSON/],
    ] as const) {
      const answer = await r.register(bad)
      expect(answer.status).toBe(400)
      expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(message)
    }
    // Nothing was registered: a delivery with a token is kept, its credential removed unchecked.
    await r.post('am1', { authorization: `Bearer ${secret}` })
    expect((await r.items())[0]).toMatchObject({ credential: { outcome: 'removed' } })
  })
})
