import { describe, expect, it } from 'vitest'
import { PROVIDERS, setupSteps } from '../../../src/main/core/providers'
import { validateOptions } from '../../../src/main/core/providers/options'

const grafana = PROVIDERS.get('grafana')!
const alertmanager = PROVIDERS.get('alertmanager')!
const check = (provider: typeof grafana, input: unknown) => validateOptions(provider.name, provider.options ?? [], input)

describe('integration options', () => {
  it('keeps what the tool allows and drops blanks (the tool default)', () => {
    expect(
      check(grafana, { signatureHeader: ' X-Acme-Signature ', timestampHeader: null, authScheme: '', payload: 'native' }),
    ).toEqual({ ok: true, options: { signatureHeader: 'X-Acme-Signature', timestampHeader: null } })
    expect(check(alertmanager, { authScheme: 'HookbellKey', payload: 'generic' })).toEqual({
      ok: true,
      options: { authScheme: 'HookbellKey', payload: 'generic' },
    })
  })

  it('refuses settings the tool does not have, with the ones it has', () => {
    expect(check(alertmanager, { signatureHeader: 'X-Sig' })).toEqual({
      ok: false,
      reason: 'Prometheus Alertmanager has no "signatureHeader" setting; it has authScheme, payload',
    })
    const sentry = PROVIDERS.get('sentry')!
    expect(check(sentry, { authScheme: 'Token' })).toEqual({ ok: false, reason: 'Sentry has no settings to change' })
  })

  it('refuses values the tool could never send', () => {
    expect(check(grafana, { signatureHeader: 'X Acme' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a header name/),
    })
    expect(check(grafana, { signatureHeader: 'Authorization' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/carries something else/),
    })
    expect(check(grafana, { authScheme: 'Bearer token' })).toMatchObject({ ok: false, reason: expect.stringMatching(/one word/) })
    expect(check(grafana, { authScheme: 'basic' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Basic needs no scheme/),
    })
    expect(check(grafana, { signatureHeader: 'X-A', timestampHeader: 'x-a' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/different/),
    })
    expect(check(alertmanager, { payload: 'yaml' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/native" or "generic/),
    })
    expect(check(alertmanager, 'Bearer')).toEqual({ ok: false, reason: 'options must be an object' })
  })

  it("fills the tool's settings with this integration's values in the setup steps", () => {
    const steps = setupSteps(grafana, { signatureHeader: 'X-Acme-Signature', timestampHeader: null, authScheme: 'Token' })
    expect(steps.join('\n')).toContain('"Header" X-Acme-Signature, leave "Timestamp header" blank')
    expect(steps.join('\n')).toContain('"Authorization Header - Scheme" Token')
    expect(setupSteps(grafana, {}).join('\n')).toContain('"Timestamp header" X-Grafana-Alerting-Timestamp')
    const am = setupSteps(alertmanager, { authScheme: 'HookbellKey', payload: 'generic' }).join('\n')
    expect(am).toContain('authorization: type: HookbellKey and credentials')
    expect(am).toContain("dedup_key: '{{ .GroupKey }}'")
    expect(setupSteps(alertmanager, {}).join('\n')).toContain('(type Bearer is the default)')
  })

  it('tells a signed generic sender to put the time in its bodies, so a repeated resolve is not a replay', () => {
    const steps = setupSteps(PROVIDERS.get('generic')!, {}).join('\n')
    expect(steps).toContain('"timestamp": an ISO time')
    expect(steps).toContain('resolved, ok, normal, closed or fixed resolve it')
  })
})
