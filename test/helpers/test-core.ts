// A real core on a free port with a real database file in a temp dir, stopped by the test.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type CoreOptions } from '../../src/main/core/create-core'
import type { NotificationPort } from '../../src/main/core/notify/notifier'
import type { Toast } from '../../src/main/core/notify/policy'
import type { PushEvent } from '../../src/shared/contract'

export function tempDir(prefix = 'hookbell-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A toast port that records what it was asked to show. */
export function recordingPort(): NotificationPort & { toasts: Toast[] } {
  const toasts: Toast[] = []
  return { toasts, show: async (toast) => (toasts.push(toast), { status: 'shown' }) }
}

export async function startCore(options: Partial<CoreOptions> = {}) {
  const dataDir = options.dataDir ?? tempDir()
  const port = recordingPort()
  const logs: string[] = []
  const core = createCore({
    receiver: { host: '127.0.0.1', port: 0 },
    notificationPort: port,
    log: (m) => logs.push(m),
    ...options,
    dataDir,
  })
  const { receiverPort } = await core.start()
  const base = `http://127.0.0.1:${receiverPort}`
  return {
    core,
    api: core.api,
    dataDir,
    base,
    toasts: port.toasts,
    logs,
    /**
     * The first core event that matches, from now on: proof that the work it follows has finished. A delivery's
     * incident event is pushed in the same turn as its toasts are decided, so once this resolves they have been.
     */
    nextEvent(match: (event: PushEvent) => boolean): Promise<PushEvent> {
      return new Promise((resolve) => {
        const stop = core.events.subscribe((event) => {
          if (!match(event)) return
          stop()
          resolve(event)
        })
      })
    },
    post(integrationId: string, body: string | Buffer, headers: Record<string, string> = {}) {
      return fetch(`${base}/hooks/${integrationId}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      })
    },
    async stop(removeDir = true) {
      await core.stop()
      if (removeDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export type TestCore = Awaited<ReturnType<typeof startCore>>

/** Waits until `check` passes (for work that runs after the 2xx answer: events, toasts, forwards). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const started = Date.now()
  let lastError: unknown
  while (Date.now() - started < timeoutMs) {
    try {
      return await check()
    } catch (error) {
      lastError = error
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  throw lastError
}
