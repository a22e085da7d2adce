// Every provider's verify + parse + normalize, on hostile input: no throw, a clear answer, and whatever is
// accepted fits the incident model within its field limits.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../src/main/core/providers'
import { parseBounded } from '../../src/main/core/limits/json-limits'
import { FIELD_LIMITS, limitEvent, MAX_DEDUP_KEY, MAX_FRAMES } from '../../src/main/core/limits/field-limits'
import { KINDS, SEVERITIES } from '../../src/shared/incident'
import { SIGNERS } from '../helpers/sign'
import { rawRequest } from '../helpers/request'
import { fixtureValues, hostileBody, mutated } from './arbitraries'

// Modest run counts: the box has two cores shared by several sessions.
const RUNS = 60
const SECRET = 'prop-secret-0123456789'
const ACTIONS = ['trigger', 'resolve', 'acknowledge', 'log', 'pending']

function expectWellFormed(result: ReturnType<NonNullable<ReturnType<typeof PROVIDERS.get>>['normalize']>): void {
  if (!result.ok) {
    expect(typeof result.reason).toBe('string')
    expect(result.reason.length).toBeGreaterThan(0)
    return
  }
  for (const raw of result.events) {
    const event = limitEvent(raw)
    expect(typeof event.title).toBe('string')
    expect(event.title.length).toBeLessThanOrEqual(FIELD_LIMITS.title!)
    expect(typeof event.dedupKey).toBe('string')
    expect(event.dedupKey.length).toBeLessThanOrEqual(MAX_DEDUP_KEY)
    expect(SEVERITIES).toContain(event.severity)
    expect(KINDS).toContain(event.kind)
    expect(ACTIONS).toContain(event.action)
    if (event.exception) expect(event.exception.frames.length).toBeLessThanOrEqual(MAX_FRAMES + 1)
    // What is stored must serialize (the deep-JSON bug overflowed the stack right here).
    expect(() => JSON.stringify(event)).not.toThrow()
  }
}

describe.each([...PROVIDERS.keys()])('%s under hostile input', (id) => {
  const provider = PROVIDERS.get(id)!

  it('verify never throws, whatever the body and headers (wrong, duplicated, missing)', () => {
    const headerValue = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constant('sha256=, sha256=00'),
      fc.string({ maxLength: 20 }).map((s) => `${s}, ${s}`),
    )
    fc.assert(
      fc.property(
        hostileBody(id),
        fc.dictionary(
          fc.constantFrom(
            ...provider.signatureHeaders,
            ...(provider.secretHeaders ?? []),
            'authorization',
            'x-grafana-alerting-timestamp',
            'x-checkly-timestamp',
            'sentry-hook-resource',
          ),
          headerValue,
        ),
        (body, headers) => {
          const result = provider.verify(rawRequest(body, headers), [SECRET], Date.now())
          expect(
            result.ok === true || (result.ok === false && [400, 401].includes(result.status) && result.reason.length > 0),
          ).toBe(true)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('a correctly signed hostile body is parsed within limits and normalized to a well-formed answer', () => {
    fc.assert(
      fc.property(hostileBody(id), (body) => {
        const request = rawRequest(body, SIGNERS[id]?.(SECRET, body.toString('latin1')) ?? {})
        const parsed = parseBounded(body, provider.parse?.bind(provider))
        if (!parsed.ok) {
          expect(parsed.reason).toMatch(/malformed JSON|nested deeper|limit/)
          return
        }
        expectWellFormed(provider.normalize(parsed.value, request))
      }),
      { numRuns: RUNS },
    )
  })

  it('normalize gives a well-formed answer for any mutation of a realistic payload', () => {
    const payload = fc.constantFrom(...fixtureValues(id)).chain((value) => mutated(value))
    fc.assert(
      fc.property(payload, (value) => expectWellFormed(provider.normalize(value, rawRequest(JSON.stringify(value) ?? 'null')))),
      { numRuns: RUNS * 2 },
    )
  })
})
