// The contract over IPC: one channel for calls, one for push events. Only our own window may call.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { HTTP_ROUTES, type Api, type ApiMethod, type PushEvent } from '../../shared/contract'
import { toHttpError } from '../../server-common/errors'
import type { EventBus } from '../core'

const METHODS = new Set(Object.keys(HTTP_ROUTES))

export function registerIpc(
  api: Api,
  events: Pick<EventBus, 'subscribe'>,
  window: () => BrowserWindow | null,
  log: (m: string) => void,
): () => void {
  const fromOurWindow = (event: IpcMainInvokeEvent) => {
    const win = window()
    return win !== null && event.sender === win.webContents && event.senderFrame === win.webContents.mainFrame
  }

  ipcMain.handle('hookbell:api', async (event, method: unknown, args: unknown) => {
    if (!fromOurWindow(event)) return { ok: false, error: { code: 'forbidden', message: 'not from the Hookbell window' } }
    if (typeof method !== 'string' || !METHODS.has(method))
      return { ok: false, error: { code: 'unknown_method', message: `unknown method ${String(method)}` } }
    try {
      const result = await (api[method as ApiMethod] as (a: unknown) => Promise<unknown>)(args ?? {})
      return { ok: true, result }
    } catch (error) {
      const http = toHttpError(error)
      if (http.status >= 500) log(`[ipc] ${method} failed: ${String(error)}`)
      return { ok: false, error: { code: http.code, message: http.message } }
    }
  })

  const unsubscribe = events.subscribe((event: PushEvent) => {
    const win = window()
    if (win && !win.isDestroyed()) win.webContents.send('hookbell:event', event)
  })

  return () => {
    unsubscribe()
    ipcMain.removeHandler('hookbell:api')
  }
}
