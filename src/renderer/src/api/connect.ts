import { createClient, type Client } from './client'
import { createHttpTransport } from './http-transport'
import { createIpcTransport } from './ipc-transport'

const TOKEN_KEY = 'hookbell.token'

/**
 * IPC when the preload bridge exists (Electron), HTTP + SSE otherwise (headless). In headless mode the token
 * arrives once in the URL fragment (never sent to the server), is kept for this tab's session only
 * (sessionStorage: gone when the tab closes, never on disk for good), and is removed from the address bar.
 * `#token=…&then=/incident/<id>` (what a toast click opens) continues to that route.
 */
export function connect(): { client: Client; mode: 'ipc' | 'http' } | { error: string } {
  if (window.api) return { client: createClient(createIpcTransport(window.api)), mode: 'ipc' }
  const hash = new URLSearchParams(window.location.hash.replace(/^#\/?/, ''))
  const fromUrl = hash.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    const then = hash.get('then')
    const route = then?.startsWith('/') ? `#${then}` : ''
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}${route}`)
  }
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY)
  if (!token) return { error: 'Open Hookbell with the link `hookbell serve` printed (it carries the API token).' }
  return { client: createClient(createHttpTransport(window.location.origin, token)), mode: 'http' }
}
