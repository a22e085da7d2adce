// Honeybadger, Rollbar, Uptime Kuma and Better Stack through a real receiver: each opens its incident from a
// vendor-shaped fixture, closes it with the delivery that ends it, and refuses a stranger where the tool can
// carry a credential.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixture } from '../fixtures/load'
import { SIGNERS } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

let t: TestCore
beforeEach(async () => {
  t = await startCore()
})
afterEach(() => t.stop())

async function integration(provider: string, secret?: string) {
  const created = await t.api['integrations.create']({ provider, secret })
  return { id: created.integration.id, secret: secret ?? created.secret ?? '' }
}

const all = async () => (await t.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })).incidents

describe.each([
  {
    provider: 'honeybadger',
    secret: 'd144e04c',
    open: 'occurred-docs',
    close: 'resolved',
    kind: 'exception',
    title: /^RuntimeError: oops/,
  },
  { provider: 'rollbar', open: 'reopened_item', close: 'resolved_item', kind: 'exception', title: /^All set\./ },
  { provider: 'uptimekuma', open: 'down', close: 'up', kind: 'check', title: /^Test is down/ },
  { provider: 'betterstack', open: 'started', close: 'resolved', kind: 'check', title: /^Tesla\.com homepage: Error 500/ },
])('$provider end to end', ({ provider, secret: given, open, close, kind, title }) => {
  it('opens an incident from its delivery, with a toast, and the delivery that ends it resolves it', async () => {
    const { id, secret } = await integration(provider, given)
    const sign = (body: string) => (SIGNERS[provider] && secret ? SIGNERS[provider](secret, body) : {})
    const opening = fixture(provider, open)
    const response = await t.post(id, opening, sign(opening))
    expect(response.status, await response.clone().text()).toBe(202)
    const [incident] = await all()
    expect(incident).toMatchObject({ kind, status: 'open' })
    expect(incident!.title).toMatch(title)
    await eventually(() => expect(t.toasts).toHaveLength(1))
    // No credential header of the tool is kept with the incident.
    const detail = await t.api['incidents.get']({ id: incident!.id })
    for (const [header, value] of Object.entries(detail.raw!.headers))
      if (/authorization|token/.test(header)) expect(value).toBe('[redacted]')
    if (provider === 'honeybadger') expect(detail.raw!.headers['honeybadger-token']).toBe('[redacted]')

    const closing = fixture(provider, close)
    expect((await t.post(id, closing, sign(closing))).status).toBe(202)
    const incidents = await all()
    expect(incidents).toHaveLength(1)
    expect(incidents[0]).toMatchObject({ id: incident!.id, status: 'resolved' })
  })
})

describe('a stranger who knows the receiver URL but not the secret', () => {
  it.each([
    ['honeybadger', 'd144e04c', { 'honeybadger-token': 'guessed' }, 'occurred-docs', /Honeybadger-Token does not match/],
    ['uptimekuma', undefined, { authorization: 'Bearer guessed' }, 'down', /Authorization credentials do not match/],
    ['betterstack', undefined, {}, 'started', /Authorization missing: set Better Stack/],
  ])('cannot post to %s, and the refusal says what to fix', async (provider, given, headers, name, reason) => {
    const { id } = await integration(provider, given)
    const response = await t.post(id, fixture(provider, name), headers)
    expect(response.status).toBe(401)
    expect(await all()).toHaveLength(0)
    const [view] = await t.api['integrations.list']({})
    expect(view!.lastRejection?.reason).toMatch(reason)
  })

  it("records a tool's test notification as a delivery, not an incident", async () => {
    const { id, secret } = await integration('uptimekuma')
    const body = fixture('uptimekuma', 'test')
    expect((await t.post(id, body, SIGNERS['uptimekuma']!(secret, body))).status).toBe(202)
    expect(await all()).toHaveLength(0)
    const { deliveries } = await t.api['deliveries.list']({})
    expect(deliveries[0]).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/without a heartbeat/) })
  })
})
