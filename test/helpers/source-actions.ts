// For the source-action tool tests: a real Incident from a provider's sample (normalized the way the pipeline
// does), a stand-in for the vendor's API on 127.0.0.1 that records each request exactly as it arrived, and a
// small sender that does what the actor does with a planned request (apiUrl + path, the body as JSON).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { PROVIDERS } from '../../src/main/core/providers'
import type { Incident, Status } from '../../src/shared/incident'
import type {
  ActionInput,
  SourceActionKind,
  SourceAnswer,
  SourceConnection,
  SourceRequest,
} from '../../src/main/core/source-actions/types'
import { freePort } from './free-port'
import { anIncident } from './incident'
import { normalizeWith } from './normalize'

/** The incident Hookbell keeps for a provider's sample: its dedup key, title, link and facts as normalized. */
export function incidentFromSample(
  providerId: string,
  sample: string,
  headers: Record<string, string> = {},
  status: Status = 'open',
): { incident: Incident; raw: unknown } {
  const raw = PROVIDERS.get(providerId)!.samples[sample]!()
  const [event] = normalizeWith(providerId, JSON.stringify(raw), headers)
  if (!event) throw new Error(`${providerId}/${sample} normalized to no event`)
  const incident = anIncident(event.severity, {
    provider: providerId,
    kind: event.kind,
    title: event.title,
    dedupKey: event.dedupKey,
    app: event.app ?? null,
    environment: event.environment ?? null,
    url: event.url ?? null,
    status,
    ...(event.facts ? { facts: event.facts } : {}),
  })
  return { incident, raw }
}

export const NOW = Date.parse('2026-03-01T10:00:00Z')

// Every action kind, checked against the contract's union: a kind added there fails to compile here.
const KINDS = { acknowledge: true, unacknowledge: true, resolve: true, reopen: true, snooze: true, extend: true } as const
export const SOURCE_ACTION_KINDS = Object.keys(KINDS as Record<SourceActionKind, true>) as SourceActionKind[]

export function actionInput(
  action: SourceActionKind,
  incident: Incident,
  connection: SourceConnection,
  extra: Partial<ActionInput> = {},
): ActionInput {
  return {
    action,
    actionId: 1,
    attempted: false,
    incident,
    connection,
    user: 'Ana Lima',
    previousRef: null,
    until: null,
    now: NOW,
    ...extra,
  }
}

export interface Received {
  method: string
  /** Path and query, as sent. */
  url: string
  headers: IncomingHttpHeaders
  /** The body text, parsed as JSON when it is JSON. */
  body: unknown
}

export interface StandIn {
  url: string
  received: Received[]
  close(): Promise<void>
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> }

/** A vendor's API on a free local port: `reply` sees each request as received and says what to answer. */
export async function standIn(reply: (request: Received) => Reply): Promise<StandIn> {
  const received: Received[] = []
  const port = await freePort()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown = text
      try {
        body = text ? JSON.parse(text) : undefined
      } catch {
        // kept as text: the test asserts on what was sent
      }
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      received.push(request)
      const answer = reply(request)
      const json = answer.body !== undefined && typeof answer.body !== 'string'
      res.writeHead(answer.status, {
        ...(json ? { 'content-type': 'application/json' } : {}),
        ...answer.headers,
      })
      res.end(answer.body === undefined ? '' : json ? JSON.stringify(answer.body) : String(answer.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** What the actor does with a planned request: apiUrl + path, the body JSON-encoded, the answer's JSON parsed. */
export async function send(apiUrl: string, request: SourceRequest): Promise<SourceAnswer> {
  const response = await fetch(apiUrl + request.path, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  })
  const text = await response.text()
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    // not JSON: the text, as the contract says
  }
  return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body }
}

/** A planned request, or a failed test saying what was planned instead. */
export function requestOf(planned: { kind: string; request?: SourceRequest }): SourceRequest {
  if (planned.kind !== 'request' || !planned.request) throw new Error(`expected a request, planned ${JSON.stringify(planned)}`)
  return planned.request
}
