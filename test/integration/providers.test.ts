// Every provider through a real receiver, checked through the API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IncidentDetail } from '../../src/shared/incident'
import type { ProviderInfo } from '../../src/shared/model'
import { PROVIDERS } from '../../src/main/core/providers'
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

async function deliver(provider: string, id: string, secret: string, body: string, extra: Record<string, string> = {}) {
  const sign = SIGNERS[provider]
  return t.post(id, body, { ...(sign && secret ? sign(secret, body) : {}), ...extra })
}

const all = async () => (await t.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })).incidents

describe.each([
  {
    provider: 'appsignal',
    fixture: 'exception',
    secret: 'appsignal-token-from-the-ui',
    kind: 'exception',
    title: /^Appsignal::Demo::TestError/,
  },
  {
    provider: 'appsignal',
    fixture: 'anomaly-wrapped',
    secret: 'appsignal-token-from-the-ui',
    kind: 'anomaly',
    title: /^Error rate over 5%/,
  },
  { provider: 'sentry', fixture: 'event_alert', secret: 'sentry-client-secret', kind: 'exception', title: /^ValueError/ },
  { provider: 'checkly', fixture: 'failure', kind: 'check', title: /Checkout API/ },
  { provider: 'retrace', fixture: 'error', kind: 'exception', title: /NullReferenceException/ },
  { provider: 'generic', fixture: 'triggered', kind: 'alert', title: /Database connection timeout/ },
  { provider: 'alertmanager', fixture: 'firing', kind: 'alert', title: /checkout-1/ },
  { provider: 'grafana', fixture: 'alerting', kind: 'alert', title: /Disk on db-1/ },
])('$provider $fixture', ({ provider, fixture: name, secret: given, kind, title }) => {
  it('becomes an incident through a real receiver, with its raw delivery kept and the signature redacted', async () => {
    const { id, secret } = await integration(provider, given)
    const response = await deliver(provider, id, secret, fixture(provider, name))
    expect(response.status, await response.clone().text()).toBe(202)
    const incidents = await all()
    expect(incidents.length).toBeGreaterThan(0)
    expect(incidents.some((i) => i.kind === kind && title.test(i.title))).toBe(true)
    const detail: IncidentDetail = await t.api['incidents.get']({ id: incidents[0]!.id })
    expect(detail.raw?.body).toBeTruthy()
    for (const [header, value] of Object.entries(detail.raw!.headers)) {
      if (/signature|authorization/.test(header)) expect(value).toBe('[redacted]')
    }
    await eventually(() => expect(t.toasts.length).toBe(incidents.length))
  })
})

