// Caps on open connections, per source address and in all, and timeouts that Node checks often enough to
// matter. Thousands of sockets trickling a byte at a time from one host must not starve everyone else.
import type { Server, ServerOptions } from 'node:http'
import { BlockList, SocketAddress, type Socket } from 'node:net'

export interface ConnectionLimits {
  perSource: number
  total: number
}

/**
 * Header and request timeouts for `http.createServer`. Node checks both only every
 * `connectionsCheckingInterval` (30 s by default, which lets trickling sockets pile up), so check each second.
 */
export function timeoutOptions(headersTimeoutMs: number, requestTimeoutMs: number): ServerOptions {
  return { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, connectionsCheckingInterval: 1_000 }
}

/**
 * Refuses a connection from a source at its cap when it is accepted, before Node makes a Socket and an HTTP
 * parser for it: `net.Server` asks `server.blockList.check(address)` for each new connection and closes the
 * handle at once when it answers true (the `blockList` option of net.createServer). In a profile of
 * `npm run bench -- abuse`, setting up and destroying each capped connection cost a quarter of the
 * receiver's time, in bursts of hundreds of milliseconds (one event-loop turn accepts the whole queue).
 */
class SourceCaps extends BlockList {
  constructor(private readonly atCap: (address: string) => boolean) {
    super()
  }

  override check(address: string | SocketAddress, type?: 'ipv4' | 'ipv6'): boolean {
    const text = address instanceof SocketAddress ? address.address : address
    return this.atCap(text) || (typeof address === 'string' ? super.check(address, type) : super.check(address))
  }
}

/** Destroys a new connection past either cap at once, before it is read. Returns the live count by source. */
export function limitConnections(server: Server, limits: ConnectionLimits): { bySource: Map<string, number> } {
  const bySource = new Map<string, number>()
  server.maxConnections = limits.total
  ;(server as Server & { blockList?: BlockList }).blockList = new SourceCaps(
    (address) => (bySource.get(address) ?? 0) >= limits.perSource,
  )
  // Counts what was accepted; also refuses here, should a Node version not consult the block list.
  server.on('connection', (socket: Socket) => {
    const source = socket.remoteAddress ?? 'unknown'
    const open = bySource.get(source) ?? 0
    if (open >= limits.perSource) {
      socket.destroy()
      return
    }
    bySource.set(source, open + 1)
    socket.once('close', () => {
      const left = (bySource.get(source) ?? 1) - 1
      if (left <= 0) bySource.delete(source)
      else bySource.set(source, left)
    })
  })
  return { bySource }
}
