// Integration settings end to end: set through the API, applied by the receiver to deliveries shaped as
// Grafana and Alertmanager send them, shown back in the setup steps, and answer times per integration.
import { afterEach, describe, expect, it } from 'vitest'
import { fixture } from '../fixtures/load'
import { hmacHex } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

let t: TestCore | null = null
afterEach(async () => {
  await t?.stop()
  t = null
})

const SECRET = 'hbk_options-secret-0123456789'

describe('integration options through the receiver', () => {
  it('Grafana with a custom signature header and no timestamp: refused until set, accepted after, with the steps to match', async () => {
    t = await startCore()
    const { integration } = await t.api['integrations.create']({ provider: 'grafana', secret: SECRET })
    expect(integration.options).toEqual({})
    const body = fixture('grafana', 'alerting')
    const headers = { 'X-Acme-Signature': hmacHex(SECRET, body), 'User-Agent': 'Grafana' }

    const before = await t.post(integration.id, body, headers)
    expect(before.status).toBe(401)

    const { integration: updated } = await t.api['integrations.update']({
      id: integration.id,
      options: { signatureHeader: 'X-Acme-Signature', timestampHeader: null },
    })
    expect(updated.options).toEqual({ signatureHeader: 'X-Acme-Signature', timestampHeader: null })
    expect(updated.setup.join('\n')).toContain('"Header" X-Acme-Signature, leave "Timestamp header" blank')

    const after = await t.post(integration.id, body, headers)
    expect(after.status).toBe(202)
    // Timed when the answer's last byte is written, which may be just after the client has read it.
    const listed = await eventually(async () => {
      const [view] = await t!.api['integrations.list']({})
      expect(view!.answerTimes).toMatchObject({ count: 1, limitMs: null, warning: null })
      return view
    })
    expect(listed!.lastRejection!.reason).toMatch(/^Authorization missing/)
    expect(listed!.answerTimes!.p50Ms).toBeLessThanOrEqual(listed!.answerTimes!.p99Ms)
  })

  it('refuses options a tool does not have, or a bad value, and keeps the old ones', async () => {
    t = await startCore()
    const { integration } = await t.api['integrations.create']({
      provider: 'alertmanager',
      secret: SECRET,
      options: { authScheme: 'HookbellKey' },
    })
    await expect(
      t.api['integrations.update']({ id: integration.id, options: { signatureHeader: 'X-Sig' } }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/has no "signatureHeader" setting/) })
    await expect(t.api['integrations.create']({ provider: 'grafana', options: { authScheme: 'Basic' } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/Basic needs no scheme/),
    })
    const [kept] = await t.api['integrations.list']({})
    expect(kept!.options).toEqual({ authScheme: 'HookbellKey' })
    // The test delivery signs with the configured scheme, and it is accepted.
    const sent = await t.api['integrations.sendTest']({ id: integration.id })
    expect(sent).toMatchObject({ status: 202, outcome: 'accepted' })
  })

  it('Alertmanager custom payload: fires and resolves one incident per group through the generic fields', async () => {
    t = await startCore()
    const { integration } = await t.api['integrations.create']({
      provider: 'alertmanager',
      secret: SECRET,
      options: { payload: 'generic' },
    })
    const auth = { Authorization: `Bearer ${SECRET}`, 'User-Agent': 'Alertmanager/0.29.0' }
    const fired = await t.post(integration.id, fixture('alertmanager', 'custom-payload-firing'), auth)
    expect(fired.status).toBe(202)
    const { incidents: ids } = (await fired.json()) as { incidents: string[] }
    const resolved = await t.post(integration.id, fixture('alertmanager', 'custom-payload-resolved'), auth)
    expect(resolved.status).toBe(202)
    const incident = await t.api['incidents.get']({ id: ids[0]! })
    expect(incident).toMatchObject({ title: 'p99 latency above 2s on payments-2', severity: 'critical', status: 'resolved' })
    // The sample the core sends for this integration is the rendered template, so it is accepted too.
    expect(await t.api['integrations.sendTest']({ id: integration.id })).toMatchObject({ outcome: 'accepted' })
  })

  it("puts Alertmanager's notification_reason on the timeline and groups by route labels", async () => {
    t = await startCore()
    const { integration } = await t.api['integrations.create']({ provider: 'alertmanager', secret: SECRET })
    const res = await t.post(integration.id, fixture('alertmanager', 'route-labels'), { Authorization: `Bearer ${SECRET}` })
    const { incidents: ids } = (await res.json()) as { incidents: string[] }
    const incident = await t.api['incidents.get']({ id: ids[0]! })
    expect(incident).toMatchObject({ app: 'payments', environment: 'staging' })
    expect(incident.timeline.map((e) => e.text)).toContain('opened by source (Alertmanager: repeat_interval)')
  })

  it('gives Sentry integrations their 1 s limit in the answer times', async () => {
    t = await startCore()
    const { integration } = await t.api['integrations.create']({ provider: 'sentry', secret: 'sentry-client-secret' })
    expect(integration.answerTimes).toBeNull()
    await t.api['integrations.sendTest']({ id: integration.id })
    await eventually(async () => {
      const [listed] = await t!.api['integrations.list']({})
      expect(listed!.answerTimes).toMatchObject({ count: 1, limitMs: 1000 })
    })
  })
})
