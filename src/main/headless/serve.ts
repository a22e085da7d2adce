// `hookbell serve`: the same core as the desktop app, with the UI in a browser and node-notifier toasts.
import { existsSync } from 'node:fs'
import { createCore, ensureApiToken } from '../core'
import { createHttpApi } from './http-api'
import { createNodeNotifierPort } from './node-notifier-port'
import { openUrl } from './open-url'

export interface ServeOptions {
  dataDir: string
  host: string
  port: number
  uiPort: number
  notify: boolean
  uiDir: string | null
  log?: (message: string) => void
}

export async function serve(options: ServeOptions) {
  const log = options.log ?? ((m: string) => console.error(m))
  const token = ensureApiToken(options.dataDir)
  let uiBase = ''
  const core = createCore({
    dataDir: options.dataDir,
    receiver: { host: options.host, port: options.port },
    log,
    notificationPort: options.notify
      ? createNodeNotifierPort({ onClick: (id) => openUrl(`${uiBase}/#/incident/${id ?? ''}`) })
      : undefined,
  })
  const { receiverPort } = await core.start()
  // The UI and API stay on loopback whatever --host says: only the receiver is meant to be reachable.
  const http = createHttpApi({
    api: core.api,
    events: core.events,
    token,
    host: '127.0.0.1',
    port: options.uiPort,
    uiDir: options.uiDir && existsSync(options.uiDir) ? options.uiDir : null,
    log,
  })
  let uiPort: number
  try {
    uiPort = await http.start()
  } catch (error) {
    await core.stop()
    throw error
  }
  uiBase = `http://127.0.0.1:${uiPort}`
  return {
    core,
    token,
    receiverPort,
    uiPort,
    uiUrl: `${uiBase}/#token=${token}`,
    async stop(): Promise<void> {
      await http.stop()
      await core.stop()
    },
  }
}
