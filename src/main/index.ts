// The desktop shell, in the order it sets up. Each part is a file under ./shell and holds no business logic:
// the core it starts is the same one `hookbell serve` runs (docs/ARCHITECTURE.md).
import { app, safeStorage } from 'electron'
import Store from 'electron-store'
import { pauseUntil } from '../shared/pause'
import { createCore, DEFAULT_SETTINGS, SETTINGS_SCHEMA, type Core, type SettingsBackend, type StoredSettings } from './core'
import { applyAppIdentity } from './shell/app-identity'
import { useSharedDataFolder } from './shell/data-folder'
import { denyPermissions, guardWebContents } from './shell/hardening'
import { claimDataFolder, tellAlreadyRunning } from './shell/instance'
import { registerIpc } from './shell/ipc'
import { serveLocalApi } from './shell/local-api'
import { followStartAtLogin, startedAtLogin } from './shell/login-item'
import { showNoTrayMenu } from './shell/no-tray-menu'
import { createElectronNotificationPort } from './shell/notifications'
import { catchUpAfterSleep } from './shell/power'
import { followReceiverPort } from './shell/receiver-port'
import { openKeychain } from './shell/secrets'
import { showStartupFailure } from './shell/startup-failure'
import { createTray, trayIconDir } from './shell/tray'
import { detectTrayHost } from './shell/tray-host'
import { followCoreInTray } from './shell/tray-status'
import { startUpdates } from './shell/updates'
import { createWindowController } from './shell/windows'

const log = (message: string) => console.error(message)

applyAppIdentity() // the name, and on Windows the AppUserModelId toasts are matched by
const dataDir = useSharedDataFolder() // userData = the data folder `hookbell serve` and the CLI use
guardWebContents() // no navigation away, no popups, no webviews, in every window
const claim = claimDataFolder(dataDir) // one Hookbell per data folder

if (!claim.ok) {
  // Another desktop app shows its window (Electron's second-instance); `hookbell serve` is named in a dialog.
  const running = claim.running
  if (running) void app.whenReady().then(() => tellAlreadyRunning(running, dataDir).finally(() => app.exit(0)))
  else app.quit()
} else {
  app
    .whenReady()
    .then(() => start(claim.lock))
    .catch((error: unknown) => {
      showStartupFailure(error, dataDir)
      claim.lock.release()
      app.exit(1)
    })
}

async function start(lock: Extract<ReturnType<typeof claimDataFolder>, { ok: true }>['lock']): Promise<void> {
  denyPermissions() // no camera, microphone, notifications-from-page … for any page

  const store = new Store<StoredSettings>({
    cwd: dataDir,
    name: 'settings',
    schema: SETTINGS_SCHEMA as never,
    defaults: DEFAULT_SETTINGS as never,
    configFileMode: 0o600, // it holds secrets, as in headless mode
    clearInvalidConfig: false, // a hand-edited file that fails validation must not wipe the integrations
  })
  const keychain = await openKeychain(safeStorage, store as never, log)
  let windows: ReturnType<typeof createWindowController> | null = null
  const core: Core = createCore({
    dataDir,
    receiver: { port: store.get('preferences')?.receiverPort ?? DEFAULT_SETTINGS.preferences.receiverPort },
    settingsBackend: store as unknown as SettingsBackend,
    secretCodec: keychain,
    // A toast's body opens the incident; its buttons act through the core, as the window's buttons do.
    notificationPort: createElectronNotificationPort({
      open: (incidentId) => windows?.show({ incidentId }),
      act: (subject, action) => void core.toastAction(subject, action),
    }),
    log,
  })
  // A taken port stops only the receiver: the relay, toasts, forwarding and pruning run, and status says why.
  const receiving = await core.start().then(
    () => true,
    () => false,
  )
  const localApi = await serveLocalApi(core, dataDir, log) // the CLI's way in while the app runs
  lock.update({ receiverUrl: receiving ? core.receiverUrl() : undefined, apiUrl: localApi.url })
  followReceiverPort(core, (receiverUrl) => lock.update({ receiverUrl })) // the port setting applies at once

  const trayHost = await detectTrayHost()
  let quitting = false
  const quit = () => {
    quitting = true
    app.quit()
  }
  windows = createWindowController({
    bounds: () => core.settings.window(),
    onBounds: (b) => core.settings.saveWindow(b),
    hideOnClose: () => trayHost.present && !quitting,
    showMenuBar: !trayHost.present,
    events: core.events,
  })
  const w = windows
  registerIpc(core.api, core.uiEvents, w.current, log) // only our window's main frame may call

  let trayStatus: ReturnType<typeof followCoreInTray> | null = null
  const updates = startUpdates({
    enabled: () => core.settings.preferences().autoUpdate,
    onReady: () => trayStatus?.refresh(), // adds "Restart to update" to the tray menu
    log,
  })
  if (trayHost.present) {
    const tray = createTray(trayIconDir(), {
      openIncident: (id) => w.show({ incidentId: id }),
      open: () => w.show(),
      settings: () => w.show({ view: 'settings' }),
      acknowledgeAll: () => void core.api['incidents.acknowledgeAll']({}),
      pause: (choice) => void core.api['settings.update']({ notifications: { pausedUntil: pauseUntil(choice, new Date()) } }),
      resume: () => void core.api['settings.update']({ notifications: { pausedUntil: null } }),
      restartToUpdate: () => updates.restart(),
      quit,
    })
    trayStatus = followCoreInTray(core, tray, () => ({ updateReady: updates.ready() }))
  } else {
    showNoTrayMenu(trayHost.why, { settings: () => w.show({ view: 'settings' }), quit })
  }

  catchUpAfterSleep(core.relay) // resume / unlock-screen: poll the relay now, one digest
  followStartAtLogin(core, log) // the setting, as a login item or (Linux) an XDG autostart entry

  // Started at login: stay in the tray. Without a tray the window is the only way in.
  if (!startedAtLogin() || !trayHost.present) w.show()
  app.on('second-instance', () => w.show())
  app.on('activate', () => w.show())
  app.on('window-all-closed', () => {
    // With a tray, closing the window is not quitting; without one it is.
    if (!trayHost.present) quit()
  })
  app.on('before-quit', () => {
    quitting = true
  })
  let stopping = false
  app.on('will-quit', (event) => {
    event.preventDefault()
    if (stopping) return
    stopping = true
    updates.stop()
    void Promise.allSettled([localApi.stop(), keychain.sealed()])
      .then(() => core.stop())
      .finally(() => {
        lock.release()
        app.exit(0)
      })
  })
}
