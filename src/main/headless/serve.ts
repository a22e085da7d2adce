// `hookbell serve`: the same core as the desktop app, with the UI in a browser and node-notifier toasts.
import { existsSync } from 'node:fs'
import { acquireInstance, createCore, ensureApiToken, VERSION } from '../core'
import { createHttpApi } from './http-api'
import { createNodeNotifierPort } from './node-notifier-port'
import { openUrlWithSecret } from './open-url'

export interface ServeOptions {
  dataDir: string
  host: string
  port: number
  uiPort: number
  notify: boolean
  uiDir: string | null
  log?: (message: string) => void
}

/**
 * Starts the core and the HTTP API, or answers `{ ok: false, running }` when another Hookbell already runs
 * on this data folder (where it is, so the user can reach it).
 */
export async function serve(options: ServeOptions) {
  const log = options.log ?? ((m: string) => console.error(m))
  const token = ensureApiToken(options.dataDir)
  // One process per data folder: taken before the database opens, released after it closes.
  const instance = acquireInstance(options.dataDir, { kind: 'serve', version: VERSION })
  if (!instance.ok) return { ok: false as const, running: instance.running }
  let uiBase = ''
  let core: ReturnType<typeof createCore> | null = null
  try {
    core = createCore({
      dataDir: options.dataDir,
      receiver: { host: options.host, port: options.port },
      log,
      notificationPort: options.notify
        ? createNodeNotifierPort({
            // A new tab has no token of its own (it is kept per tab): hand it over the same private way.
            onClick: (id) =>
              openUrlWithSecret(options.dataDir, `${uiBase}/#token=${token}&then=/incident/${encodeURIComponent(id ?? '')}`),
            // A button (macOS, Windows) acts through the core, as the browser UI's buttons do.
            onAction: (subject, action) => void core?.toastAction(subject, action),
          })
        : undefined,
    })
    const { receiverPort } = await core.start()
    // The UI and API stay on loopback whatever --host says: only the receiver is meant to be reachable.
    const http = createHttpApi({
      api: core.api,
      events: core.uiEvents,
      token,
      host: '127.0.0.1',
      port: options.uiPort,
      uiDir: options.uiDir && existsSync(options.uiDir) ? options.uiDir : null,
      log,
    })
    const uiPort = await http.start()
    uiBase = `http://127.0.0.1:${uiPort}`
    instance.update({ receiverUrl: core.receiverUrl(), apiUrl: uiBase })
    const running = core
    return {
      ok: true as const,
      core: running,
      token,
      receiverPort,
      uiPort,
      uiUrl: `${uiBase}/#token=${token}`,
      async stop(): Promise<void> {
        await http.stop()
        await running.stop()
        instance.release()
      },
    }
  } catch (error) {
    await core?.stop().catch(() => {})
    instance.release()
    throw error
  }
}
