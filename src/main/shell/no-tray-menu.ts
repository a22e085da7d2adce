// Where the desktop shows no tray, the window's menu bar is how to reach settings and how to quit.
import { Menu } from 'electron'

export function showNoTrayMenu(why: string, actions: { settings(): void; quit(): void }): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        label: 'Hookbell',
        submenu: [
          { label: `No tray icon: ${why}. Closing this window quits Hookbell.`, enabled: false },
          { type: 'separator' },
          { label: 'Settings…', click: actions.settings },
          { label: 'Quit Hookbell', accelerator: 'CmdOrCtrl+Q', click: actions.quit },
        ],
      },
    ]),
  )
}
