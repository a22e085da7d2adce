import { BrowserWindow, shell } from 'electron'
import { join } from 'node:path'

/** The main window: sandboxed, context-isolated, hidden (not closed) when the user closes it. */
export function createMainWindow(options: {
  bounds: { width: number; height: number; x?: number; y?: number }
  isQuitting: () => boolean
  onBounds: (b: { width: number; height: number; x: number; y: number }) => void
}): BrowserWindow {
  const win = new BrowserWindow({
    ...options.bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Hookbell',
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })

  // Payload links open outside, and only http(s): never file: or javascript:.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== win.webContents.getURL()) event.preventDefault()
  })

  win.on('close', (event) => {
    if (!options.isQuitting()) {
      event.preventDefault()
      win.hide()
    }
  })
  win.on('moved', () => options.onBounds(win.getBounds()))
  win.on('resized', () => options.onBounds(win.getBounds()))

  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  win.once('ready-to-show', () => win.show())
  return win
}
