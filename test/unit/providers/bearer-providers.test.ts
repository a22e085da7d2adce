// The four tools that cannot sign (Datadog, New Relic, Opsgenie, Grafana OnCall) authenticate with the
// Authorization header their setup steps have the user set: Bearer <secret>, or basic auth with the secret as
// password. The same table for each: valid, basic, wrong secret, rotation, missing header, and that a relay
// may vouch for them (the relay checks the same credential).
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { fixture } from '../../fixtures/load'
import { rawRequest } from '../../helpers/request'
import { SIGNERS } from '../../helpers/sign'

const CASES = [
  { provider: 'datadog', fixture: 'triggered', setting: /Datadog's webhook "Custom Headers"/ },
  { provider: 'newrelic', fixture: 'activated', setting: /New Relic's webhook destination authorization/ },
  { provider: 'opsgenie', fixture: 'create', setting: /Opsgenie's Webhook integration Custom Headers/ },
  { provider: 'grafana-oncall', fixture: 'created', setting: /Grafana OnCall's outgoing webhook "Authorization Header"/ },
]

const SECRET = 'hbk_current-0123456789abcdef'
const OLD = 'hbk_previous-9876543210fedcba'
const now = Date.parse('2026-11-20T10:00:05Z')

describe.each(CASES)('$provider.verify', ({ provider: id, fixture: name, setting }) => {
  const provider = PROVIDERS.get(id)!
  const body = fixture(id, name)
  const verify = (headers: Record<string, string>, secrets = [SECRET]) => provider.verify(rawRequest(body, headers), secrets, now)

  it('accepts the bearer token the setup steps name, as the tool sends it', () => {
    expect(provider.sign(body, SECRET, now).authorization).toBe(SIGNERS[id]!(SECRET, body).authorization)
    expect(verify(SIGNERS[id]!(SECRET, body))).toEqual({ ok: true })
  })
  it('accepts basic auth with the secret as password (any user name)', () => {
    const basic = Buffer.from(`hookbell:${SECRET}`).toString('base64')
    expect(verify({ authorization: `Basic ${basic}` })).toEqual({ ok: true })
  })
  it('refuses another secret, and says which credential did not match', () => {
    expect(verify({ authorization: 'Bearer guessed' })).toEqual({
      ok: false,
      status: 401,
      reason: "Authorization credentials do not match this integration's secret",
    })
  })
  it('accepts the previous secret during a rotation, and not after it is dropped', () => {
    expect(verify({ authorization: `Bearer ${OLD}` }, [SECRET, OLD])).toEqual({ ok: true })
    expect(verify({ authorization: `Bearer ${OLD}` }, [SECRET])).toMatchObject({ ok: false, status: 401 })
  })
  it("names the tool's own setting when the header is missing", () => {
    const result = verify({})
    expect(result).toMatchObject({ ok: false, status: 401 })
    if (!result.ok) {
      expect(result.reason).toMatch(/^Authorization missing: set /)
      expect(result.reason).toMatch(setting)
    }
  })
  it('lets a relay vouch for it: the relay checks this same credential', () => {
    expect(provider.relayMayVouch?.({})).toBe(true)
    expect(provider.signatureHeaders).toEqual([])
  })
})
