// Datadog, New Relic, Opsgenie and Grafana OnCall through a real receiver, checked through the API: each
// tool's lifecycle from its fixtures, authenticated with the Authorization header its setup steps name.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixture } from '../fixtures/load'
import { SIGNERS } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

let t: TestCore
beforeEach(async () => {
  t = await startCore()
})
afterEach(() => t.stop())

async function integration(provider: string) {
  const created = await t.api['integrations.create']({ provider })
  return { id: created.integration.id, secret: created.secret! }
}

const all = async () => (await t.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })).incidents

describe.each([
  { provider: 'datadog', steps: ['triggered', 'recovered'], statuses: ['open', 'resolved'], title: /^Checkout p95 latency/ },
  {
    provider: 'newrelic',
    steps: ['activated', 'acknowledged', 'closed'],
    statuses: ['open', 'acknowledged', 'resolved'],
    title: /^Memory Used %/,
  },
  {
    provider: 'opsgenie',
    steps: ['create', 'acknowledge', 'close'],
    statuses: ['open', 'acknowledged', 'resolved'],
    title: /^Checkout API error rate/,
  },
  {
    provider: 'grafana-oncall',
    steps: ['created', 'acknowledge', 'resolve'],
    statuses: ['open', 'acknowledged', 'resolved'],
    title: /HighErrorRate checkout-api$/,
  },
])('$provider through a real receiver', ({ provider, steps, statuses, title }) => {
  it('opens one incident, follows it to resolved, toasts the opening, and keeps the token out of the raw view', async () => {
    const { id, secret } = await integration(provider)
    const seen: string[] = []
    for (const step of steps) {
      const body = fixture(provider, step)
      const response = await t.post(id, body, SIGNERS[provider]!(secret, body))
      expect(response.status, await response.clone().text()).toBe(202)
      const incidents = await all()
      expect(incidents).toHaveLength(1)
      seen.push(incidents[0]!.status)
    }
    expect(seen).toEqual(statuses)
    const [incident] = await all()
    expect(incident).toMatchObject({ kind: 'alert', provider })
    expect(incident!.title).toMatch(title)
    const detail = await t.api['incidents.get']({ id: incident!.id })
    expect(detail.raw!.headers.authorization).toBe('[redacted]')
    expect(detail.provenance).toMatchObject({ by: 'credential' })
    await eventually(() => expect(t.toasts.map((x) => x.title)).toContainEqual(expect.stringMatching(title)))
  })

  it("refuses a delivery without the Authorization header, naming the tool's setting", async () => {
    const { id } = await integration(provider)
    const response = await t.post(id, fixture(provider, steps[0]!))
    expect(response.status).toBe(401)
    const [view] = await t.api['integrations.list']({})
    expect(view!.lastRejection?.reason).toMatch(/^Authorization missing: set .* with this integration's secret/)
    expect(await all()).toHaveLength(0)
  })
})

describe('deliveries that are not incidents', () => {
  it.each([
    ['datadog', 'unknown-transition', /Datadog alert transition "Null"/],
    ['opsgenie', 'add-note', /Opsgenie action AddNote/],
    ['grafana-oncall', 'silence', /Grafana OnCall silence/],
    ['newrelic', 'created', /not yet activated/],
  ])('%s %s is recorded with its reason, and makes no incident', async (provider, name, reason) => {
    const { id, secret } = await integration(provider)
    const body = fixture(provider, name)
    const response = await t.post(id, body, SIGNERS[provider]!(secret, body))
    expect(response.status).toBe(202)
    expect(await all()).toHaveLength(0)
    const { deliveries } = await t.api['deliveries.list']({})
    expect(deliveries[0]).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(reason) })
  })

  it('a Datadog delivery sent with "Encode as form" is refused as not JSON, and nothing is made of it', async () => {
    const { id, secret } = await integration('datadog')
    const form = new URLSearchParams({ alertTransition: 'Triggered', alertId: '83726154' }).toString()
    const response = await t.post(id, form, {
      ...SIGNERS.datadog!(secret, form),
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(response.status).toBe(415)
    const [view] = await t.api['integrations.list']({})
    expect(view!.lastRejection?.reason).toMatch(/^Content-Type must be application\/json/)
    expect(view!.lastRejection?.reason).toMatch(/"Encode as form" is checked: uncheck it/)
    expect(await all()).toHaveLength(0)
  })
})
