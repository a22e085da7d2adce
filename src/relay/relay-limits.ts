// What a sender can make the relay hold, bounded the way the receiver bounds it (server-common): time to send
// a request, open connections, requests per source address, and bytes per channel (the store's quota).
import type { IncomingMessage } from 'node:http'
import type { RateLimit } from '../server-common/rate-limit'

export const RELAY_LIMITS = {
  /**
   * Per source address, over every channel and endpoint. Generous: one Alertmanager flushing its groups,
   * or a whole office behind one NAT, stays far below it. A refusal (unknown channel, wrong token or
   * credential) costs `refusalCost` tokens, so a sender that only gets refusals is slowed ten times sooner.
   */
  perSource: { perSecond: 20, burst: 200 } satisfies RateLimit,
  refusalCost: 10,
  connectionsPerSource: 64,
  connections: 4096,
  headersTimeoutMs: 10_000,
  /**
   * Receiving a whole request (1 MiB at most). Node applies it until the request is read, never while the
   * answer is pending, so a long-poll GET (no body) waits its 30 s untouched.
   */
  requestTimeoutMs: 15_000,
  /** Bytes a channel may hold; past it deliveries are answered 507 until readers acknowledge. */
  maxBytesPerChannel: 256 * 1024 * 1024,
  /**
   * Behind a reverse proxy (Caddy, nginx) every connection comes from the proxy: the client is the last
   * address in X-Forwarded-For, which the proxy appends. Off by default, since a client can send that header.
   */
  trustProxy: false,
}

export type RelayLimits = typeof RELAY_LIMITS

/** The address a request comes from, for the per-source limits. */
export function sourceOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for']
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').pop()?.trim()
    if (last) return last.slice(0, 64)
  }
  return req.socket.remoteAddress ?? 'unknown'
}
