// PagerDuty, incident.io, GitHub and GitLab through a real receiver, checked through the API: each opens an
// incident from its vendor's published example, signed at test time as the vendor signs it, and closes it
// with the later event; retries and events Hookbell does not read are recorded without a second incident.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixture } from '../fixtures/load'
import { hmacHex, SIGNERS, standardWebhookHeaders } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

let t: TestCore
beforeEach(async () => {
  t = await startCore()
})
afterEach(() => t.stop())

const all = async () => (await t.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })).incidents

async function integration(provider: string, secret?: string) {
  const created = await t.api['integrations.create']({ provider, secret })
  return { id: created.integration.id, secret: secret ?? created.secret! }
}

/** Posts a fixture signed as the vendor signs it now; `extra` headers as the vendor adds them. */
async function deliver(provider: string, id: string, secret: string, name: string, extra: Record<string, string> = {}) {
  const body = fixture(provider, name)
  const response = await t.post(id, body, { ...SIGNERS[provider]!(secret, body, Math.floor(Date.now() / 1000)), ...extra })
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string } }
}

describe.each([
  {
    provider: 'pagerduty',
    secret: 'pd-subscription-secret',
    open: 'triggered',
    close: 'resolved',
    title: 'A little bump in the road — Zürich DC',
    headers: (name: string) => ({ 'x-webhook-id': `wh-${name}` }),
  },
  {
    provider: 'incidentio',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    open: 'incident_created',
    close: 'incident_status_closed',
    title: 'INC-123: Our database is sad',
    headers: () => ({}),
  },
  {
    provider: 'github',
    secret: undefined,
    open: 'workflow_run-failure',
    close: 'workflow_run-success',
    title: 'Workflow "test" failed on master (octo-org/octo-repo)',
    headers: () => ({ 'x-github-event': 'workflow_run', 'x-github-delivery': crypto.randomUUID() }),
  },
  {
    provider: 'gitlab',
    secret: undefined,
    open: 'pipeline-failed',
    close: 'pipeline-success',
    title: 'Pipeline failed on master (gitlab-org/gitlab-test)',
    headers: () => ({ 'x-gitlab-event': 'Pipeline Hook' }),
  },
])('$provider through the receiver', ({ provider, secret: given, open, close, title, headers }) => {
  it('opens an incident with a toast and its raw delivery, signature redacted, and the later event resolves it', async () => {
    const { id, secret } = await integration(provider, given)
    const opened = await deliver(provider, id, secret, open, headers(open))
    expect(opened.status, JSON.stringify(opened.body)).toBe(202)
    const [incident] = await all()
    expect(incident).toMatchObject({ provider, title, status: 'open' })
    const detail = await t.api['incidents.get']({ id: incident!.id })
    for (const [name, value] of Object.entries(detail.raw!.headers))
      if (/signature|token/.test(name)) expect(value).toBe('[redacted]')
    await eventually(() => expect(t.toasts).toHaveLength(1))

    expect((await deliver(provider, id, secret, close, headers(close))).status).toBe(202)
    const after = await all()
    expect(after).toHaveLength(1)
    expect(after[0]).toMatchObject({ id: incident!.id, status: 'resolved' })
  })

  it('refuses a delivery signed with another secret, with the reason in the delivery log', async () => {
    const { id } = await integration(provider, given)
    const wrong = provider === 'incidentio' ? `whsec_${Buffer.from('k'.repeat(32)).toString('base64')}` : 'not-the-secret'
    const refused = await deliver(provider, id, wrong, open, headers(open))
    expect(refused.status).toBe(401)
    expect(await all()).toHaveLength(0)
    const { deliveries } = await t.api['deliveries.list']({})
    expect(deliveries[0]).toMatchObject({ outcome: 'rejected', status: 401, reason: expect.stringMatching(/match/) })
  })
})

describe('delivery ids, notes and rotation', () => {
  it('a PagerDuty retry (same body, same X-Webhook-Id) is a duplicate: one incident, one toast', async () => {
    const { id, secret } = await integration('pagerduty', 'pd-subscription-secret')
    expect((await deliver('pagerduty', id, secret, 'triggered', { 'x-webhook-id': 'wh-1' })).status).toBe(202)
    const retry = await deliver('pagerduty', id, secret, 'triggered', { 'x-webhook-id': 'wh-1' })
    expect(retry).toMatchObject({ status: 200, body: { status: 'duplicate' } })
    expect(await all()).toHaveLength(1)
    const { deliveries } = await t.api['deliveries.list']({})
    expect(deliveries.map((d) => d.outcome)).toEqual(['duplicate', 'accepted'])
    await eventually(() => expect(t.toasts).toHaveLength(1))
  })

  it('PagerDuty rotating its secret signs with both: a Hookbell still holding the old one accepts it', async () => {
    const { id } = await integration('pagerduty', 'pd-old-secret')
    const body = fixture('pagerduty', 'triggered')
    const header = `v1=${hmacHex('pd-new-secret', body)},v1=${hmacHex('pd-old-secret', body)}`
    expect((await t.post(id, body, { 'x-pagerduty-signature': header })).status).toBe(202)
    expect(await all()).toHaveLength(1)
    // Once PagerDuty drops the old secret, only the new signature comes: refused until it is pasted.
    const later = fixture('pagerduty', 'resolved')
    const refused = await t.post(id, later, { 'x-pagerduty-signature': `v1=${hmacHex('pd-new-secret', later)}` })
    expect(refused.status).toBe(401)
  })

  it("GitHub's ping and a PagerDuty note are answered 2xx and recorded with a reason, not incidents", async () => {
    const gh = await integration('github')
    const ping = await deliver('github', gh.id, gh.secret, 'ping', { 'x-github-event': 'ping' })
    expect(ping).toMatchObject({ status: 202, body: { status: 'ignored', reason: expect.stringMatching(/^GitHub ping/) } })
    const pd = await integration('pagerduty', 'pd-subscription-secret')
    const note = await deliver('pagerduty', pd.id, pd.secret, 'annotated')
    expect(note).toMatchObject({
      status: 202,
      body: { status: 'ignored', reason: expect.stringMatching(/incident.annotated recorded/) },
    })
    expect(await all()).toHaveLength(0)
  })

  it('incident.io refuses a signed delivery replayed more than 5 minutes later', async () => {
    const { id, secret } = await integration('incidentio', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
    const body = fixture('incidentio', 'incident_created')
    const stale = standardWebhookHeaders(secret, body, Math.floor(Date.now() / 1000) - 6 * 60)
    const response = await t.post(id, body, stale)
    expect(response.status).toBe(401)
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/too old/)
  })

  it('GitLab signed with a Signing token verifies the Standard Webhooks way through the receiver', async () => {
    const signing = `whsec_${Buffer.from('a 32-byte signing key for gitlab').toString('base64')}`
    const { id } = await integration('gitlab', signing)
    const body = fixture('gitlab', 'pipeline-failed')
    const response = await t.post(id, body, {
      ...standardWebhookHeaders(signing, body, Math.floor(Date.now() / 1000)),
      'x-gitlab-event': 'Pipeline Hook',
    })
    expect(response.status).toBe(202)
    expect((await all())[0]).toMatchObject({ provider: 'gitlab', status: 'open' })
  })
})