describe('redelivery and ordering across providers', () => {
  it('a Sentry retry (same body, new Request-ID) is one incident and one toast', async () => {
    const { id, secret } = await integration('sentry', 'sentry-client-secret')
    const body = fixture('sentry', 'event_alert')
    expect((await deliver('sentry', id, secret, body, { 'request-id': 'a'.repeat(32) })).status).toBe(202)
    const retry = await deliver('sentry', id, secret, body, { 'request-id': 'b'.repeat(32) })
    expect(retry.status).toBe(200)
    expect(await all()).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 50))
    expect(t.toasts).toHaveLength(1)
  })

  it('a Checkly failure delivered after its recovery is recorded but does not reopen the check', async () => {
    const { id, secret } = await integration('checkly')
    const failure = fixture('checkly', 'failure')
    const recovery = fixture('checkly', 'recovery')
    expect((await t.post(id, recovery, { ...SIGNERS.checkly!(secret, recovery, 1763632860) })).status).toBe(202)
    expect((await t.post(id, failure, { ...SIGNERS.checkly!(secret, failure, 1763632800) })).status).toBe(202)
    const [incident] = await all()
    expect(incident).toMatchObject({ status: 'resolved' })
    const detail = await t.api['incidents.get']({ id: incident!.id })
    expect(detail.timeline.map((e) => e.text)).toContain('ignored a late trigger delivery: older than the state already applied')
    await new Promise((r) => setTimeout(r, 50))
    expect(t.toasts).toHaveLength(0)
  })

  it('a Checkly failure then recovery in order resolves the check', async () => {
    const { id, secret } = await integration('checkly')
    const failure = fixture('checkly', 'failure')
    const recovery = fixture('checkly', 'recovery')
    await t.post(id, failure, SIGNERS.checkly!(secret, failure, 1763632800))
    await t.post(id, recovery, SIGNERS.checkly!(secret, recovery, 1763632860))
    expect((await all())[0]).toMatchObject({ status: 'resolved' })
  })

  it('an Alertmanager repeat of a firing alert raises no second incident, occurrence or toast', async () => {
    const { id, secret } = await integration('alertmanager')
    const body = fixture('alertmanager', 'firing')
    await deliver('alertmanager', id, secret, body)
    const repeat = body.replace('"truncatedAlerts": 0', '"truncatedAlerts": 0, "repeat": 1')
    expect((await deliver('alertmanager', id, secret, repeat)).status).toBe(202)
    const incidents = await all()
    expect(incidents).toHaveLength(2)
    // The same alerts with the same startsAt: the same firing, told again.
    expect(incidents.every((i) => i.occurrences === 1)).toBe(true)
    await new Promise((r) => setTimeout(r, 50))
    expect(t.toasts).toHaveLength(2)
  })

  it('a Retrace error regressed after resolve reopens and notifies', async () => {
    const { id } = await integration('retrace')
    const body = fixture('retrace', 'error')
    await t.post(id, body)
    const [incident] = await all()
    await t.api['incidents.resolve']({ id: incident!.id })
    const regressed = body.replace('"EventType": 5', '"EventType": 6')
    await t.post(id, regressed)
    expect((await all())[0]).toMatchObject({ status: 'open', occurrences: 2 })
    await eventually(() =>
      expect(t.toasts.map((x) => x.title)).toEqual([expect.any(String), expect.stringMatching(/^Reopened: /)]),
    )
  })

  it('a Sentry installation webhook is logged and makes no incident', async () => {
    const { id, secret } = await integration('sentry', 'sentry-client-secret')
    const body = fixture('sentry', 'installation')
    const response = await t.post(id, body, { ...SIGNERS.sentry!(secret, body), 'sentry-hook-resource': 'installation' })
    expect(response.status).toBe(202)
    expect(await all()).toHaveLength(0)
    const { deliveries } = await t.api['deliveries.list']({})
    expect(deliveries[0]).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/installation/) })
  })

  it('an AppSignal delivery before the token is pasted is refused with what to do', async () => {
    const { id } = await integration('appsignal')
    const body = fixture('appsignal', 'exception')
    const response = await t.post(id, body, SIGNERS.appsignal!('token', body))
    expect(response.status).toBe(401)
    const [view] = await t.api['integrations.list']({})
    expect(view!.lastRejection?.reason).toMatch(/paste AppSignal's webhook verification token/)
  })

  it('a delivery refused for a missing token can be replayed once the token is pasted', async () => {
    const { id } = await integration('appsignal')
    const body = fixture('appsignal', 'exception')
    expect((await t.post(id, body, SIGNERS.appsignal!('the-real-token', body))).status).toBe(401)
    const [refused] = (await t.api['deliveries.list']({})).deliveries
    await t.api['integrations.update']({ id, secret: 'the-real-token' })
    const replayed = await t.api['deliveries.replay']({ id: refused!.id })
    expect(replayed).toMatchObject({ status: 202, outcome: 'accepted', incidentIds: [expect.any(String)] })
    expect(await all()).toHaveLength(1)
    // Replaying it again is a redelivery.
    expect(await t.api['deliveries.replay']({ id: refused!.id })).toMatchObject({ outcome: 'duplicate' })
  })

  it('keeps an Alertmanager bearer token out of the delivery log, so that delivery cannot be replayed', async () => {
    const { id, secret } = await integration('alertmanager')
    await deliver('alertmanager', id, secret, fixture('alertmanager', 'firing'))
    const [delivery] = (await t.api['deliveries.list']({})).deliveries
    await expect(t.api['deliveries.replay']({ id: delivery!.id })).rejects.toThrow(/Authorization header was a secret/)
  })

  it('a payload the provider does not recognise is a 400 with the reason in the log', async () => {
    const { id, secret } = await integration('appsignal', 'appsignal-token')
    // A kind AppSignal sends but without the keys it always carries (the conformance suite covers unknown kinds).
    const body = '{"exception": {"message": "no number"}}'
    const response = await deliver('appsignal', id, secret, body)
    expect(response.status).toBe(400)
    expect((await t.api['deliveries.list']({})).deliveries[0]!.reason).toMatch(
      /^payload not recognised as AppSignal: exception without site and number/,
    )
  })
})

describe('setup text through the API', () => {
  it('lists every provider with setup steps; Checkly carries its template', async () => {
    const providers: ProviderInfo[] = await t.api['providers.list']({})
    // Every registered provider, whatever the registry holds (adding one is a line there, not here).
    expect(providers.map((p) => p.id).sort()).toEqual([...PROVIDERS.keys()].sort())
    expect(providers.length).toBeGreaterThanOrEqual(11)
    for (const p of providers) expect(p.setup.length).toBeGreaterThan(0)
    expect(providers.find((p) => p.id === 'checkly')!.template).toContain('"checkId": "{{CHECK_ID}}"')
    expect(providers.find((p) => p.id === 'datadog')!.template).toContain('"alertCycleKey": "$ALERT_CYCLE_KEY"')
    expect(providers.find((p) => p.id === 'retrace')!.secret).toBe('none')
  })

  it('an integration id carries at least 128 bits', async () => {
    const { id } = await integration('retrace')
    expect(Buffer.from(id, 'base64url').length * 8).toBeGreaterThanOrEqual(128)
  })
})
