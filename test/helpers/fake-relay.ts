// A relay that answers whatever the test scripts: oversized, malformed, future-dated or poison pages, and
// redirects. Records each poll's query so tests can see what the app asked for. 127.0.0.1, free port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeItem {
  seq: number
  receivedAt?: unknown
  method?: unknown
  query?: unknown
  headers?: unknown
  body?: unknown
  /** What the relay says it did with the Authorization header (see relay-protocol.ts). */
  credential?: unknown
}

export type FakeAnswer = { status?: number; headers?: Record<string, string>; text: string }

/** An item as a real relay would send it: verbatim request, body in base64. */
export function relayItem(
  seq: number,
  integrationId: string,
  body: string | Buffer,
  headers: Record<string, string>,
  receivedAt = Date.now(),
): FakeItem {
  return {
    seq,
    receivedAt,
    method: 'POST',
    query: `?integration=${integrationId}`,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(body).toString('base64'),
  }
}

export async function startFakeRelay() {
  let items: FakeItem[] = []
  let override: ((after: number) => FakeAnswer | null) | null = null
  const polls: URLSearchParams[] = []
  const acks: number[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://relay')
    if (url.pathname.endsWith('/ack')) {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        acks.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { upTo: number }).upTo)
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
      })
      return
    }
    polls.push(url.searchParams)
    const after = Number(url.searchParams.get('after') ?? 0)
    const scripted = override?.(after)
    if (scripted) {
      res.writeHead(scripted.status ?? 200, { 'content-type': 'application/json', ...scripted.headers }).end(scripted.text)
      return
    }
    // Like a careless relay: everything after the cursor, ignoring `limit`.
    const page = { deliveries: items.filter((i) => i.seq > after), latestSeq: items.at(-1)?.seq ?? 0 }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: `${base}/r/ch_fake`,
    base,
    polls,
    acks,
    setItems(next: FakeItem[]) {
      items = next
    },
    answer(fn: ((after: number) => FakeAnswer | null) | null) {
      override = fn
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
