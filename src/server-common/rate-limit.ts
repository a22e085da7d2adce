// Token buckets by key (a source address, or a source and a target), for answering a flood with 503 and
// Retry-After, which every provider retries, before it costs disk or CPU. Memory stays bounded: past
// `maxKeys` the least recently used bucket is forgotten.

export interface RateLimit {
  perSecond: number
  burst: number
}

export type Take = { ok: true } | { ok: false; retryAfterSeconds: number; firstRefusal: boolean }

interface Bucket {
  tokens: number
  at: number
  refusing: boolean
}

export function createRateLimiter(options: { now: () => number; maxKeys?: number }) {
  const maxKeys = options.maxKeys ?? 10_000
  const buckets = new Map<string, Bucket>()

  function bucketFor(key: string, limit: RateLimit): Bucket {
    const t = options.now()
    const bucket = buckets.get(key) ?? { tokens: limit.burst, at: t, refusing: false }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (Math.max(0, t - bucket.at) / 1000) * limit.perSecond)
    bucket.at = t
    // Re-inserting keeps Map order = least recently used first.
    buckets.delete(key)
    buckets.set(key, bucket)
    if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!)
    return bucket
  }

  return {
    /** Takes `cost` tokens, or says how long until there are enough; `firstRefusal` marks the start of a run. */
    take(key: string, limit: RateLimit, cost = 1): Take {
      const bucket = bucketFor(key, limit)
      if (bucket.tokens >= cost) {
        bucket.tokens -= cost
        bucket.refusing = false
        return { ok: true }
      }
      const firstRefusal = !bucket.refusing
      bucket.refusing = true
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / limit.perSecond)), firstRefusal }
    },
    /** Charges more after the fact (a refusal costs more than an accepted delivery); may go below zero. */
    charge(key: string, limit: RateLimit, cost: number): void {
      const bucket = bucketFor(key, limit)
      bucket.tokens = Math.max(-limit.burst, bucket.tokens - cost)
    },
    /** Gives back tokens taken for work that turned out legitimate; never above the burst. */
    refund(key: string, limit: RateLimit, cost: number): void {
      const bucket = bucketFor(key, limit)
      bucket.tokens = Math.min(limit.burst, bucket.tokens + cost)
    },
    get size(): number {
      return buckets.size
    },
  }
}

export type RateLimiter = ReturnType<typeof createRateLimiter>
