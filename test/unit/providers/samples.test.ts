// `hookbell send PROVIDER --sample NAME` must send something the app accepts: every sample, signed the way
// the CLI signs it, passes verification (checked against the documented signers) and normalizes.
import { describe, expect, it, vi } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { rawRequest } from '../../helpers/request'
import { SIGNERS } from '../../helpers/sign'
import { VENDOR_SIGNED } from '../../helpers/vendor-signed'

const cases = [...PROVIDERS.values()].flatMap((p) => Object.keys(p.samples).map((sample) => ({ provider: p.id, sample })))

describe.each(cases)('$provider sample "$sample"', ({ provider: id, sample }) => {
  const provider = PROVIDERS.get(id)!
  const secret = 'sample-secret-0123456789'
  const body = JSON.stringify(provider.samples[sample]!(), null, 2)

  it('is signed as the tool signs it and normalizes into incidents', async () => {
    const now = Date.now()
    // Only the vendor can sign some (SNS): those are signed with a stand-in key the test's key store holds.
    const vendor = VENDOR_SIGNED[id]
    const signed = vendor ? vendor.resign(body, now) : body
    const headers = provider.sign(signed, secret, now)
    const documented = SIGNERS[id]?.(secret, signed, Math.floor(now / 1000), headers) ?? {}
    for (const [name, value] of Object.entries(documented))
      if (/signature|authorization/.test(name)) expect(headers[name]).toBe(value)
    const request = rawRequest(signed, headers, { receivedAt: now })
    const ready = provider.prepare ? await provider.prepare(request, vendor!.services) : { ok: true as const, prepared: {} }
    expect(ready.ok).toBe(true)
    const prepared = ready.ok ? ready.prepared : undefined
    expect(provider.verify(request, provider.secret === 'none' ? [] : [secret], now, {}, prepared)).toEqual({ ok: true })
    const result = provider.normalize(JSON.parse(signed), request)
    // A sample recorded without an incident by design (GitHub's ping) says so in the provider's conformance.
    if (provider.conformance?.notes?.[sample]) expect(result).toMatchObject({ ok: true, events: [], note: expect.any(String) })
    else expect(result.ok && result.events.length).toBeGreaterThan(0)
  })
})

// A sample sent again later is a new event (a regression after resolve reopens), not a redelivery of the
// first: each carries the time it is made.
describe.each(cases)('$provider sample "$sample" made later', ({ provider: id, sample }) => {
  it('carries the current time, so it is a new delivery rather than a duplicate', () => {
    const make = PROVIDERS.get(id)!.samples[sample]!
    vi.useFakeTimers({ now: Date.parse('2026-03-01T10:00:00Z'), toFake: ['Date'] })
    try {
      const first = JSON.stringify(make())
      vi.setSystemTime(Date.parse('2026-03-01T10:07:00Z'))
      const later = JSON.stringify(make())
      expect(later).not.toBe(first)
      expect(later).toMatch(/2026-03-01|17723\d{5}/)
    } finally {
      vi.useRealTimers()
    }
  })
})
