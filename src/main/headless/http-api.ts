// The headless transport of the contract: the API over HTTP with a bearer token, push events over SSE, and
// the built renderer as static files, all on the UI port (never the receiver's).
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { timingSafeEqual } from 'node:crypto'
import { HTTP_ROUTES, LIST_PARAMS, type Api, type ApiMethod } from '../../shared/contract'
import { HttpError } from '../../server-common/errors'
import { API_PROOF_NONCE, API_PROOF_PATH, apiProof, VERSION, type EventBus } from '../core'
import { close, listen, matchPath, readBody, sendError, sendJson } from '../../server-common/http'
import { buildOpenApi, successStatus } from './openapi/openapi'

export interface HttpApiOptions {
  api: Api
  events: Pick<EventBus, 'subscribe'>
  token: string
  host: string
  port: number
  /** The built renderer (out/renderer); null serves the API only. */
  uiDir: string | null
  log: (message: string) => void
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

// The renderer renders payload text as text; this keeps it that way even if a bug slipped through.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

const ROUTES = (Object.entries(HTTP_ROUTES) as [ApiMethod, readonly [string, string]][]).map(([method, [verb, path]]) => ({
  method,
  verb,
  path,
}))

export function createHttpApi(options: HttpApiOptions) {
  const expected = Buffer.from(`Bearer ${options.token}`)
  const sseClients = new Set<import('node:http').ServerResponse>()
  let openApi: Record<string, unknown> | null = null

  function authorized(req: IncomingMessage): boolean {
    const given = Buffer.from(req.headers.authorization ?? '')
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  /** DNS rebinding guard: a page on another origin resolving to 127.0.0.1 would send a foreign Host. */
  function hostAllowed(req: IncomingMessage): boolean {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
    return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === options.host
  }

  async function handleApi(req: IncomingMessage, url: URL, res: import('node:http').ServerResponse): Promise<void> {
    // The description holds no data: scripts may read it before they have the token.
    if (url.pathname === '/api/openapi.json' && req.method === 'GET') {
      openApi ??= buildOpenApi(VERSION)
      sendJson(res, 200, openApi)
      return
    }
    // The CLI asks before it sends the token: only the app that holds it can answer (core/api-proof.ts).
    if (url.pathname === API_PROOF_PATH && req.method === 'GET') {
      const nonce = url.searchParams.get('nonce') ?? ''
      if (!API_PROOF_NONCE.test(nonce)) throw new HttpError(400, 'bad_request', 'nonce must be 64 lower-case hex digits')
      sendJson(res, 200, { proof: apiProof(options.token, req.socket.localPort ?? 0, nonce) })
      return
    }
    if (!authorized(req)) throw new HttpError(401, 'unauthorized', 'missing or wrong API token (see <data-dir>/api-token)')
    if (url.pathname === '/api/events') {
      openEventStream(res)
      return
    }
    for (const route of ROUTES) {
      if (route.verb !== req.method) continue
      const params = matchPath(route.path, url.pathname)
      if (!params) continue
      let args: Record<string, unknown> = {}
      if (req.method === 'GET' || req.method === 'DELETE') {
        for (const [key, value] of url.searchParams) args[key] = LIST_PARAMS.has(key) ? value.split(',') : value
      } else {
        const body = await readBody(req, 256 * 1024)
        if (body.length > 0) {
          try {
            args = JSON.parse(body.toString('utf8')) as Record<string, unknown>
          } catch {
            throw new HttpError(400, 'bad_json', 'the request body is not JSON')
          }
          if (typeof args !== 'object' || args === null || Array.isArray(args))
            throw new HttpError(400, 'bad_json', 'expected a JSON object')
        }
      }
      const result = await (options.api[route.method] as (a: unknown) => Promise<unknown>)({ ...args, ...params })
      sendJson(res, successStatus(route.method), result)
      return
    }
    const known = ROUTES.some((r) => matchPath(r.path, url.pathname))
    throw known
      ? new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here`)
      : new HttpError(404, 'not_found', `no API route ${url.pathname}`)
  }

  function openEventStream(res: import('node:http').ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    res.write('retry: 2000\n\n')
    sseClients.add(res)
    const unsubscribe = options.events.subscribe((event) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`)
    })
    // Comments keep idle proxies and the browser from closing a quiet stream.
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000)
    keepAlive.unref()
    res.on('close', () => {
      clearInterval(keepAlive)
      unsubscribe()
      sseClients.delete(res)
    })
  }

  async function serveStatic(url: URL, res: import('node:http').ServerResponse): Promise<void> {
    if (!options.uiDir) throw new HttpError(404, 'not_found', 'the UI is not built: run `npm run build:app`')
    const relative = normalize(decodePath(url.pathname)).replace(/^([/\\])+/, '')
    let file = join(options.uiDir, relative)
    if (!file.startsWith(options.uiDir + sep) && file !== options.uiDir) throw new HttpError(404, 'not_found', 'not found')
    const info = await stat(file).catch(() => null)
    // Client-side routes (#/incident/…) never reach here, but a reload of an unknown path gets the app.
    if (!info || info.isDirectory()) file = join(options.uiDir, 'index.html')
    const content = await readFile(file).catch(() => null)
    if (!content) throw new HttpError(404, 'not_found', 'the UI is not built: run `npm run build:app`')
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
      ...SECURITY_HEADERS,
    })
    res.end(content)
  }

  const server: Server = createServer(async (req, res) => {
    try {
      const url = parseTarget(req.url)
      if (!hostAllowed(req)) throw new HttpError(403, 'forbidden_host', 'requests must address 127.0.0.1 or localhost')
      if (url.pathname.startsWith('/api/')) await handleApi(req, url, res)
      else if (req.method === 'GET' || req.method === 'HEAD') await serveStatic(url, res)
      else throw new HttpError(405, 'method_not_allowed', 'not allowed')
    } catch (error) {
      sendError(res, error, options.log)
    }
  })

  return {
    start: () => listen(server, options.port, options.host),
    async stop(): Promise<void> {
      for (const client of sseClients) client.end()
      await close(server)
    },
  }
}

/** A malformed request target is the client's mistake: 400 with a reason, and nothing in the log. */
function parseTarget(target: string | undefined): URL {
  try {
    return new URL(target ?? '/', 'http://ui')
  } catch {
    throw new HttpError(400, 'bad_request', 'the request target is not a valid URL')
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    throw new HttpError(400, 'bad_request', 'the path has a malformed %-escape')
  }
}
