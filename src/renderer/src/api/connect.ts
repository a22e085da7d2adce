import { createClient, type Client } from './client'
import { createHttpTransport } from './http-transport'
import { createIpcTransport } from './ipc-transport'

const TOKEN_KEY = 'hookbell.token'

/**
 * IPC when the preload bridge exists (Electron), HTTP + SSE otherwise (headless). In headless mode the token
 * arrives once in the URL fragment (never sent to the server), is kept in this origin's storage, and is
 * removed from the address bar.
 */
export function connect(): { client: Client; mode: 'ipc' | 'http' } | { error: string } {
  if (window.api) return { client: createClient(createIpcTransport(window.api)), mode: 'ipc' }
  const hash = new URLSearchParams(window.location.hash.replace(/^#\/?/, ''))
  const fromUrl = hash.get('token')
  if (fromUrl) {
    localStorage.setItem(TOKEN_KEY, fromUrl)
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}`)
  }
  const token = fromUrl ?? localStorage.getItem(TOKEN_KEY)
  if (!token) return { error: 'Open Hookbell with the link `hookbell serve` printed (it carries the API token).' }
  return { client: createClient(createHttpTransport(window.location.origin, token)), mode: 'http' }
}
