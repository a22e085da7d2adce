// What a caller may choose as an integration's credentials (settings/credential-strength.ts).
import { describe, expect, it } from 'vitest'
import { estimatedIdBits, MIN_ID_BITS, secretProblem } from '../../../src/main/core/settings/credential-strength'
import { newIntegrationId } from '../../../src/main/core/settings/settings'

describe('secretProblem', () => {
  it.each([
    ['   ', /blank/],
    ['', /blank/],
    ['a', /too short \(1 characters, at least 8\)/],
    ['s3cr3t', /too short/],
    [' 0f3c6a9d2b1e4f7a8c5d ', /starts or ends with a space/],
    ['0f3c6a9d2b1e4f7a8c5d\n', /starts or ends with a space or a line break/],
  ])('refuses %j', (secret, reason) => {
    expect(secretProblem(secret)).toMatch(reason)
  })

  it('accepts what the tools hand out: a Sentry client secret, an AppSignal token, a Hookbell secret', () => {
    for (const secret of [
      '8f8c2b2e0d9e4c7fa1b3d5e7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7',
      'aXm7Qp2RtL9sVw4K',
      'hbk_kQx2r8VzT1pYwN5mJ3cL7aFh0dGs6bUe',
    ])
      expect(secretProblem(secret)).toBeNull()
  })
})

describe('estimatedIdBits', () => {
  it('puts 22 a, 64 a, and a word-like id under 128 bits', () => {
    for (const id of ['a'.repeat(22), 'a'.repeat(64), 'abcdefghijklmnopqrstuv', 'retrace-prod-monitor-01'])
      expect(estimatedIdBits(id)).toBeLessThan(MIN_ID_BITS)
  })

  it('puts every id Hookbell makes at 128 bits or more (so a teammate can always join by id)', () => {
    for (let i = 0; i < 20_000; i++) {
      const id = newIntegrationId()
      expect(estimatedIdBits(id), id).toBeGreaterThanOrEqual(MIN_ID_BITS)
    }
  })
})
