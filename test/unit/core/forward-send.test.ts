// What a target's answer means for a forward, and when a retry comes.
import { describe, expect, it } from 'vitest'
import { nextRetryDelay, MAX_RETRY_AFTER_MS, RETRY_DELAYS_MS } from '../../../src/main/core/forward/retry'
import { classify, parseRetryAfter } from '../../../src/main/core/forward/send'

const NOW = Date.parse('2026-01-15T10:00:00Z')

describe('classify', () => {
  it.each([
    [200, 'delivered', null],
    [204, 'delivered', null],
    [410, 'gone', 'the receiver answered 410 Gone'],
    [408, 'retry', 'HTTP 408'],
    [429, 'retry', 'HTTP 429'],
    [503, 'retry', 'HTTP 503'],
    [301, 'failed', 'HTTP 301: redirects are not followed: update the target URL'],
    [400, 'failed', 'HTTP 400: the receiver refused it'],
    [404, 'failed', 'HTTP 404: the receiver refused it'],
  ] as const)('%i is %s', (status, kind, error) => {
    expect(classify(status, null, NOW)).toMatchObject({ kind, status, error })
  })

  it('keeps the Retry-After of a retryable answer only', () => {
    expect(classify(429, '120', NOW).retryAfterMs).toBe(120_000)
    expect(classify(400, '120', NOW).retryAfterMs).toBeUndefined()
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores anything else', () => {
    expect(parseRetryAfter('30', NOW)).toBe(30_000)
    expect(parseRetryAfter('Thu, 15 Jan 2026 10:01:00 GMT', NOW)).toBe(60_000)
    expect(parseRetryAfter('Thu, 15 Jan 2026 09:00:00 GMT', NOW)).toBe(0)
    expect(parseRetryAfter('soon', NOW)).toBeUndefined()
    expect(parseRetryAfter(null, NOW)).toBeUndefined()
  })
})

describe('nextRetryDelay', () => {
  const mid = () => 0.5
  it('follows the schedule with ±20 % jitter', () => {
    expect(nextRetryDelay(1, RETRY_DELAYS_MS, mid, undefined)).toBe(5_000)
    expect(nextRetryDelay(1, RETRY_DELAYS_MS, () => 0, undefined)).toBe(4_000)
    expect(nextRetryDelay(1, RETRY_DELAYS_MS, () => 1, undefined)).toBe(6_000)
  })
  it('waits longer when the receiver asks, up to the cap', () => {
    expect(nextRetryDelay(1, RETRY_DELAYS_MS, mid, 60_000)).toBe(60_000)
    expect(nextRetryDelay(1, RETRY_DELAYS_MS, mid, 86_400_000)).toBe(MAX_RETRY_AFTER_MS)
  })
  it('gives up when the schedule is used up', () => {
    expect(nextRetryDelay(RETRY_DELAYS_MS.length, RETRY_DELAYS_MS, mid, undefined)).toBeNull()
    expect(nextRetryDelay(RETRY_DELAYS_MS.length - 1, RETRY_DELAYS_MS, mid, undefined)).toBe(10_800_000)
  })
})
