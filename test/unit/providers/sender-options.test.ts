// Deliveries shaped exactly as Grafana's and Alertmanager's own code produces them for each setting a user
// can change there. Signatures and Authorization values are computed here the way their code does it
// (grafana/alerting http/hmac.go; prometheus/common http_config), independently of the code under test.
import { describe, expect, it } from 'vitest'
import { normalizeDelivery, PROVIDERS } from '../../../src/main/core/providers'
import type { IntegrationOptions } from '../../../src/shared/model'
import { fixture } from '../../fixtures/load'
import { rawRequest } from '../../helpers/request'
import { hmacHex } from '../../helpers/sign'

const SECRET = 'hbk_grafana-and-alertmanager-secret'
const now = Date.parse('2026-11-20T12:00:30Z')
const nowSeconds = String(Math.floor(now / 1000))
const grafana = PROVIDERS.get('grafana')!
const alertmanager = PROVIDERS.get('alertmanager')!

/** Grafana's HMACRoundTripper: timestamp header (if named) = Unix seconds, signature over "ts:body" or body. */
function grafanaHmac(body: string, header: string, timestampHeader: string | null): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'Grafana' }
  if (timestampHeader) {
    headers[timestampHeader] = nowSeconds
    headers[header] = hmacHex(SECRET, `${nowSeconds}:${body}`)
  } else headers[header] = hmacHex(SECRET, body)
  return headers
}

/** Go's SetBasicAuth / GetBasicAuthHeader: base64 of "username:password". */
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

const verify = (provider = grafana, body: string, headers: Record<string, string>, options?: IntegrationOptions) =>
  provider.verify(rawRequest(body, headers), [SECRET], now, options)

describe('Grafana HMAC as the contact point is set up', () => {
  const body = fixture('grafana', 'alerting')

  it('verifies a custom signature header once the integration names it, and says so until then', () => {
    const headers = grafanaHmac(body, 'X-Acme-Signature', 'X-Grafana-Alerting-Timestamp')
    expect(verify(grafana, body, headers, { signatureHeader: 'X-Acme-Signature' })).toEqual({ ok: true })
    // Without the setting the HMAC is not found: the answer says what Hookbell looked for instead.
    expect(verify(grafana, body, headers)).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/^Authorization missing/),
    })
  })

  it("verifies Grafana's code default when the Header field is left blank (X-Grafana-Alert-Signature)", () => {
    expect(verify(grafana, body, grafanaHmac(body, 'X-Grafana-Alert-Signature', null))).toEqual({ ok: true })
    expect(verify(grafana, body, grafanaHmac(body, 'X-Grafana-Alerting-Signature', null))).toEqual({ ok: true })
  })

  it('verifies "timestamp:body" under a custom timestamp header, and refuses it as a body-only HMAC without the setting', () => {
    const headers = grafanaHmac(body, 'X-Grafana-Alerting-Signature', 'X-Acme-Timestamp')
    expect(verify(grafana, body, headers, { timestampHeader: 'X-Acme-Timestamp' })).toEqual({ ok: true })
    const unset = verify(grafana, body, headers)
    expect(unset).toMatchObject({ ok: false, status: 401 })
    expect(!unset.ok && unset.reason).toMatch(/signature mismatch.*name it in Hookbell's settings/)
  })

  it('refuses a stale timestamp under the custom header, and names a missing one', () => {
    const old = String(Math.floor(now / 1000) - 3600)
    const headers = {
      'X-Acme-Timestamp': old,
      'X-Grafana-Alerting-Signature': hmacHex(SECRET, `${old}:${body}`),
    }
    expect(verify(grafana, body, headers, { timestampHeader: 'X-Acme-Timestamp' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^stale timestamp: x-acme-timestamp/),
    })
    const withoutTs = grafanaHmac(body, 'X-Grafana-Alerting-Signature', null)
    expect(verify(grafana, body, withoutTs, { timestampHeader: 'X-Acme-Timestamp' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^X-Acme-Timestamp missing/),
    })
  })

  it('verifies a body-only HMAC when the integration says there is no timestamp, even if a stray header is present', () => {
    const headers = { ...grafanaHmac(body, 'X-Grafana-Alerting-Signature', null), 'X-Grafana-Alerting-Timestamp': '1' }
    expect(verify(grafana, body, headers, { timestampHeader: null })).toEqual({ ok: true })
    // A tampered body still fails.
    expect(verify(grafana, `${body} `, headers, { timestampHeader: null })).toMatchObject({ ok: false, status: 401 })
  })

  it('names a configured signature header that did not arrive', () => {
    expect(verify(grafana, body, {}, { signatureHeader: 'X-Acme-Signature' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^X-Acme-Signature missing/),
    })
  })
})

