// Connections past a source's cap are refused when accepted, before Node sets up a socket for them: a flood
// of connections costs the server as little as it can.
import { createServer } from 'node:http'
import { connect } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { limitConnections } from '../../../src/server-common/connection-limits'
import { listen, close } from '../../../src/server-common/http'

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

function open(port: number, localAddress: string) {
  const socket = connect({ port, host: '127.0.0.1', localAddress })
  socket.on('error', () => undefined)
  cleanup.push(() => void socket.destroy())
  return {
    socket,
    closed: new Promise<void>((resolve) => socket.on('close', () => resolve())),
    connected: new Promise<void>((resolve) => socket.on('connect', () => resolve())),
  }
}

it('refuses connections past the per-source cap without ever handing them to the server', async () => {
  const server = createServer((_req, res) => res.end('ok'))
  const { bySource } = limitConnections(server, { perSource: 2, total: 100 })
  let seen = 0
  server.on('connection', () => seen++)
  const port = await listen(server, 0, '127.0.0.1')
  cleanup.push(() => close(server))

  const first = [open(port, '127.0.0.1'), open(port, '127.0.0.1')]
  await Promise.all(first.map((s) => s.connected))
  await expect.poll(() => bySource.get('127.0.0.1')).toBe(2)
  const refused = Array.from({ length: 5 }, () => open(port, '127.0.0.1'))
  await Promise.all(refused.map((s) => s.closed))
  // Another source still gets in.
  const other = open(port, '127.0.0.2')
  await other.connected
  await expect.poll(() => bySource.get('127.0.0.2')).toBe(1)
  expect(seen).toBe(3)
  expect(first.every((s) => !s.socket.destroyed)).toBe(true)
})
