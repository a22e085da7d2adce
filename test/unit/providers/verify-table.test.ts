// The same verification table for every provider that signs: valid, tampered body, wrong secret, rotated
// secret, missing header. Signatures are computed here from the providers' documentation.
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { fixture } from '../../fixtures/load'
import { rawRequest } from '../../helpers/request'
import { SIGNERS } from '../../helpers/sign'

const CASES = [
  {
    provider: 'appsignal',
    fixture: 'exception',
    missing: /^X-Appsignal-Signature missing: is the verification token set in AppSignal\?/,
  },
  { provider: 'sentry', fixture: 'event_alert', missing: /^Sentry-Hook-Signature missing/ },
  { provider: 'checkly', fixture: 'failure', missing: /^x-checkly-signature missing/ },
  { provider: 'generic', fixture: 'triggered', missing: /^X-Signature missing/ },
  { provider: 'alertmanager', fixture: 'firing', missing: /^Authorization missing/ },
  { provider: 'grafana', fixture: 'alerting', missing: /^Authorization missing/ },
]

const SECRET = 'secret-current-0123456789'
const OLD = 'secret-old-9876543210'
const now = Date.now()

describe.each(CASES)('$provider.verify', ({ provider: id, fixture: name, missing }) => {
  const provider = PROVIDERS.get(id)!
  const body = fixture(id, name)
  const sign = SIGNERS[id]!
  const verify = (b: string, headers: Record<string, string>, secrets = [SECRET]) =>
    provider.verify(rawRequest(b, headers), secrets, now)

  it('accepts a delivery signed with the secret', () => {
    expect(verify(body, sign(SECRET, body))).toEqual({ ok: true })
  })
  it('rejects a tampered body', () => {
    // Alertmanager's bearer token does not cover the body; TLS does. Everything else signs the bytes.
    if (id === 'alertmanager') return expect(verify(`${body} `, sign(SECRET, body))).toEqual({ ok: true })
    expect(verify(body.replace(/"[^"]*"\s*:/, '"tampered":'), sign(SECRET, body))).toMatchObject({ ok: false, status: 401 })
  })
  it('rejects a delivery signed with another secret', () => {
    expect(verify(body, sign('not-the-secret', body))).toMatchObject({ ok: false, status: 401 })
  })
  it('accepts the previous secret during a rotation, and not after it is dropped', () => {
    expect(verify(body, sign(OLD, body), [SECRET, OLD])).toEqual({ ok: true })
    expect(verify(body, sign(OLD, body), [SECRET])).toMatchObject({ ok: false })
  })
  it('names the missing header and what to check', () => {
    const result = verify(body, {})
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(missing)
  })
})

describe('provider-specific verification', () => {
  it("AppSignal and Sentry refuse deliveries until the tool's secret is pasted", () => {
    for (const id of ['appsignal', 'sentry']) {
      const result = PROVIDERS.get(id)!.verify(rawRequest('{}'), [], now)
      expect(result).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/paste/) })
    }
  })

  it('Sentry verifies the raw bytes: \\u escapes and 12.0 survive, re-serialized JSON would not', () => {
    const body = fixture('sentry', 'event_alert')
    expect(body).toContain('\\u00fc')
    expect(body).toContain('12.0')
    expect(JSON.stringify(JSON.parse(body))).not.toBe(body)
    expect(PROVIDERS.get('sentry')!.verify(rawRequest(body, SIGNERS.sentry!(SECRET, body)), [SECRET], now)).toEqual({ ok: true })
  })

  it('Grafana refuses a signed timestamp more than 5 minutes old', () => {
    const body = fixture('grafana', 'alerting')
    const stale = Math.floor(now / 1000) - 6 * 60
    const result = PROVIDERS.get('grafana')!.verify(rawRequest(body, SIGNERS.grafana!(SECRET, body, stale)), [SECRET], now)
    expect(result).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/^stale timestamp/) })
  })

  it('Grafana accepts an HMAC of the body alone when no timestamp header is configured', async () => {
    const { hmacHex } = await import('../../helpers/sign')
    const body = fixture('grafana', 'alerting')
    expect(
      PROVIDERS.get('grafana')!.verify(
        rawRequest(body, { 'x-grafana-alerting-signature': hmacHex(SECRET, body) }),
        [SECRET],
        now,
      ),
    ).toEqual({ ok: true })
  })

  it('Alertmanager accepts the secret as a basic-auth password', () => {
    const basic = Buffer.from(`alertmanager:${SECRET}`).toString('base64')
    expect(PROVIDERS.get('alertmanager')!.verify(rawRequest('{}', { authorization: `Basic ${basic}` }), [SECRET], now)).toEqual({
      ok: true,
    })
  })

  it('Checkly and the generic webhook accept unsigned deliveries when the channel has no secret', () => {
    expect(PROVIDERS.get('checkly')!.verify(rawRequest('{}'), [], now)).toEqual({ ok: true })
    expect(PROVIDERS.get('generic')!.verify(rawRequest('{}'), [], now)).toEqual({ ok: true })
  })

  it('Retrace cannot sign: every delivery to its unguessable URL is accepted', () => {
    expect(PROVIDERS.get('retrace')!.verify(rawRequest(fixture('retrace', 'alert')), [], now)).toEqual({ ok: true })
  })
})
