// Some Linux desktops show no tray icons (GNOME without the AppIndicator extension): Electron creates the
// Tray anyway and nobody sees it. There the app keeps its window reachable, closing it quits, and the
// window's menu says how to quit. Electron's Linux tray is a StatusNotifierItem
// (https://www.electronjs.org/docs/latest/api/tray#platform-considerations), which needs a watcher on the
// session bus; GNOME removed the older XEmbed tray, other desktops (XFCE, MATE) still offer it.
import { execFile } from 'node:child_process'

export type TrayHost = { present: true } | { present: false; why: string }

/** Asks the session bus whether a StatusNotifierWatcher exists; null when it cannot ask (no gdbus). */
export function hasStatusNotifierWatcher(run = execFile): Promise<boolean | null> {
  return new Promise((resolve) => {
    run(
      'gdbus',
      [
        'call',
        '--session',
        '--dest',
        'org.freedesktop.DBus',
        '--object-path',
        '/org/freedesktop/DBus',
        '--method',
        'org.freedesktop.DBus.NameHasOwner',
        'org.kde.StatusNotifierWatcher',
      ],
      { timeout: 2000 },
      (error, stdout) => resolve(error ? null : /\btrue\b/.test(String(stdout))),
    )
  })
}

export async function detectTrayHost(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  watcher: () => Promise<boolean | null> = hasStatusNotifierWatcher,
): Promise<TrayHost> {
  if (platform !== 'linux') return { present: true }
  if (env.HOOKBELL_NO_TRAY === '1') return { present: false, why: 'HOOKBELL_NO_TRAY=1 is set' }
  const found = await watcher()
  if (found !== false) return { present: true }
  // Without a watcher, only desktops that still embed XEmbed icons show one; GNOME and Wayland sessions do not.
  const gnome = /gnome|unity|ubuntu/i.test(env.XDG_CURRENT_DESKTOP ?? '')
  if (gnome || env.XDG_SESSION_TYPE === 'wayland')
    return {
      present: false,
      why: 'this desktop shows no tray icons (on GNOME, install the "AppIndicator and KStatusNotifierItem Support" extension)',
    }
  return { present: true }
}
