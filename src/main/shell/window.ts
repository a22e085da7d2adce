import { BrowserWindow } from 'electron'
import { join } from 'node:path'
import { devRendererUrl } from './hardening'

export interface MainWindowOptions {
  bounds: { width: number; height: number; x?: number; y?: number }
  /** Closing hides the window (the app lives in the tray) unless quitting, or when there is no tray. */
  hideOnClose: () => boolean
  onBounds: (b: { width: number; height: number; x: number; y: number }) => void
  /** Where there is no tray the menu bar stays visible: it holds Quit. */
  showMenuBar?: boolean
  /** The route to open on, e.g. `/incident/<id>`: a new window cannot hear an event sent before it loads. */
  route?: string
}

/** The main window: sandboxed, context-isolated; navigation guards are in hardening.ts. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...options.bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Hookbell',
    autoHideMenuBar: !options.showMenuBar,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })

  win.on('close', (event) => {
    if (options.hideOnClose()) {
      event.preventDefault()
      win.hide()
    }
  })
  win.on('moved', () => options.onBounds(win.getBounds()))
  win.on('resized', () => options.onBounds(win.getBounds()))

  const dev = devRendererUrl()
  if (dev) void win.loadURL(options.route ? `${dev}#${options.route}` : dev)
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'), options.route ? { hash: options.route } : {})
  win.once('ready-to-show', () => win.show())
  return win
}
