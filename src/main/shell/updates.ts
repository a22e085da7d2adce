// Updates from the GitHub releases the release workflow publishes (electron-updater reads app-update.yml,
// which electron-builder writes into installed builds: https://www.electron.build/auto-update). Never in
// development; off when the user turns "Install updates" off in Settings. A downloaded update waits for
// "Restart to update" in the tray menu (or the next quit).
import { app } from 'electron'

/** An update check every 6 hours, after one shortly after start. */
const CHECK_EVERY_MS = 6 * 60 * 60_000

export interface Updates {
  /** The version downloaded and waiting for a restart, or null. */
  ready(): string | null
  restart(): void
  stop(): void
}

export function startUpdates(options: {
  enabled: () => boolean
  onReady: (version: string) => void
  log: (m: string) => void
}): Updates {
  let downloaded: string | null = null
  let timer: NodeJS.Timeout | null = null
  let updater: import('electron-updater').AppUpdater | null = null
  if (app.isPackaged) {
    // Loaded only in installed builds: electron-updater reads the app's update config as it loads.
    void import('electron-updater')
      // CommonJS with a lazy getter: under ESM only the default export carries `autoUpdater`.
      .then(({ default: { autoUpdater } }) => {
        updater = autoUpdater
        autoUpdater.autoDownload = true
        autoUpdater.autoInstallOnAppQuit = true
        autoUpdater.logger = {
          info: () => {},
          warn: (m: unknown) => options.log(`[update] ${String(m)}`),
          error: (m: unknown) => options.log(`[update] ${String(m)}`),
        }
        autoUpdater.on('update-downloaded', (info: { version: string }) => {
          downloaded = info.version
          options.onReady(info.version)
        })
        const check = () => {
          if (options.enabled())
            autoUpdater.checkForUpdates().catch((e: unknown) => options.log(`[update] check failed: ${String(e)}`))
        }
        setTimeout(check, 30_000).unref()
        timer = setInterval(check, CHECK_EVERY_MS)
        timer.unref()
      })
      .catch((error: unknown) => options.log(`[update] updates are unavailable: ${String(error)}`))
  }
  return {
    ready: () => downloaded,
    restart: () => updater?.quitAndInstall(),
    stop: () => {
      if (timer) clearInterval(timer)
    },
  }
}
