// One request to a tool's API and what its answer means for an action on the source: done, retry later, or
// failed for good. Which statuses retry is the forwarder's rule (forward/send.ts `classify`: 408, 429 and 5xx,
// honouring Retry-After), so a source and a forward target that are down are treated alike; what a refusal
// means is said here, for the timeline ("Alertmanager refused: 403, the credential lacks write access").
import { classify } from '../forward/send'
import type { SourceAnswer, SourceConnection, SourceRequest, SourceTool } from './types'

export const SOURCE_TIMEOUT_MS = 15_000

export type SourceOutcome =
  | { kind: 'done'; answer: SourceAnswer }
  | { kind: 'retry'; status: number | null; error: string; retryAfterMs?: number }
  | { kind: 'failed'; status: number | null; error: string }

export interface SourceSendOptions {
  fetch: typeof fetch
  now: () => number
  /** Aborts the request (shutdown); the timeout is added here. */
  signal: AbortSignal
  timeoutMs?: number
}

/** The connection's URL joined with the request's path: one slash between them, whatever the user typed. */
export function urlOf(connection: Pick<SourceConnection, 'apiUrl'>, request: SourceRequest): string {
  return `${connection.apiUrl.replace(/\/+$/, '')}/${request.path.replace(/^\/+/, '')}`
}

export async function sendToSource(
  tool: SourceTool,
  connection: SourceConnection,
  request: SourceRequest,
  options: SourceSendOptions,
): Promise<SourceOutcome> {
  const timeoutMs = options.timeoutMs ?? SOURCE_TIMEOUT_MS
  const url = urlOf(connection, request)
  const init: RequestInit = {
    method: request.method,
    headers: { 'user-agent': 'Hookbell', ...request.headers },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    redirect: 'manual',
  }
  // Built first, with no network: a request that can not be built (a header value with a line break, from a
  // credential stored before it was checked) fails the same way every time, so it is not retried, and its
  // error quotes the header (the credential), so only a fixed line is kept.
  try {
    new Request(url, init)
  } catch {
    return {
      kind: 'failed',
      status: null,
      error: `${tool.name}: the request could not be built: the API URL, credential or user holds a character a request can not carry; set them again`,
    }
  }
  let response: Response
  let text: string
  try {
    response = await options.fetch(url, { ...init, signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), options.signal]) })
    text = await readCapped(response)
  } catch (error) {
    const name = (error as Error).name
    const message =
      name === 'TimeoutError'
        ? `no answer from ${tool.name} within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`
        : `could not reach ${tool.name} (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`
    return { kind: 'retry', status: null, error: message }
  }
  const answer: SourceAnswer = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: parseBody(text),
  }
  const base = classify(response.status, response.headers.get('retry-after'), options.now())
  if (base.kind === 'delivered') return { kind: 'done', answer }
  if (base.kind === 'retry')
    return {
      kind: 'retry',
      status: response.status,
      error: `${tool.name} answered ${response.status}`,
      retryAfterMs: base.retryAfterMs,
    }
  return { kind: 'failed', status: response.status, error: refusalLine(tool, answer) }
}

/** An answer is read up to this: a URL that points somewhere else must not fill the memory. */
const MAX_ANSWER_BYTES = 64 * 1024

async function readCapped(response: Response): Promise<string> {
  const reader = response.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.length
    if (size >= MAX_ANSWER_BYTES) {
      await reader.cancel()
      break
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8')
}

function parseBody(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text.slice(0, 2000)
  }
}

/** What a status that will not change by retrying means, in words someone can act on. */
export function meaningOf(status: number): string {
  if (status === 401) return 'the credential was not accepted'
  if (status === 403) return 'the credential lacks write access'
  if (status === 404 || status === 410) return 'gone at the source'
  if (status >= 300 && status < 400) return 'the API URL redirects: set the address it redirects to'
  if (status === 400 || status === 422) return 'the request was refused as invalid'
  return 'refused'
}

/** "Alertmanager refused: 403, the credential lacks write access (silence creation denied)". */
export function refusalLine(tool: SourceTool, answer: SourceAnswer): string {
  const why = tool.refusal(answer)
  return `${tool.name} refused: ${answer.status}, ${meaningOf(answer.status)}${why ? ` (${why})` : ''}`
}
