import { describe, expect, it } from 'vitest'
import { createRateLimiter } from '../../../src/server-common/rate-limit'

describe('createRateLimiter', () => {
  it('allows a burst, then refuses with a Retry-After, marking only the first refusal of a run', () => {
    let t = 0
    const limiter = createRateLimiter({ now: () => t })
    const limit = { perSecond: 2, burst: 3 }
    expect([1, 2, 3].map(() => limiter.take('a', limit).ok)).toEqual([true, true, true])
    expect(limiter.take('a', limit)).toEqual({ ok: false, retryAfterSeconds: 1, firstRefusal: true })
    expect(limiter.take('a', limit)).toMatchObject({ ok: false, firstRefusal: false })
    expect(limiter.take('b', limit).ok).toBe(true)
    t += 500
    expect(limiter.take('a', limit).ok).toBe(true)
    expect(limiter.take('a', limit)).toMatchObject({ ok: false, firstRefusal: true })
  })

  it('charges refusals after the fact, which lengthens the wait', () => {
    const limiter = createRateLimiter({ now: () => 0 })
    const limit = { perSecond: 1, burst: 10 }
    limiter.charge('a', limit, 15) // 10 - 15 = -5 tokens: 6 s until there is one
    expect(limiter.take('a', limit)).toMatchObject({ ok: false, retryAfterSeconds: 6 })
  })

  it('refunds tokens up to the burst, never past it', () => {
    const limiter = createRateLimiter({ now: () => 0 })
    const limit = { perSecond: 1, burst: 2 }
    for (let i = 0; i < 10; i++) {
      expect(limiter.take('a', limit).ok).toBe(true)
      limiter.refund('a', limit, 1)
    }
    limiter.refund('a', limit, 5)
    expect([1, 2, 3].map(() => limiter.take('a', limit).ok)).toEqual([true, true, false])
  })

  it('forgets the least recently used bucket past maxKeys', () => {
    const limiter = createRateLimiter({ now: () => 0, maxKeys: 100 })
    for (let i = 0; i < 1000; i++) limiter.take(`k${i}`, { perSecond: 1, burst: 1 })
    expect(limiter.size).toBe(100)
  })
})
