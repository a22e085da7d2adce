// What a sender can make the relay hold, bounded the way the receiver bounds it (server-common): time to send
// a request, open connections, requests per source address, and bytes per channel (the store's quota).
import type { IncomingMessage } from 'node:http'
import type { RateLimit } from '../server-common/rate-limit'

export const RELAY_LIMITS = {
  /**
   * Deliveries per channel, from every sender together (a bucket of `burst` refilled at `perSecond`). Sized
   * for a storm: one Alertmanager flushing thousands of groups, or a dozen tools failing together, posts
   * thousands a second, and each refusal is a 503 its sender must retry. What bounds the disk is the
   * channel's quota, not this.
   */
  perChannel: { perSecond: 5000, burst: 20_000 } satisfies RateLimit,
  /**
   * Requests per source address that post deliveries, over every channel. As generous, for the same storm
   * from one address (or a whole office behind one NAT). A refusal (unknown channel, wrong credential)
   * costs `refusalCost` tokens, so a sender that only gets refusals is slowed ten times sooner.
   */
  perSource: { perSecond: 5000, burst: 20_000 } satisfies RateLimit,
  /**
   * Requests per source address to the readers' endpoints (polls, acknowledgements, notes, credentials): a
   * bucket of its own, so a sender's storm (and its 503 retries) from the same address, say a relay and an
   * Alertmanager on one host, or one NAT, never starves a laptop's polls. A wrong token costs `refusalCost`.
   */
  readsPerSource: { perSecond: 200, burst: 2000 } satisfies RateLimit,
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
