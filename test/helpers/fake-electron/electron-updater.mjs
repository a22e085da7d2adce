// A stand-in for electron-updater: records checks and installs; the test announces a downloaded update.
import { EventEmitter } from 'node:events'
import { addTestCommand, recordCall } from './electron.mjs'

recordCall('electron-updater.load')

class StandInUpdater extends EventEmitter {
  autoDownload = true
  autoInstallOnAppQuit = true
  logger = null
  async checkForUpdates() {
    recordCall('autoUpdater.checkForUpdates')
    return null
  }
  quitAndInstall() {
    recordCall('autoUpdater.quitAndInstall')
  }
}

const autoUpdater = new StandInUpdater()
addTestCommand('updateDownloaded', ({ version }) => {
  autoUpdater.emit('update-downloaded', { version })
  return true
})

// electron-updater is CommonJS: under ESM its `autoUpdater` is reached through the default export.
export default { autoUpdater }
