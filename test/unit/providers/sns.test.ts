// AWS SNS: messages signed as AWS signs them (test/helpers/sns.ts) with a test certificate planted in the
// certificate cache; no test touches the network (the fetch fails the test if called).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { certificatePath, createCertStore } from '../../../src/main/core/ingest/cert-store'
import { sns } from '../../../src/main/core/providers/aws-sns'
import type { ProviderServices, RawRequest } from '../../../src/main/core/providers/types'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'
import { noNetwork, plantCertificate, signSns, testSigner } from '../../helpers/sns'

const NOW = Date.parse('2026-01-15T10:30:05Z')
const message = (name: string): Record<string, unknown> => JSON.parse(fixture('aws-sns', name)) as Record<string, unknown>
const CERT_URL = message('cloudwatch-alarm').SigningCertURL as string

let dataDir: string
let store: ProviderServices
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hookbell-sns-'))
  plantCertificate(dataDir, CERT_URL)
  store = createCertStore({ dir: join(dataDir, 'sns-certs'), fetch: noNetwork })
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

const request = (body: string): RawRequest =>
  rawRequest(body, { 'content-type': 'text/plain; charset=UTF-8' }, { receivedAt: NOW })

/** prepare, then verify, as the pipeline runs them. */
async function check(body: string, services: ProviderServices = store) {
  const ready = await sns.prepare!(request(body), services)
  if (!ready.ok) return ready
  return sns.verify(request(body), [], NOW, {}, ready.prepared)
}

describe('aws-sns verification', () => {
  it.each(['1', '2'] as const)('accepts a message signed with SignatureVersion %s by the cached certificate', async (version) => {
    expect(await check(signSns(message('cloudwatch-alarm'), { at: NOW, version }))).toEqual({ ok: true })
  })

  it('accepts a SubscriptionConfirmation, whose signature covers SubscribeURL and Token', async () => {
    const body = signSns({ ...message('subscription-confirmation'), SigningCertURL: CERT_URL }, { at: NOW })
    expect(await check(body)).toEqual({ ok: true })
  })

  it('refuses a forged message: one changed byte in Message', async () => {
    const body = signSns(message('cloudwatch-alarm'), { at: NOW }).replace('\\"ALARM\\"', '\\"OK\\"')
    expect(body).toContain('\\"OK\\"')
    const result = await check(body)
    expect(result).toMatchObject({ ok: false, status: 401 })
    expect(result.ok || result.reason).toMatch(/signature mismatch: this message was not signed by Amazon SNS/)
  })

  it('refuses a message signed by another key, even with a real SNS certificate URL', async () => {
    const signed = JSON.parse(signSns(message('cloudwatch-alarm'), { at: NOW })) as Record<string, string>
    signed.Signature = Buffer.from('x'.repeat(256)).toString('base64')
    expect(await check(JSON.stringify(signed))).toMatchObject({ ok: false, status: 401 })
  })

  it.each([
    [
      'a wrong host',
      'https://sns.us-east-1.amazonaws.com.evil.example/cert.pem',
      /host sns\.us-east-1\.amazonaws\.com\.evil\.example is not an Amazon SNS host/,
    ],
    ['a look-alike host', 'https://sns-us-east-1.amazonaws.com/cert.pem', /is not an Amazon SNS host/],
    ['an http URL', 'http://sns.us-east-1.amazonaws.com/cert.pem', /SigningCertURL must be https \(got http\)/],
    ['credentials in the URL', 'https://user@sns.us-east-1.amazonaws.com/cert.pem', /is not an Amazon SNS host/],
  ])('refuses %s before fetching anything', async (_name, url, reason) => {
    const fetch = vi.fn(noNetwork)
    const services = createCertStore({ dir: join(dataDir, 'sns-certs'), fetch })
    const result = await check(signSns({ ...message('cloudwatch-alarm'), SigningCertURL: url }, { at: NOW }), services)
    expect(result).toMatchObject({ ok: false, status: 401 })
    expect(result.ok || result.reason).toMatch(reason)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('refuses a SignatureVersion it does not know, and says which it knows', async () => {
    const body = signSns({ ...message('cloudwatch-alarm'), SignatureVersion: '3' }, { at: NOW })
    const result = await check(body)
    expect(result).toEqual({
      ok: false,
      status: 401,
      reason: "SignatureVersion 3 is not one Hookbell knows (1 or 2): set the topic's SignatureVersion attribute to 2",
    })
  })

  it('refuses a captured message replayed after SNS stopped retrying', async () => {
    const body = signSns(message('cloudwatch-alarm'), { at: NOW - 2 * 60 * 60_000 })
    expect(await check(body)).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/more than an hour old/) })
  })

  it('refuses a raw (unsigned) delivery with what to change', async () => {
    const result = await check('{"Type": "Notification", "SignatureVersion": "1", "Message": "hi"}')
    expect(result).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/raw message delivery/) })
  })

  it('refuses a header that contradicts the signed Type', async () => {
    const body = signSns(message('cloudwatch-alarm'), { at: NOW })
    const ready = await sns.prepare!(request(body), store)
    const forged = rawRequest(body, { 'x-amz-sns-message-type': 'SubscriptionConfirmation' }, { receivedAt: NOW })
    expect(ready.ok && sns.verify(forged, [], NOW, {}, ready.prepared)).toMatchObject({ ok: false, status: 400 })
  })

  it.each(Object.keys(sns.samples))('refuses the %s sample as sent, before any fetch: only AWS can sign', async (name) => {
    const body = JSON.stringify(sns.samples[name]!())
    const result = await check(body, createCertStore({ dir: join(dataDir, 'unused'), fetch: vi.fn(noNetwork) }))
    expect(result).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/only AWS can sign SNS messages; to test, publish to the topic/),
    })
  })

  it('cannot verify without the certificate lookup', () => {
    const body = signSns(message('cloudwatch-alarm'), { at: NOW })
    expect(sns.verify(request(body), [], NOW)).toMatchObject({ ok: false, status: 401 })
  })
})

