import { createHttpApi } from '../../src/main/headless/http-api'
import type { TestCore } from './test-core'

/** The headless API for a test core, on a free port, with a fixed token. */
export async function startHttpApi(t: TestCore, uiDir: string | null = null) {
  const token = 'test-token-0123456789abcdef0123456789abcdef'
  const http = createHttpApi({ api: t.core.api, events: t.core.events, token, host: '127.0.0.1', port: 0, uiDir, log: () => {} })
  const port = await http.start()
  const base = `http://127.0.0.1:${port}`
  return {
    base,
    token,
    stop: () => http.stop(),
    async get<T = unknown>(path: string, withToken = true): Promise<{ status: number; body: T }> {
      const response = await fetch(`${base}${path}`, { headers: withToken ? { authorization: `Bearer ${token}` } : {} })
      return { status: response.status, body: (await response.json()) as T }
    },
    async send<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: response.status, body: (await response.json()) as T }
    },
  }
}
