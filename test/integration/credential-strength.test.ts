// Credentials a caller chooses, through the real local API (what the CLI's `integrations add --secret`,
// `set-secret` and the Settings screen call): blank or few-character signing secrets are refused with the
// reason, and an id that would be an integration's only credential must be unguessable.
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { startHttpApi } from '../helpers/http-api'
import { startCore, type TestCore } from '../helpers/test-core'

let t: TestCore | null = null
let api: Awaited<ReturnType<typeof startHttpApi>> | null = null
afterEach(async () => {
  await api?.stop()
  await t?.stop()
  api = null
  t = null
})

type Refusal = { error: { message: string } }

describe('signing secrets', () => {
  it('POST /api/integrations refuses a blank Sentry secret and a one-letter AppSignal token, with the reason', async () => {
    t = await startCore()
    api = await startHttpApi(t)
    const blank = await api.send<Refusal>('POST', '/api/integrations', { provider: 'sentry', secret: '   ' })
    expect(blank).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('the secret is blank') } } })
    const short = await api.send<Refusal>('POST', '/api/integrations', { provider: 'appsignal', secret: 'a' })
    expect(short).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('too short (1 characters') } } })
    expect((await api.get<unknown[]>('/api/integrations')).body).toEqual([])
  })

  it('PATCH /api/integrations/:id (set-secret, Settings) refuses them too and keeps the stored secret', async () => {
    t = await startCore()
    api = await startHttpApi(t)
    const created = await api.send<{ integration: { id: string } }>('POST', '/api/integrations', {
      provider: 'appsignal',
      secret: 'appsignal-token-from-the-ui',
    })
    expect(created.status).toBe(201)
    const id = created.body.integration.id
    const refused = await api.send<Refusal>('PATCH', `/api/integrations/${id}`, { secret: 'a' })
    expect(refused.status).toBe(400)
    expect(refused.body.error.message).toContain('too short')
    expect(t.core.settings.integration(id)!.secrets).toEqual(['appsignal-token-from-the-ui'])
  })
})

describe('an id that is the only credential', () => {
  it('refuses a Retrace integration with 22 a as its id, and takes one as random as Hookbell makes', async () => {
    t = await startCore()
    api = await startHttpApi(t)
    const weak = await api.send<Refusal>('POST', '/api/integrations', { provider: 'retrace', id: 'a'.repeat(22) })
    expect(weak.status).toBe(400)
    expect(weak.body.error.message).toContain('its id must be unguessable (at least 128 bits')
    const strong = 'R' + randomBytes(18).toString('base64url').slice(1)
    expect((await api.send('POST', '/api/integrations', { provider: 'retrace', id: strong })).status).toBe(201)
  })

  it('an unsigned generic integration is held to the same rule; a signed one may use a readable id', async () => {
    t = await startCore()
    api = await startHttpApi(t)
    const id = 'team-generic-alerts-0001'
    const unsigned = await api.send<Refusal>('POST', '/api/integrations', { provider: 'generic', signed: false, id })
    expect(unsigned.status).toBe(400)
    expect((await api.send('POST', '/api/integrations', { provider: 'generic', secret: 'shared-team-secret', id })).status).toBe(
      201,
    )
  })
})