describe('aws-sns certificate cache', () => {
  it('answers 503 (SNS retries) with the cause when the certificate cannot be fetched', async () => {
    const empty = createCertStore({ dir: join(dataDir, 'other'), fetch: noNetwork })
    const result = await check(signSns(message('cloudwatch-alarm'), { at: NOW }), empty)
    expect(result).toMatchObject({ ok: false, status: 503 })
    expect(result.ok || result.reason).toMatch(
      /could not get the SNS signing certificate: could not fetch https:\/\/sns\.us-east-1/,
    )
  })

  it('fetches a certificate once, keeps it as sns-certs/<sha256 of the URL>.pem, and verifies from it offline', async () => {
    const dir = join(dataDir, 'fresh')
    const online = vi.fn(async () => new Response(testSigner().certificate))
    const body = signSns(message('cloudwatch-alarm'), { at: NOW })
    expect(await check(body, createCertStore({ dir, fetch: online }))).toEqual({ ok: true })
    expect(online).toHaveBeenCalledTimes(1)
    expect(readFileSync(certificatePath(dir, CERT_URL), 'utf8')).toBe(testSigner().certificate)
    // A new start (no memory), offline: the file is enough.
    expect(await check(body, createCertStore({ dir, fetch: noNetwork }))).toEqual({ ok: true })
  })

  it('does not keep what is not a certificate', async () => {
    const dir = join(dataDir, 'junk')
    const junk = createCertStore({ dir, fetch: async () => new Response('<html>captive portal</html>') })
    const result = await check(signSns(message('cloudwatch-alarm'), { at: NOW }), junk)
    expect(result).toMatchObject({ ok: false, status: 503, reason: expect.stringMatching(/is not a PEM certificate/) })
    expect(() => readFileSync(certificatePath(dir, CERT_URL))).toThrow()
  })
})

