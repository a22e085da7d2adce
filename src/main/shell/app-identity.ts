// Who the desktop app is to the OS. One home for the appId: electron-builder.yml must say the same (the
// packaging test checks), because Windows matches a toast to the Start-menu shortcut the installer made by
// this id: https://www.electronjs.org/docs/latest/tutorial/notifications#windows
import { app } from 'electron'

export const APP_ID = 'dev.hookbell.desktop'
export const PRODUCT_NAME = 'Hookbell'
/**
 * The COM class Windows activates when a toast's button is pressed. Without one set before the AppUserModelId,
 * Windows drops button presses of an app that is not MSIX-packaged (https://github.com/electron/electron/issues/51147);
 * fixed, so toasts left in Action Center still reach the next run.
 */
export const TOAST_ACTIVATOR_CLSID = '{5B1E6A0C-3F4D-4C2B-9E7A-8D1C2F3B4A5E}'

export function applyAppIdentity(): void {
  app.setName(PRODUCT_NAME)
  if (process.platform === 'win32') {
    app.setToastActivatorCLSID(TOAST_ACTIVATOR_CLSID)
    app.setAppUserModelId(APP_ID)
  }
}
