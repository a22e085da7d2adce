// One HTTP attempt and what its answer means: delivered, retry later, failed for good, or gone (410: the
// receiver asks never to be sent to again).
export const TIMEOUT_MS = 15_000

export interface Outcome {
  kind: 'delivered' | 'retry' | 'failed' | 'gone'
  status: number | null
  error: string | null
  /** The receiver's Retry-After, when it sent one (ms from now). */
  retryAfterMs?: number
  latencyMs: number
  /** The start of the answer's body, for the target's Test button. */
  excerpt: string
}

export interface SendOptions {
  fetch: typeof fetch
  now: () => number
  /** Aborts the request (shutdown); the timeout is added here. */
  signal: AbortSignal
}

export async function send(url: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<Outcome> {
  const started = performance.now()
  try {
    const response = await options.fetch(url, {
      method: 'POST',
      body,
      headers,
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), options.signal]),
    })
    const text = await response.text().catch(() => '')
    const latencyMs = Math.round(performance.now() - started)
    return {
      ...classify(response.status, response.headers.get('retry-after'), options.now()),
      latencyMs,
      excerpt: text.slice(0, 500),
    }
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started)
    const name = (error as Error).name
    const message =
      name === 'TimeoutError'
        ? `no answer within ${TIMEOUT_MS / 1000} s`
        : `could not connect (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`
    return { kind: 'retry', status: null, error: message, latencyMs, excerpt: '' }
  }
}

/** What an HTTP status means for a forward. Redirects are not followed: a moved target is a setup error. */
export function classify(
  status: number,
  retryAfter: string | null,
  now: number,
): Pick<Outcome, 'kind' | 'status' | 'error' | 'retryAfterMs'> {
  if (status >= 200 && status < 300) return { kind: 'delivered', status, error: null }
  if (status === 410) return { kind: 'gone', status, error: 'the receiver answered 410 Gone' }
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: 'retry', status, error: `HTTP ${status}`, retryAfterMs: parseRetryAfter(retryAfter, now) }
  }
  const why = status >= 300 && status < 400 ? 'redirects are not followed: update the target URL' : 'the receiver refused it'
  return { kind: 'failed', status, error: `HTTP ${status}: ${why}` }
}

/** Retry-After in seconds or as an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
