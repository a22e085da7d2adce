// A stand-in for Alertmanager's silence API (api/v2, https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml)
// on a free 127.0.0.1 port, keeping silences the way Alertmanager does (silence/silence.go `Set`): a POST
// without an id creates one; with an id it updates it in place when its matchers and, while active, its
// startsAt are unchanged, else expires it and creates another; an unknown id is 404. GET /api/v2/silences
// lists them, narrowed by `filter` matchers (name="value"); DELETE /api/v2/silence/{id} expires one (500
// when already expired, as Alertmanager answers). `hang` makes the stand-in take a request and never answer:
// a silence it creates is made all the same, like a real one whose answer was lost on the way.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { freePort } from './free-port'

export interface StoredSilence {
  id: string
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[]
  startsAt: string
  endsAt: string
  createdBy: string
  comment: string
  status: { state: 'active' | 'pending' | 'expired' }
}

export interface AlertmanagerStandIn {
  url: string
  port: number
  silences: StoredSilence[]
  /** Every request as "METHOD path". */
  requests: string[]
  /** The next requests of this method are handled but never answered (how many). */
  hang(method: 'POST' | 'GET' | 'DELETE', count?: number): void
  /** Answers this status to every DELETE until set back to null. */
  refuseDeletes(status: number | null): void
  /** Running (not expired) silences whose matchers include this label. */
  running(name: string, value: string): StoredSilence[]
  stop(): Promise<void>
}

/** Alertmanager's matcher syntax for one filter: name="value" with \\, \" and \n escaped. */
function parseFilter(text: string): { name: string; value: string } | null {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"$/.exec(text)
  if (!m) return null
  return { name: m[1]!, value: m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)) }
}

export async function startAlertmanagerStandIn(port?: number): Promise<AlertmanagerStandIn> {
  const listenPort = port ?? (await freePort())
  const silences: StoredSilence[] = []
  const requests: string[] = []
  const hanging: ServerResponse[] = []
  const toHang = { POST: 0, GET: 0, DELETE: 0 }
  let deleteStatus: number | null = null

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  function handle(req: IncomingMessage, body: string, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const method = (req.method ?? '') as keyof typeof toHang
    requests.push(`${method} ${url.pathname}`)
    const hang = toHang[method] > 0
    if (hang) toHang[method]--
    const reply = (status: number, b: unknown): void => {
      if (hang) hanging.push(res)
      else answer(res, status, b)
    }
    if (method === 'POST' && url.pathname === '/api/v2/silences') {
      const posted = JSON.parse(body) as Omit<StoredSilence, 'status'> & { id?: string }
      const now = Date.now()
      const previous = posted.id ? silences.find((s) => s.id === posted.id) : undefined
      if (posted.id && !previous) return reply(404, 'silence not found')
      if (
        previous &&
        previous.status.state === 'active' &&
        JSON.stringify(previous.matchers) === JSON.stringify(posted.matchers) &&
        Date.parse(previous.startsAt) === Date.parse(posted.startsAt)
      ) {
        Object.assign(previous, { endsAt: posted.endsAt, comment: posted.comment, createdBy: posted.createdBy })
        return reply(200, { silenceID: previous.id })
      }
      if (previous && previous.status.state !== 'expired') previous.status.state = 'expired'
      const created: StoredSilence = {
        id: randomUUID(),
        matchers: posted.matchers,
        // Alertmanager moves a start in the past to its own now.
        startsAt: new Date(Math.max(now, Date.parse(posted.startsAt))).toISOString(),
        endsAt: posted.endsAt,
        createdBy: posted.createdBy,
        comment: posted.comment,
        status: { state: 'active' },
      }
      silences.push(created)
      return reply(200, { silenceID: created.id })
    }
    if (method === 'GET' && url.pathname === '/api/v2/silences') {
      const filters = url.searchParams.getAll('filter').map(parseFilter)
      if (filters.some((f) => f === null)) return reply(400, 'bad matcher format')
      const matching = silences.filter((s) =>
        filters.every((f) => s.matchers.some((m) => m.name === f!.name && m.value === f!.value)),
      )
      return reply(200, matching)
    }
    const deleted = /^\/api\/v2\/silence\/([^/]+)$/.exec(url.pathname)
    if (method === 'DELETE' && deleted) {
      if (deleteStatus !== null) return reply(deleteStatus, 'forbidden')
      const silence = silences.find((s) => s.id === decodeURIComponent(deleted[1]!))
      if (!silence) return reply(404, 'silence not found')
      if (silence.status.state === 'expired') return reply(500, `silence ${silence.id} already expired`)
      silence.status.state = 'expired'
      return reply(200, '')
    }
    reply(404, 'not found')
  }

  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => handle(req, body, res))
  })
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${listenPort}`,
    port: listenPort,
    silences,
    requests,
    hang(method, count = 1) {
      toHang[method] += count
    },
    refuseDeletes(status) {
      deleteStatus = status
    },
    running: (name, value) =>
      silences.filter((s) => s.status.state !== 'expired' && s.matchers.some((m) => m.name === name && m.value === value)),
    async stop() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
