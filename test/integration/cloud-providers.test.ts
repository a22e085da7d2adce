// AWS SNS, Azure Monitor and Google Cloud Monitoring through a real receiver, checked through the API. SNS
// messages are signed with a test certificate planted in the data folder's certificate cache; the core's
// fetch fails the test if anything reaches for the network.
import { afterEach, describe, expect, it } from 'vitest'
import { fixture } from '../fixtures/load'
import { noNetwork, plantCertificate, signSns } from '../helpers/sns'
import { eventually, startCore, tempDir, type TestCore } from '../helpers/test-core'

let t: TestCore | undefined
afterEach(() => t?.stop())

const all = async (core: TestCore) =>
  (await core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })).incidents
const basic = (secret: string) => ({ authorization: `Basic ${Buffer.from(`hookbell:${secret}`).toString('base64')}` })

describe('AWS SNS through a real receiver', () => {
  const message = (name: string) => JSON.parse(fixture('aws-sns', name)) as Record<string, unknown>
  const textPlain = { 'content-type': 'text/plain; charset=UTF-8' }

  async function start() {
    const dataDir = tempDir()
    for (const name of ['cloudwatch-alarm', 'subscription-confirmation'])
      plantCertificate(dataDir, message(name).SigningCertURL as string)
    t = await startCore({ dataDir, fetch: noNetwork })
    const { integration } = await t.api['integrations.create']({ provider: 'aws-sns' })
    return { core: t, id: integration.id }
  }

  it('opens a CloudWatch alarm from a text/plain message, counts an SNS retry once, and resolves on OK', async () => {
    const { core, id } = await start()
    const alarm = signSns(message('cloudwatch-alarm'))
    const first = await core.post(id, alarm, { ...textPlain, 'x-amz-sns-message-type': 'Notification' })
    expect(first.status, await first.clone().text()).toBe(202)
    // SNS retries with the same message (same MessageId and signature).
    const retry = await core.post(id, alarm, textPlain)
    expect(retry.status).toBe(200)
    expect(await retry.json()).toMatchObject({ status: 'duplicate' })
    const [incident] = await all(core)
    expect(incident).toMatchObject({ title: 'NetworkOut-high', status: 'open', kind: 'alert', occurrences: 1 })
    await eventually(() => expect(core.toasts).toHaveLength(1))

    expect((await core.post(id, signSns(message('cloudwatch-ok')), textPlain)).status).toBe(202)
    expect(await all(core)).toMatchObject([{ id: incident!.id, status: 'resolved' }])
    // AWS's signature was checked on each: the detail pane says so.
    const detail = await core.api['incidents.get']({ id: incident!.id })
    expect(detail.provenance).toMatchObject({ by: 'signature', provider: 'AWS SNS' })
  })

  it('refuses a forged message with the reason, and logs it', async () => {
    const { core, id } = await start()
    const forged = signSns(message('cloudwatch-alarm')).replace('NetworkOut-high', 'NetworkOut-low')
    const response = await core.post(id, forged, textPlain)
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ error: { message: expect.stringMatching(/^signature mismatch/) } })
    expect(await all(core)).toHaveLength(0)
    const { deliveries } = await core.api['deliveries.list']({ outcome: 'rejected' })
    expect(deliveries[0]).toMatchObject({ status: 401, reason: expect.stringMatching(/not signed by Amazon SNS/) })
  })

  it('shows a SubscriptionConfirmation as an incident linking to its SubscribeURL', async () => {
    const { core, id } = await start()
    const response = await core.post(id, signSns(message('subscription-confirmation')), textPlain)
    expect(response.status).toBe(202)
    const [incident] = await all(core)
    expect(incident).toMatchObject({ title: expect.stringMatching(/^Confirm the SNS subscription to arn:aws:sns:us-west-2/) })
    const detail = await core.api['incidents.get']({ id: incident!.id })
    expect(detail.url).toMatch(/^https:\/\/sns\.us-west-2\.amazonaws\.com\/\?Action=ConfirmSubscription&/)
  })

  it('answers 503 with Retry-After when the certificate is neither cached nor reachable, so SNS retries', async () => {
    t = await startCore({ fetch: noNetwork })
    const { integration } = await t.api['integrations.create']({ provider: 'aws-sns' })
    const response = await t.post(integration.id, signSns(message('cloudwatch-alarm')), textPlain)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('30')
    expect(await response.json()).toMatchObject({
      error: {
        message: expect.stringMatching(/^could not get the SNS signing certificate: could not fetch https:\/\/sns\.us-east-1/),
      },
    })
    const { deliveries } = await t.api['deliveries.list']({ outcome: 'rejected' })
    expect(deliveries).toHaveLength(1)
  })

  it('keeps JSON-only providers JSON-only: text/plain to another integration is refused', async () => {
    const { core } = await start()
    const { integration } = await core.api['integrations.create']({ provider: 'generic', signed: false })
    const response = await core.post(integration.id, '{"summary": "x"}', textPlain)
    expect(response.status).toBe(415)
    expect(await response.json()).toMatchObject({
      error: { message: 'Content-Type must be application/json (got text/plain; charset=UTF-8)' },
    })
  })
})

describe('Azure Monitor through a real receiver', () => {
  it('opens on Fired and resolves on Resolved with the generated basic-auth password; refuses without it', async () => {
    t = await startCore()
    const created = await t.api['integrations.create']({ provider: 'azure-monitor' })
    const secret = created.secret!
    expect(secret).toBeTruthy()
    const id = created.integration.id
    expect((await t.post(id, fixture('azure-monitor', 'metric-fired'))).status).toBe(401)
    expect((await t.post(id, fixture('azure-monitor', 'metric-fired'), basic(secret))).status).toBe(202)
    const [incident] = await all(t)
    expect(incident).toMatchObject({ title: 'WCUS-R2-Gen2 on wcus-r2-gen2', status: 'open', severity: 'info' })
    expect((await t.post(id, fixture('azure-monitor', 'metric-resolved'), basic(secret))).status).toBe(202)
    expect(await all(t)).toMatchObject([{ id: incident!.id, status: 'resolved' }])
    const detail = await t.api['incidents.get']({ id: incident!.id })
    expect(detail.raw!.headers.authorization).toBe('[redacted]')
  })
})

describe('Google Cloud Monitoring through a real receiver', () => {
  it('accepts token auth (auth_token in the URL) and closes the incident; refuses a wrong token', async () => {
    t = await startCore()
    const created = await t.api['integrations.create']({ provider: 'google-cloud' })
    const url = (token: string) => `${t!.base}/hooks/${created.integration.id}?auth_token=${encodeURIComponent(token)}`
    const post = (token: string, name: string) =>
      fetch(url(token), { method: 'POST', body: fixture('google-cloud', name), headers: { 'content-type': 'application/json' } })
    expect((await post('guess', 'open')).status).toBe(401)
    expect((await post(created.secret!, 'open')).status).toBe(202)
    const [incident] = await all(t)
    expect(incident).toMatchObject({ status: 'open', kind: 'alert' })
    expect((await post(created.secret!, 'closed')).status).toBe(202)
    expect(await all(t)).toMatchObject([{ id: incident!.id, status: 'resolved' }])
  })

  it('accepts basic auth with the secret as password', async () => {
    t = await startCore()
    const created = await t.api['integrations.create']({ provider: 'google-cloud' })
    expect((await t.post(created.integration.id, fixture('google-cloud', 'open'), basic(created.secret!))).status).toBe(202)
  })
})
