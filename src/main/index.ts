// The Electron shell: lifecycle, tray, window, toasts, IPC. It adapts the core to the desktop and holds no
// business logic; everything it starts is the same core `hookbell serve` runs.
import { app, BrowserWindow, powerMonitor, safeStorage } from 'electron'
import Store from 'electron-store'
import {
  createCore,
  computeTrayState,
  createSafeStorageCodec,
  DEFAULT_SETTINGS,
  SETTINGS_SCHEMA,
  type Core,
  type SettingsBackend,
  type StoredSettings,
} from './core'
import { pauseUntil } from '../shared/pause'
import { registerIpc } from './shell/ipc'
import { createElectronNotificationPort } from './shell/notifications'
import { createTray, trayIconDir } from './shell/tray'
import { createMainWindow } from './shell/window'

let core: Core | null = null
let win: BrowserWindow | null = null
let quitting = false

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => showWindow())
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('[hookbell] could not start:', error)
      app.exit(1)
    })
}

function showWindow(incidentId?: string | null, view?: 'settings'): void {
  if (!win || win.isDestroyed()) win = createWindow()
  win.show()
  win.focus()
  if (incidentId !== undefined || view) core?.events.emit('ui.open', { incidentId: incidentId ?? null, view })
}

function createWindow(): BrowserWindow {
  return createMainWindow({
    bounds: core?.settings.window() ?? DEFAULT_SETTINGS.window,
    isQuitting: () => quitting,
    onBounds: (b) => core?.settings.saveWindow(b),
  })
}

async function start(): Promise<void> {
  const store = new Store<StoredSettings>({
    name: 'settings',
    schema: SETTINGS_SCHEMA as never,
    defaults: DEFAULT_SETTINGS as never,
    clearInvalidConfig: false,
  })
  core = createCore({
    dataDir: app.getPath('userData'),
    settingsBackend: store as unknown as SettingsBackend,
    secretCodec: createSafeStorageCodec(safeStorage),
    notificationPort: createElectronNotificationPort((id) => showWindow(id)),
  })
  const c = core
  try {
    await c.start()
  } catch (error) {
    // The receiver port may be taken; the window still opens and Status says why.
    console.error('[hookbell] receiver did not start:', error)
  }
  registerIpc(
    c.api,
    c.events,
    () => win,
    (m) => console.error(m),
  )

  const tray = createTray(trayIconDir(), {
    openIncident: (id) => showWindow(id),
    open: () => showWindow(),
    settings: () => showWindow(null, 'settings'),
    acknowledgeAll: () => void c.api['incidents.acknowledgeAll']({}),
    pause: (choice) => void c.api['settings.update']({ notifications: { pausedUntil: pauseUntil(choice, new Date()) } }),
    resume: () => void c.api['settings.update']({ notifications: { pausedUntil: null } }),
    quit: () => {
      quitting = true
      app.quit()
    },
  })
  let pending: NodeJS.Timeout | null = null
  const refreshTray = () => {
    // Coalesced: a burst of deliveries redraws the tray once.
    pending ??= setTimeout(async () => {
      pending = null
      const status = await c.api['status.get']({})
      const recent = await c.api['incidents.list']({ status: ['open'], limit: 5 })
      tray.apply(
        computeTrayState({
          worst: status.worst,
          openCount: status.store.open,
          paused: status.notifier.state === 'paused',
          disconnected: !status.receiver.listening
            ? 'receiver is not listening'
            : status.relay.state === 'disconnected'
              ? `relay: ${status.relay.error ?? 'unreachable'}`
              : null,
          recent: recent.incidents,
        }),
      )
      app.setBadgeCount(status.store.open)
    }, 250)
  }
  c.events.subscribe(refreshTray)
  refreshTray()

  // Start at login follows the setting (only for an installed app: a dev build would register the dev binary).
  const applyLoginItem = () => {
    if (app.isPackaged) app.setLoginItemSettings({ openAtLogin: c.settings.preferences().startAtLogin })
  }
  applyLoginItem()
  c.events.subscribe((event) => {
    if (event.type === 'status.changed') applyLoginItem()
  })
  // After sleep: poll the relay at once and show what arrived meanwhile as one digest.
  powerMonitor.on('resume', () => c.relay.wake({ catchUp: true }))

  win = createWindow()
}

app.on('window-all-closed', () => {
  // Stays in the tray: closing the window is not quitting.
})
app.on('activate', () => showWindow())
app.on('before-quit', () => {
  quitting = true
})
app.on('will-quit', (event) => {
  if (!core) return
  event.preventDefault()
  const c = core
  core = null
  void c.stop().finally(() => app.exit(0))
})