describe('Authorization with any scheme', () => {
  const gBody = fixture('grafana', 'alerting')
  const amBody = fixture('alertmanager', 'firing')

  it('Grafana: "Authorization Header - Scheme" Token with the secret as credentials', () => {
    const headers = { Authorization: `Token ${SECRET}` }
    expect(verify(grafana, gBody, headers, { authScheme: 'Token' })).toEqual({ ok: true })
    expect(verify(grafana, gBody, headers, { authScheme: 'token' })).toEqual({ ok: true })
    expect(verify(grafana, gBody, headers)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Authorization scheme is Token, this integration expects Bearer/),
    })
  })

  it('Grafana: HTTP Basic Authentication with the secret as password, any username', () => {
    expect(verify(grafana, gBody, { Authorization: basic('grafana', SECRET) })).toEqual({ ok: true })
    expect(verify(grafana, gBody, { Authorization: basic('grafana', 'wrong') })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/basic-auth password do not match/),
    })
  })

  it('Alertmanager: authorization with the default type (Bearer), basic_auth, and a custom type', () => {
    expect(verify(alertmanager, amBody, { Authorization: `Bearer ${SECRET}` })).toEqual({ ok: true })
    expect(verify(alertmanager, amBody, { Authorization: basic('alertmanager', SECRET) })).toEqual({ ok: true })
    // A password may contain colons: only the first one separates the username.
    const colonSecret = `${SECRET}:with:colons`
    expect(alertmanager.verify(rawRequest(amBody, { Authorization: basic('am', colonSecret) }), [colonSecret], now)).toEqual({
      ok: true,
    })
    const custom = { Authorization: `HookbellKey ${SECRET}` }
    expect(verify(alertmanager, amBody, custom, { authScheme: 'HookbellKey' })).toEqual({ ok: true })
    const refused = verify(alertmanager, amBody, custom)
    expect(!refused.ok && refused.reason).toMatch(/expects Bearer: change Alertmanager's http_config authorization/)
    expect(verify(alertmanager, amBody, { Authorization: `HookbellKey wrong` }, { authScheme: 'HookbellKey' })).toMatchObject({
      ok: false,
      status: 401,
    })
  })

  it('signs test deliveries the way the integration is set up', () => {
    const headers = alertmanager.sign(amBody, SECRET, now, { authScheme: 'HookbellKey' })
    expect(headers.authorization).toBe(`HookbellKey ${SECRET}`)
    const g = grafana.sign(gBody, SECRET, now, { signatureHeader: 'X-Acme-Signature', timestampHeader: null })
    expect(g['x-acme-signature']).toBe(hmacHex(SECRET, gBody))
    expect(verify(grafana, gBody, g, { signatureHeader: 'X-Acme-Signature', timestampHeader: null })).toEqual({ ok: true })
  })
})

describe('custom payloads through the generic field mapping', () => {
  const normalize = (provider = alertmanager, name: string, options: IntegrationOptions) => {
    const body = fixture(provider.id, name)
    return normalizeDelivery(provider, JSON.parse(body), rawRequest(body), options)
  }

  it('reads an Alertmanager payload template as generic fields: one incident per group, fired then resolved', () => {
    const firing = normalize(alertmanager, 'custom-payload-firing', { payload: 'generic' })
    const resolved = normalize(alertmanager, 'custom-payload-resolved', { payload: 'generic' })
    expect(firing).toMatchObject({
      ok: true,
      events: [
        {
          dedupKey: '{}/{team="payments"}:{alertname="PaymentsLatencyHigh"}',
          action: 'trigger',
          title: 'p99 latency above 2s on payments-2',
          severity: 'critical',
          facts: { source: 'alertmanager' },
        },
      ],
    })
    expect(resolved).toMatchObject({
      ok: true,
      events: [{ dedupKey: firing.ok && firing.events[0]!.dedupKey, action: 'resolve' }],
    })
  })

  it('refuses a custom payload with a way forward until the integration is switched to generic fields', () => {
    expect(normalize(alertmanager, 'custom-payload-firing', {})).toEqual({
      ok: false,
      reason: "no alerts[] array: if the webhook_config sets a custom payload, set this integration's payload to generic fields",
    })
    expect(normalize(grafana, 'custom-payload', {})).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Custom Payload template/),
    })
  })

  it("reads a Grafana Custom Payload, naming Grafana as the source when the template doesn't", () => {
    expect(normalize(grafana, 'custom-payload', { payload: 'generic' })).toMatchObject({
      ok: true,
      events: [{ action: 'trigger', title: 'Disk on db-1 is 91% full', severity: 'warning', facts: { source: 'grafana' } }],
    })
    const body = '{"title":"Disk full"}'
    const result = normalizeDelivery(grafana, JSON.parse(body), rawRequest(body), { payload: 'generic' })
    expect(result).toMatchObject({ ok: true, events: [{ title: 'Disk full', facts: { source: 'Grafana Alerting' } }] })
  })

  it('never applies the generic mapping to a provider without a payload setting', () => {
    const body = fixture('sentry', 'event_alert')
    const sentry = PROVIDERS.get('sentry')!
    const result = normalizeDelivery(sentry, JSON.parse(body), rawRequest(body, { 'sentry-hook-resource': 'event_alert' }), {
      payload: 'generic',
    })
    expect(result.ok && result.events[0]!.kind).toBe('exception')
  })
})

describe('Alertmanager routeLabels and notification_reason (0.34)', () => {
  const body = fixture('alertmanager', 'route-labels')
  const result = normalizeDelivery(alertmanager, JSON.parse(body), rawRequest(body), {})

  it('groups by route labels when the alert has no service or environment of its own', () => {
    expect(result).toMatchObject({
      ok: true,
      events: [
        {
          dedupKey: 'alert:5e1f0a9b8c7d6e5f',
          app: 'payments',
          environment: 'staging',
          facts: { route: 'team=payments, env=staging', notification_reason: 'repeat_interval' },
        },
      ],
    })
  })

  it('carries the reason to the timeline', () => {
    expect(result.ok && result.events[0]!.sourceNote).toBe('Alertmanager: repeat_interval')
  })

  it('keeps the alert’s own labels first', () => {
    const withOwn = JSON.parse(body) as { alerts: { labels: Record<string, string> }[] }
    withOwn.alerts[0]!.labels.service = 'payments-api'
    withOwn.alerts[0]!.labels.env = 'production'
    const own = normalizeDelivery(alertmanager, withOwn, rawRequest(JSON.stringify(withOwn)), {})
    expect(own).toMatchObject({ ok: true, events: [{ app: 'payments-api', environment: 'production' }] })
  })
})
