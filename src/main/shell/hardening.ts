// Every web contents the app creates stays on the app: no navigation or redirect away, no frames going
// elsewhere, no <webview>, no new windows (http(s) links open in the browser), no permissions.
// https://www.electronjs.org/docs/latest/tutorial/security
import { app, session, shell, type Event, type WebContents } from 'electron'
import { httpUrl } from '../../shared/url'

/** The dev server's URL from electron-vite, honoured only in development: never in an installed app. */
export function devRendererUrl(): string | null {
  return !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null
}

export function guardWebContents(): void {
  app.on('web-contents-created', (_event, contents) => guard(contents))
}

/** Call after `ready` (the default session exists then). */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}

function guard(contents: WebContents): void {
  const stay = (event: Event<{ url: string }>) => {
    if (event.url !== contents.getURL()) event.preventDefault()
  }
  contents.on('will-navigate', stay)
  contents.on('will-redirect', stay)
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame || event.url !== contents.getURL()) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    const link = httpUrl(url)
    if (link) void shell.openExternal(link)
    return { action: 'deny' }
  })
}
