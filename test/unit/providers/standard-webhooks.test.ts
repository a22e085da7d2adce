// The Standard Webhooks verifier incident.io and GitLab's signing token share, against the spec's published
// test vector (standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts and the spec).
import { describe, expect, it } from 'vitest'
import {
  signStandardWebhook,
  standardWebhookSignature,
  verifyStandardWebhook,
} from '../../../src/main/core/providers/standard-webhooks'
import { rawRequest } from '../../helpers/request'
import { standardWebhookHeaders } from '../../helpers/sign'

const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}
const AT = VECTOR.timestamp * 1000
const WHERE = 'the signing secret'
const headers = (signature = VECTOR.signature, timestamp = String(VECTOR.timestamp)) => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': timestamp,
  'webhook-signature': signature,
})
const verify = (h: Record<string, string>, secrets = [VECTOR.secret], now = AT, body = VECTOR.body) =>
  verifyStandardWebhook(rawRequest(body, h), secrets, now, WHERE)

describe('Standard Webhooks verification', () => {
  it("computes the spec's published test vector", () => {
    expect(standardWebhookSignature(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature)
    expect(standardWebhookHeaders(VECTOR.secret, VECTOR.body, VECTOR.timestamp, VECTOR.id)['webhook-signature']).toBe(
      VECTOR.signature,
    )
  })

  it('accepts the vector, and a secret pasted without its whsec_ prefix', () => {
    expect(verify(headers())).toEqual({ ok: true })
    expect(verify(headers(), [VECTOR.secret.replace('whsec_', '')])).toEqual({ ok: true })
  })

  it('accepts any one of several space-separated signatures (a rotation), skipping other versions', () => {
    const other = standardWebhookSignature(
      'whsec_' + Buffer.from('another key of 32 bytes exactly!').toString('base64'),
      VECTOR.id,
      VECTOR.timestamp,
      VECTOR.body,
    )
    expect(verify(headers(`v2,abc ${other} ${VECTOR.signature}`))).toEqual({ ok: true })
  })

  it('refuses a changed body, id or timestamp: all three are signed', () => {
    expect(verify(headers(), undefined, AT, '{"test": 2432232315}')).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/^signature mismatch/),
    })
    expect(
      verifyStandardWebhook(rawRequest(VECTOR.body, { ...headers(), 'webhook-id': 'msg_other' }), [VECTOR.secret], AT, WHERE),
    ).toMatchObject({ ok: false })
    expect(verify(headers(undefined, String(VECTOR.timestamp + 1)))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^signature mismatch/),
    })
  })

  it('refuses a timestamp more than 5 minutes old or ahead, naming which', () => {
    expect(verify(headers(), undefined, AT + 5 * 60_000 + 1000)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too old/),
    })
    expect(verify(headers(), undefined, AT - 5 * 60_000 - 1000)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too new/),
    })
    expect(verify(headers(), undefined, AT + 4 * 60_000)).toEqual({ ok: true })
    expect(verify(headers(undefined, 'soon'))).toMatchObject({ ok: false, reason: expect.stringMatching(/not Unix seconds/) })
  })

  it('names each missing header, and a signature of no version it knows', () => {
    for (const name of ['webhook-signature', 'webhook-id', 'webhook-timestamp']) {
      const h: Record<string, string> = headers()
      delete h[name]
      expect(verify(h)).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(new RegExp(`^${name} missing`)) })
    }
    expect(verify(headers('v2,abc'))).toMatchObject({ ok: false, reason: expect.stringMatching(/no v1 signature/) })
  })

  it('refuses with another secret, and says when the secret is not a whsec_ secret at all', () => {
    expect(verify(headers(), ['whsec_' + Buffer.from('x'.repeat(32)).toString('base64')])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^signature mismatch/),
    })
    expect(verify(headers(), ['%%%'])).toMatchObject({ ok: false, reason: expect.stringMatching(/not a whsec_ signing secret/) })
  })

  it('signs what it verifies', () => {
    const now = Date.parse('2026-03-01T10:00:00Z')
    const signed = signStandardWebhook(VECTOR.secret, VECTOR.body, now)
    expect(signed['webhook-id']).toMatch(/^msg_/)
    expect(verify(signed, undefined, now)).toEqual({ ok: true })
  })
})
