// Headless: the same contract over HTTP, push events over Server-Sent Events read with fetch (EventSource
// cannot send the Authorization header, and the token must not go into URLs and logs).
import { createParser } from 'eventsource-parser'
import type { PushEvent } from '../../../shared/contract'
import { httpRequestFor } from '../../../shared/http-request'
import { ApiError, type Transport } from './client'

const RECONNECT_S = [1, 2, 5, 10, 20, 30]

export function createHttpTransport(base: string, token: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): Transport {
  const auth = { authorization: `Bearer ${token}` }
  return {
    async call(method, args) {
      const { verb, path, body: json } = httpRequestFor(method, args)
      const url = `${base}${path}`
      const init: RequestInit = { method: verb, headers: { ...auth } }
      if (json !== undefined) {
        init.body = json
        init.headers = { ...auth, 'content-type': 'application/json' }
      }
      const response = await fetchImpl(url, init)
      const body: unknown = await response.json().catch(() => null)
      if (!response.ok) throw ApiError.from(body, response.status)
      return body
    },

    subscribe(listener, onConnection) {
      let stopped = false
      let controller: AbortController | null = null
      let attempt = 0
      const connect = async () => {
        while (!stopped) {
          controller = new AbortController()
          try {
            const response = await fetchImpl(`${base}/api/events`, { headers: auth, signal: controller.signal })
            if (!response.ok || !response.body) throw new Error(`events: ${response.status}`)
            attempt = 0
            onConnection?.(true)
            const parser = createParser({
              onEvent(message) {
                if (!message.event) return
                try {
                  listener({ type: message.event, data: JSON.parse(message.data) } as PushEvent)
                } catch {
                  // A malformed event is skipped; the next list refresh catches up.
                }
              },
            })
            const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
            for (;;) {
              const { done, value } = await reader.read()
              if (done) break
              parser.feed(value)
            }
          } catch {
            if (stopped) return
          }
          onConnection?.(false)
          const delay = RECONNECT_S[Math.min(attempt++, RECONNECT_S.length - 1)]! * 1000
          await new Promise((r) => setTimeout(r, delay))
        }
      }
      void connect()
      return () => {
        stopped = true
        controller?.abort()
      }
    },
  }
}
