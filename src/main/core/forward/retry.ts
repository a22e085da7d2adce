// When a forward that could not be delivered is tried again.

/** Delay before attempt n+1 (ms): immediately, 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h — about 5 h. */
export const RETRY_DELAYS_MS = [0, 5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000]
/** A receiver's Retry-After is honoured up to this; a longer one would look like a lost forward. */
export const MAX_RETRY_AFTER_MS = 3 * 3_600_000

/**
 * The wait (ms) before the next attempt after `attempts` tries, or null when the schedule is used up. ±20 %
 * jitter keeps forwards that failed together from retrying together; a longer Retry-After wins.
 */
export function nextRetryDelay(
  attempts: number,
  delays: readonly number[],
  random: () => number,
  retryAfterMs: number | undefined,
): number | null {
  if (attempts >= delays.length) return null
  const jittered = delays[attempts]! * (0.8 + random() * 0.4)
  return Math.round(Math.min(Math.max(jittered, retryAfterMs ?? 0), MAX_RETRY_AFTER_MS))
}

/** A retry's wait as the timeline says it: "0.2 s", "27 s", "2 min", "3 h". */
export function waitInWords(ms: number): string {
  if (ms < 10_000) return `${Math.round(ms / 100) / 10} s`
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`
  return `${Math.round(ms / 3_600_000)} h`
}
