// A port nobody listens on right now, on 127.0.0.1: for a process the test starts that must be told its port
// (PostgreSQL, Alertmanager, the desktop app's saved receiver port).
import { createServer } from 'node:net'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
