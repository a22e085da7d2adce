// The HTTP API `hookbell serve` has, served by the desktop app too (loopback, the same bearer token in
// <dataDir>/api-token), so the CLI can list and add integrations and send test deliveries while the desktop
// app runs: it finds the URL in instance.json.
import { ensureApiToken, type Core } from '../core'
import { createHttpApi } from '../headless/http-api'

export async function serveLocalApi(core: Core, dataDir: string, log: (m: string) => void) {
  const http = createHttpApi({
    api: core.api,
    events: core.uiEvents,
    token: ensureApiToken(dataDir),
    host: '127.0.0.1',
    // Any free port: the CLI reads the URL from instance.json, so nothing needs to know it in advance.
    port: 0,
    uiDir: null,
    log,
  })
  const port = await http.start()
  return { url: `http://127.0.0.1:${port}`, stop: () => http.stop() }
}