describe('aws-sns normalize', () => {
  it('reads a CloudWatch alarm, and its OK resolves the same incident', () => {
    const [alarm] = normalizeWith('aws-sns', fixture('aws-sns', 'cloudwatch-alarm'))
    const [ok] = normalizeWith('aws-sns', fixture('aws-sns', 'cloudwatch-ok'))
    expect(alarm).toMatchObject({
      dedupKey: 'alarm:arn:aws:cloudwatch:us-east-1:123456789012:alarm:NetworkOut-high',
      action: 'trigger',
      kind: 'alert',
      title: 'NetworkOut-high',
      severity: 'error',
      app: 'AWS/EC2',
      environment: 'us-east-1',
      url: 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/NetworkOut-high',
      occurredAt: Date.parse('2015-06-03T17:43:27.123Z'),
      sourceTimestamp: Date.parse('2015-06-03T17:43:27.123Z'),
      facts: {
        metric: 'AWS/EC2 NetworkOut',
        dimensions: 'InstanceId=TestInstance',
        threshold: 'GreaterThanThreshold 0',
        account: '123456789012',
        'previous state': 'INSUFFICIENT_DATA',
      },
    })
    expect(alarm!.facts!.reason).toMatch(/^Threshold Crossed/)
    expect(ok).toMatchObject({ dedupKey: alarm!.dedupKey, action: 'resolve' })
  })

  it('keeps INSUFFICIENT_DATA as pending, and records a state it does not know', () => {
    const body = (state: string) => {
      const m = message('cloudwatch-alarm')
      m.Message = (m.Message as string).replace('"NewStateValue": "ALARM"', `"NewStateValue": "${state}"`)
      return JSON.stringify(m)
    }
    expect(normalizeWith('aws-sns', body('INSUFFICIENT_DATA'))[0]!.action).toBe('pending')
    const unknown = sns.normalize(JSON.parse(body('MAYBE')), request('{}'))
    expect(unknown).toEqual({
      ok: true,
      events: [],
      note: 'CloudWatch state MAYBE is not ALARM, OK or INSUFFICIENT_DATA: recorded, no incident',
    })
  })

  it('makes any other message an incident of its own, titled by its Subject', () => {
    const [event] = normalizeWith('aws-sns', fixture('aws-sns', 'notification'))
    expect(event).toMatchObject({
      dedupKey: 'sns:arn:aws:sns:us-west-2:123456789012:MyTopic:22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
      action: 'trigger',
      title: 'My First Message',
      facts: { message: 'Hello world!' },
    })
  })

  it('shows a SubscriptionConfirmation as an incident whose link is the SubscribeURL, never visited', () => {
    const [event] = normalizeWith('aws-sns', fixture('aws-sns', 'subscription-confirmation'))
    expect(event).toMatchObject({
      dedupKey: 'sns-subscription:arn:aws:sns:us-west-2:123456789012:MyTopic',
      title: 'Confirm the SNS subscription to arn:aws:sns:us-west-2:123456789012:MyTopic',
      severity: 'info',
      url: expect.stringMatching(/^https:\/\/sns\.us-west-2\.amazonaws\.com\/\?Action=ConfirmSubscription&/),
    })
  })

  it('refuses a SubscribeURL that is not https on an SNS host', () => {
    const m = message('subscription-confirmation')
    for (const url of [
      'http://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription',
      'https://evil.example/?Action=ConfirmSubscription',
    ]) {
      const result = sns.normalize({ ...m, SubscribeURL: url }, request('{}'))
      expect(result).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^SubscribeURL .*: not shown as a link to confirm$/),
      })
    }
  })

  it('records an UnsubscribeConfirmation with the link to subscribe again, without an incident', () => {
    const m = { ...message('subscription-confirmation'), Type: 'UnsubscribeConfirmation' }
    const result = sns.normalize(m, request('{}'))
    expect(result).toMatchObject({
      ok: true,
      events: [],
      note: expect.stringMatching(
        /^SNS unsubscribed this endpoint from arn:aws:sns:us-west-2:123456789012:MyTopic; to subscribe again, open https:\/\/sns\.us-west-2/,
      ),
    })
  })
})
