// The four tools that cannot sign (Datadog, New Relic, Opsgenie, Grafana OnCall) authenticate with the
// Authorization header their setup steps have the user set: Bearer <secret>, or basic auth with the secret as
// password. The same table for each: valid, basic, wrong secret, rotation, missing header, and that a relay
// may vouch for them (the relay checks the same credential).
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { datadogUnknownEvent } from '../../../src/main/core/providers/samples/datadog'
import { grafanaOnCallUnknownEvent } from '../../../src/main/core/providers/samples/grafana-oncall'
import { newRelicUnknownEvent } from '../../../src/main/core/providers/samples/newrelic'
import { opsgenieUnknownEvent } from '../../../src/main/core/providers/samples/opsgenie'
import { fixture } from '../../fixtures/load'
import { rawRequest } from '../../helpers/request'
import { SIGNERS } from '../../helpers/sign'

const CASES = [
  { provider: 'datadog', fixture: 'triggered', setting: /Datadog's webhook "Custom Headers"/, unknown: datadogUnknownEvent },
  {
    provider: 'newrelic',
    fixture: 'activated',
    setting: /New Relic's webhook destination authorization/,
    unknown: newRelicUnknownEvent,
  },
  {
    provider: 'opsgenie',
    fixture: 'create',
    setting: /Opsgenie's Webhook integration Custom Headers/,
    unknown: opsgenieUnknownEvent,
  },
  {
    provider: 'grafana-oncall',
    fixture: 'created',
    setting: /Grafana OnCall's outgoing webhook "Authorization Header"/,
    unknown: grafanaOnCallUnknownEvent,
  },
]

const SECRET = 'hbk_current-0123456789abcdef'
const OLD = 'hbk_previous-9876543210fedcba'
const now = Date.parse('2026-11-20T10:00:05Z')

describe.each(CASES)('$provider.verify', ({ provider: id, fixture: name, setting, unknown }) => {
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
  it('verifies an event of its own shape that Hookbell does not act on, and records it with a note, no incident', () => {
    const text = JSON.stringify(unknown())
    const request = rawRequest(text, provider.sign(text, SECRET, now))
    expect(provider.verify(request, [SECRET], now)).toEqual({ ok: true })
    const payload = provider.parse ? provider.parse(request.body) : JSON.parse(text)
    expect(provider.normalize(payload, request)).toEqual({ ok: true, events: [], note: expect.stringMatching(/recorded/) })
  })
  it('lets a relay vouch for it: the relay checks this same credential', () => {
    expect(provider.relayMayVouch?.({})).toBe(true)
    expect(provider.signatureHeaders).toEqual([])
  })
})
