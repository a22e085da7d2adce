// The public side: `POST /hooks/:integrationId` and `GET /healthz`, on its own port so that a tunnel to it
// never exposes the API.
import { createServer, type Server } from 'node:http'
import { HttpError } from '../../../server-common/errors'
import { close, listen, lowerHeaders, matchPath, readBody, sendError, sendJson } from '../../../server-common/http'
import type { Ingest } from '../ingest/pipeline'

export interface ReceiverOptions {
  host: string
  port: number
  ingest: Ingest
  now: () => number
  log: (message: string) => void
}

export function createReceiver(options: ReceiverOptions) {
  let server: Server | null = null
  let boundPort: number | null = null

  const handler = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver')
    try {
      if (url.pathname === '/healthz') {
        sendJson(res, 200, { ok: true })
        return
      }
      const params = matchPath('/hooks/:integrationId', url.pathname)
      if (!params) throw new HttpError(404, 'not_found', 'POST deliveries to /hooks/<integration id>')
      if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'deliveries are POSTed', { allow: 'POST' })

      const receivedAt = options.now()
      const headers = lowerHeaders(req)
      let body: Buffer
      try {
        body = await readBody(req)
      } catch (error) {
        if (error instanceof HttpError && error.status === 413) {
          const request = {
            method: 'POST',
            headers,
            query: url.search,
            body: Buffer.alloc(0),
            receivedAt,
            via: 'direct' as const,
          }
          options.ingest.refuse(params.integrationId!, request, 413, error.message)
        }
        throw error
      }
      const result = options.ingest.ingest(params.integrationId!, {
        method: 'POST',
        headers,
        query: url.search,
        body,
        receivedAt,
        via: 'direct',
      })
      sendJson(res, result.status, result.body, result.headers)
    } catch (error) {
      sendError(
        res,
        error instanceof HttpError ? error : new HttpError(503, 'unavailable', 'retry later', { 'retry-after': '30' }),
        options.log,
      )
    }
  })
  // Providers give up quickly (Sentry: 1 s); a stalled client must not hold a socket for long either.
  handler.requestTimeout = 15_000
  handler.headersTimeout = 10_000

  return {
    async start(): Promise<number> {
      boundPort = await listen(handler, options.port, options.host)
      server = handler
      return boundPort
    },
    async stop(): Promise<void> {
      if (server) await close(server)
      server = null
    },
    get port(): number | null {
      return boundPort
    },
    get listening(): boolean {
      return server !== null
    },
  }
}

export type Receiver = ReturnType<typeof createReceiver>
