// Secrets are write-only through the real local API: the relay read token and the credentials in a target
// URL are never answered back, and an edit that leaves them blank (or ***) keeps what is stored.
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

const READ_TOKEN = 'rt_9mXq2LwT4vRk8sYb1nZc6pHd'
// The relay is never reached: the poller's attempts fail against this closed port and are retried.
const RELAY = 'http://127.0.0.1:9/r/ch_team'

describe('GET /api/settings', () => {
  it('says a relay read token is stored (hasReadToken) without ever returning it', async () => {
    t = await startCore()
    api = await startHttpApi(t)
    const saved = await api.send('PATCH', '/api/settings', { relay: { url: RELAY, readToken: READ_TOKEN, enabled: true } })
    expect(saved.status).toBe(200)
    expect(JSON.stringify(saved.body)).not.toContain(READ_TOKEN)
    const got = await api.get<{ relay: unknown }>('/api/settings')
    expect(got.body.relay).toEqual({ url: RELAY, hasReadToken: true, enabled: true })
    expect(JSON.stringify(got.body)).not.toContain(READ_TOKEN)
  })

  it('keeps the stored token when a save leaves it out or blank, and removes it on null', async () => {
    t = await startCore()
    api = await startHttpApi(t)
    await api.send('PATCH', '/api/settings', { relay: { url: RELAY, readToken: READ_TOKEN, enabled: true } })
    await api.send('PATCH', '/api/settings', { relay: { url: `${RELAY}2`, enabled: true } })
    await api.send('PATCH', '/api/settings', { relay: { readToken: '' } })
    expect(t.core.settings.preferences().relay).toEqual({ url: `${RELAY}2`, readToken: READ_TOKEN, enabled: true })
    const cleared = await api.send<{ relay: unknown }>('PATCH', '/api/settings', {
      relay: { url: null, readToken: null, enabled: false },
    })
    expect(cleared.body.relay).toEqual({ url: null, hasReadToken: false, enabled: false })
    expect(t.core.settings.preferences().relay.readToken).toBeNull()
  })
})

describe('target views', () => {
  it('show a URL’s user name and password as ***, and an edit that sends *** back keeps them', async () => {
    t = await startCore()
    api = await startHttpApi(t)
    const url = 'https://forwarder:s3cr3t-pa55@hooks.example.com/incidents?team=ops'
    const created = await api.send<{ id: string; url: string; hasUrlCredentials: boolean }>('POST', '/api/targets', {
      name: 'Ops',
      url,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ url: 'https://***:***@hooks.example.com/incidents?team=ops', hasUrlCredentials: true })
    const listed = await api.get<unknown[]>('/api/targets')
    expect(JSON.stringify(listed.body)).not.toContain('s3cr3t-pa55')
    expect(JSON.stringify(listed.body)).not.toContain('forwarder')

    // The editor sends the view back with a new name and path: the stored credentials stay.
    const edited = await api.send<{ url: string }>('PATCH', `/api/targets/${created.body.id}`, {
      name: 'Ops bridge',
      url: 'https://***:***@hooks.example.com/v2/incidents',
    })
    expect(edited.body.url).toBe('https://***:***@hooks.example.com/v2/incidents')
    expect(t.core.forwarder.targets.get(created.body.id)!.url).toBe(
      'https://forwarder:s3cr3t-pa55@hooks.example.com/v2/incidents',
    )

    // New credentials replace them; a URL without any has none.
    await api.send('PATCH', `/api/targets/${created.body.id}`, { url: 'https://bot:n3w-pa55@hooks.example.com/v2/incidents' })
    expect(t.core.forwarder.targets.get(created.body.id)!.url).toBe('https://bot:n3w-pa55@hooks.example.com/v2/incidents')
    const plain = await api.send<{ url: string; hasUrlCredentials: boolean }>('POST', '/api/targets', {
      name: 'Plain',
      url: 'https://hooks.example.com/x',
    })
    expect(plain.body).toMatchObject({ url: 'https://hooks.example.com/x', hasUrlCredentials: false })
  })
})
