// `hookbell send PROVIDER --sample NAME` must send something the app accepts: every sample, signed the way
// the CLI signs it, passes verification (checked against the documented signers) and normalizes.
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { rawRequest } from '../../helpers/request'
import { SIGNERS } from '../../helpers/sign'

const cases = [...PROVIDERS.values()].flatMap((p) => Object.keys(p.samples).map((sample) => ({ provider: p.id, sample })))

describe.each(cases)('$provider sample "$sample"', ({ provider: id, sample }) => {
  const provider = PROVIDERS.get(id)!
  const secret = 'sample-secret-0123456789'
  const body = JSON.stringify(provider.samples[sample]!(), null, 2)

  it('is signed as the tool signs it and normalizes into incidents', () => {
    const now = Date.now()
    const headers = provider.sign(body, secret, now)
    const documented = SIGNERS[id]?.(secret, body, Math.floor(now / 1000)) ?? {}
    for (const [name, value] of Object.entries(documented))
      if (/signature|authorization/.test(name)) expect(headers[name]).toBe(value)
    const request = rawRequest(body, headers)
    expect(provider.verify(request, provider.secret === 'none' ? [] : [secret], now)).toEqual({ ok: true })
    const result = provider.normalize(JSON.parse(body), request)
    expect(result.ok && result.events.length).toBeGreaterThan(0)
  })
})
