// How a contract call travels over HTTP, for every client of the local API (the window in a browser, the
// CLI): path parameters from the route table, the rest as query (GET, DELETE) or as a JSON body.
import { HTTP_ROUTES, type ApiMethod, type HttpVerb } from './contract'

export interface HttpRequest {
  verb: HttpVerb
  /** The path with its query string, to append to the API's base URL. */
  path: string
  /** JSON, for verbs that carry a body. */
  body?: string
}

export function httpRequestFor(method: ApiMethod, args: unknown): HttpRequest {
  const [verb, pattern] = HTTP_ROUTES[method]
  const rest: Record<string, unknown> = { ...(args as Record<string, unknown>) }
  const path = pattern.replace(/:(\w+)/g, (_, key: string) => {
    const value = rest[key]
    delete rest[key]
    return encodeURIComponent(String(value))
  })
  if (verb !== 'GET' && verb !== 'DELETE') return { verb, path, body: JSON.stringify(rest) }
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || value === null || value === '') continue
    query.set(key, Array.isArray(value) ? value.join(',') : String(value))
  }
  return { verb, path: [...query].length ? `${path}?${query}` : path }
}
