// A local HTTP receiver for forwarding tests: records every request (raw body included) and answers what
// the test scripts. Listens on 127.0.0.1, on a free port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  method: string
  path: string
  headers: Record<string, string>
  body: string
}

export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang'

export async function startReceiver(answer: (req: Received, n: number) => Answer = () => ({ status: 200, body: '{"ok":true}' })) {
  const received: Received[] = []
  const hanging: ServerResponse[] = []
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const entry: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString('utf8'),
      }
      received.push(entry)
      const a = answer(entry, received.length)
      if (a === 'hang') {
        hanging.push(res)
        return
      }
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers })
      res.end(a.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    received,
    async stop() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
