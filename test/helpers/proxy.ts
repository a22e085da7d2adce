// A tiny TCP load balancer for tests, standing in for the proxy in front of several relay instances: each
// connection goes to the next upstream in turn, skipping one that refuses the connection.
import { createServer, connect, type Socket } from 'node:net'

export async function startProxy(initial: { host: string; port: number }[]) {
  let upstreams = initial
  let next = 0
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    const tryUpstream = (attempt: number) => {
      if (attempt >= upstreams.length) return client.destroy()
      const target = upstreams[next++ % upstreams.length]!
      const upstream = connect(target.port, target.host)
      sockets.add(upstream)
      upstream.on('close', () => sockets.delete(upstream))
      upstream.once('connect', () => {
        upstream.removeAllListeners('error')
        client.pipe(upstream).pipe(client)
        upstream.on('error', () => client.destroy())
        client.on('error', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
        client.on('close', () => upstream.destroy())
      })
      upstream.once('error', () => tryUpstream(attempt + 1))
    }
    client.pause()
    tryUpstream(0)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    base: `http://127.0.0.1:${port}`,
    /** Swap the instances behind it (a restarted one listens on a new port). */
    setUpstreams(next: { host: string; port: number }[]) {
      upstreams = next
    },
    async stop() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
