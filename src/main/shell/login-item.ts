// Start at login on all three OSes, in the tray without the window. macOS and Windows register through
// Electron (https://www.electronjs.org/docs/latest/api/app#appsetloginitemsettingssettings-macos-windows);
// Linux has no such API, so an XDG autostart entry does it
// (https://specifications.freedesktop.org/autostart-spec/latest/).
import { app } from 'electron'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Core } from '../core'
import { PRODUCT_NAME } from './app-identity'

export const HIDDEN_FLAG = '--hidden'

/** Started by the login item: stay in the tray. */
export function startedAtLogin(argv = process.argv): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin
}

export function autostartPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart', 'hookbell.desktop')
}

/** A desktop entry's Exec argument, quoted as the Desktop Entry spec asks. */
function execArg(value: string): string {
  return /[\s"`$\\]/.test(value) ? `"${value.replace(/(["`$\\])/g, '\\$1')}"` : value
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${PRODUCT_NAME}`,
    'Comment=Monitoring webhooks become verified incidents, toasts and a tray',
    `Exec=${execArg(executable)} ${HIDDEN_FLAG}`,
    'Icon=hookbell',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/** Only an installed app registers: a development build would register the bare Electron binary. */
export function applyStartAtLogin(enabled: boolean, log: (m: string) => void): void {
  if (!app.isPackaged) return
  try {
    if (process.platform === 'linux') {
      const path = autostartPath()
      if (!enabled) return rmSync(path, { force: true })
      mkdirSync(dirname(path), { recursive: true })
      // An AppImage runs from a temporary mount: $APPIMAGE is the file the user keeps.
      writeFileSync(path, autostartEntry(process.env.APPIMAGE || process.execPath))
    } else {
      // `args` reaches Windows only; macOS reports wasOpenedAtLogin instead.
      app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] })
    }
  } catch (error) {
    log(`[login] could not ${enabled ? 'register' : 'remove'} start at login: ${String(error)}`)
  }
}

/** Applies the setting now and whenever it changes. */
export function followStartAtLogin(core: Core, log: (m: string) => void): void {
  let applied: boolean | null = null
  const apply = () => {
    const wanted = core.settings.preferences().startAtLogin
    if (wanted === applied) return
    applied = wanted
    applyStartAtLogin(wanted, log)
  }
  apply()
  core.events.subscribe((event) => {
    if (event.type === 'status.changed') apply()
  })
}
