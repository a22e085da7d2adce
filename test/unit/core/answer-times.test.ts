import { describe, expect, it } from 'vitest'
import { createAnswerTimes } from '../../../src/main/core/ingest/answer-times'

const HOUR = 3_600_000
const t0 = Date.parse('2026-11-20T12:00:00Z')
const sentry = { ms: 1000, tool: 'Sentry' }

describe('answer times per integration', () => {
  it('reports p50 and p99 within the histogram precision (10%)', () => {
    const times = createAnswerTimes()
    for (let i = 1; i <= 1000; i++) times.record('a', i, t0)
    const s = times.summary('a', t0, null)!
    expect(s.count).toBe(1000)
    expect(s.p50Ms).toBeGreaterThanOrEqual(500)
    expect(s.p50Ms).toBeLessThanOrEqual(550)
    expect(s.p99Ms).toBeGreaterThanOrEqual(990)
    expect(s.p99Ms).toBeLessThanOrEqual(1000)
    expect(s.maxMs).toBe(1000)
    expect(times.summary('b', t0, null)).toBeNull()
  })

  it("warns near Sentry's 1 s limit and counts answers over it", () => {
    const times = createAnswerTimes()
    for (let i = 0; i < 98; i++) times.record('s', 3, t0)
    times.record('s', 700, t0)
    times.record('s', 650, t0)
    const near = times.summary('s', t0, sentry)!
    expect(near.limitMs).toBe(1000)
    expect(near.p99Ms).toBeGreaterThanOrEqual(650)
    expect(near.p99Ms).toBeLessThanOrEqual(700)
    expect(near.warning).toBe(`the slowest 1% of answers (${near.p99Ms} ms) are near Sentry's 1 s limit`)
    times.record('s', 1500, t0)
    expect(times.summary('s', t0, sentry)!.warning).toBe(
      "1 answer took longer than Sentry's 1 s limit in the last day: Sentry counts them as timeouts",
    )
    const quick = createAnswerTimes()
    quick.record('q', 4, t0)
    expect(quick.summary('q', t0, sentry)!.warning).toBeNull()
  })

  it('covers the last day only, in a fixed amount of memory', () => {
    const times = createAnswerTimes()
    times.record('a', 900, t0)
    for (let h = 1; h <= 30; h++) times.record('a', 2, t0 + h * HOUR)
    const s = times.summary('a', t0 + 30 * HOUR, null)!
    expect(s.count).toBe(24)
    expect(s.maxMs).toBe(2)
    expect(times.summary('a', t0 + 60 * HOUR, null)).toBeNull()
    times.forget('a')
    expect(times.summary('a', t0 + 30 * HOUR, null)).toBeNull()
  })
})
