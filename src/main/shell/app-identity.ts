// Who the desktop app is to the OS. One home for the appId: electron-builder.yml must say the same (the
// packaging test checks), because Windows matches a toast to the Start-menu shortcut the installer made by
// this id: https://www.electronjs.org/docs/latest/tutorial/notifications#windows
import { app } from 'electron'

export const APP_ID = 'dev.hookbell.desktop'
export const PRODUCT_NAME = 'Hookbell'

export function applyAppIdentity(): void {
  app.setName(PRODUCT_NAME)
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID)
}
