// How long each integration's senders wait for Hookbell's 2xx, over the last day. Sentry counts an answer
// slower than 1 s as a timeout and unsubscribes after 1,000 of them in 24 hours, so this is what a user
// needs to see before that happens. Kept in memory as hourly log-scale histograms: a fixed size per
// integration (24 × BINS counters) however many deliveries arrive, at the cost of ~5% precision.
import type { AnswerTimes } from '../../../shared/model'

/** Bin i holds answers up to FIRST_MS × GROWTH^(i+1); the last bin holds everything slower (~70 s). */
const FIRST_MS = 0.05
const GROWTH = 1.1
const BINS = 150
const HOURS = 24
const HOUR_MS = 3_600_000
/** Warn when the slowest 1% come within this share of the tool's own limit. */
const WARN_SHARE = 0.5

interface Slot {
  hour: number
  count: number
  maxMs: number
  bins: Uint32Array
}

function binOf(ms: number): number {
  if (!(ms > FIRST_MS)) return 0
  return Math.min(BINS - 1, Math.floor(Math.log(ms / FIRST_MS) / Math.log(GROWTH)))
}

/** A bin's upper edge: the value reported for a quantile that falls in it (never flatters). */
const upperEdge = (bin: number) => FIRST_MS * GROWTH ** (bin + 1)
const lowerEdge = (bin: number) => (bin === 0 ? 0 : FIRST_MS * GROWTH ** bin)

const round = (ms: number) => (ms < 10 ? Math.round(ms * 10) / 10 : Math.round(ms))

export function createAnswerTimes() {
  const byIntegration = new Map<string, Slot[]>()

  function record(integrationId: string, ms: number, at: number): void {
    let slots = byIntegration.get(integrationId)
    if (!slots) {
      slots = Array.from({ length: HOURS }, () => ({ hour: -1, count: 0, maxMs: 0, bins: new Uint32Array(BINS) }))
      byIntegration.set(integrationId, slots)
    }
    const hour = Math.floor(at / HOUR_MS)
    const slot = slots[hour % HOURS]!
    if (slot.hour !== hour) {
      slot.hour = hour
      slot.count = 0
      slot.maxMs = 0
      slot.bins.fill(0)
    }
    slot.count++
    slot.maxMs = Math.max(slot.maxMs, ms)
    slot.bins[binOf(ms)]!++
  }

  /** p50/p99 of the answers in the last 24 hours (hour granularity); null when there were none. */
  function summary(integrationId: string, now: number, limit: { ms: number; tool: string } | null): AnswerTimes | null {
    const slots = byIntegration.get(integrationId)
    if (!slots) return null
    const current = Math.floor(now / HOUR_MS)
    const merged = new Uint32Array(BINS)
    let count = 0
    let maxMs = 0
    for (const slot of slots) {
      if (slot.hour <= current - HOURS || slot.hour > current || slot.count === 0) continue
      count += slot.count
      maxMs = Math.max(maxMs, slot.maxMs)
      for (let i = 0; i < BINS; i++) merged[i]! += slot.bins[i]!
    }
    if (count === 0) return null
    const quantile = (q: number) => {
      const rank = Math.ceil(q * count)
      let seen = 0
      for (let i = 0; i < BINS; i++) {
        seen += merged[i]!
        if (seen >= rank) return Math.min(upperEdge(i), maxMs)
      }
      return maxMs
    }
    const p50Ms = quantile(0.5)
    const p99Ms = quantile(0.99)
    let over = 0
    if (limit) for (let i = 0; i < BINS; i++) if (lowerEdge(i) >= limit.ms) over += merged[i]!
    let warning: string | null = null
    if (limit && over > 0)
      warning = `${over} answer${over === 1 ? '' : 's'} took longer than ${limit.tool}'s ${limit.ms / 1000} s limit in the last day: ${limit.tool} counts them as timeouts`
    else if (limit && p99Ms >= limit.ms * WARN_SHARE)
      warning = `the slowest 1% of answers (${round(p99Ms)} ms) are near ${limit.tool}'s ${limit.ms / 1000} s limit`
    return { count, p50Ms: round(p50Ms), p99Ms: round(p99Ms), maxMs: round(maxMs), limitMs: limit?.ms ?? null, warning }
  }

  return {
    record,
    summary,
    /** A deleted integration's figures go with it. */
    forget: (integrationId: string) => void byIntegration.delete(integrationId),
  }
}

export type AnswerTimesLog = ReturnType<typeof createAnswerTimes>
