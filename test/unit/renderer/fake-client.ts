// A client for component tests: canned answers per method, every call recorded.
import type { ApiMethod, PushEvent } from '../../../src/shared/contract'
import type { Incident } from '../../../src/shared/incident'
import type { Client } from '../../../src/renderer/src/api/client'

export function fakeClient(answers: Partial<Record<ApiMethod, (args: never) => unknown>> = {}) {
  const calls: { method: ApiMethod; args: unknown }[] = []
  let push: ((e: PushEvent) => void) | null = null
  const client: Client = {
    call: (async (method: ApiMethod, args: unknown) => {
      calls.push({ method, args })
      const answer = answers[method]
      if (!answer) throw new Error(`no fake answer for ${method}`)
      return answer(args as never)
    }) as Client['call'],
    subscribe(listener) {
      push = listener
      return () => (push = null)
    },
  }
  return { client, calls, push: (e: PushEvent) => push?.(e) }
}

let n = 0
export function incident(extra: Partial<Incident> = {}): Incident {
  n++
  return {
    id: `inc-${n}`,
    integrationId: 'int-1',
    provider: 'sentry',
    kind: 'exception',
    title: `Incident ${n}`,
    severity: 'error',
    status: 'open',
    dedupKey: `k${n}`,
    occurrences: 1,
    firstSeenAt: new Date(Date.now() - 600_000).toISOString(),
    lastSeenAt: new Date(Date.now() - n * 1000).toISOString(),
    app: 'checkout',
    environment: 'production',
    url: null,
    snoozedUntil: null,
    readAt: null,
    ...extra,
  }
}
