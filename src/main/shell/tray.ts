// Applies the pure tray state to Electron's Tray. Linux shows the menu on click and has no tooltip on some
// desktops; macOS wants template images; Windows toggles the window on click.
import { Menu, Tray, app, nativeImage, type MenuItemConstructorOptions } from 'electron'
import { join } from 'node:path'
import type { TrayMenuItem, TrayState } from '../core'

export interface TrayActions {
  openIncident(id: string): void
  open(): void
  settings(): void
  acknowledgeAll(): void
  pause(choice: number | 'tomorrow' | 'forever'): void
  resume(): void
  restartToUpdate(): void
  quit(): void
}

/** What the shell adds to the core's tray state: a downloaded update, a problem the core does not know. */
export interface TrayExtras {
  updateReady: string | null
  /** Shown first, e.g. the receiver's port is taken; clicking opens the settings that fix it. */
  problem?: string | null
}

/** `resources/tray` in development; beside app.asar in an installed app (electron-builder extraResources). */
export function trayIconDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'tray') : join(app.getAppPath(), 'resources', 'tray')
}

/**
 * The tray icon file for a state: 16 px with a `@2x` sibling Electron picks on HiDPI screens; on macOS the
 * monochrome `Template` variant, which the menu bar tints (severity shows as a badge, not as colour).
 */
export function trayIconPath(dir: string, state: string, platform = process.platform): string {
  return join(dir, `tray-${state}${platform === 'darwin' ? 'Template' : ''}.png`)
}

export function createTray(iconDir: string, actions: TrayActions) {
  const icon = (name: string) => {
    const image = nativeImage.createFromPath(trayIconPath(iconDir, name))
    if (process.platform === 'darwin') image.setTemplateImage(true)
    return image
  }
  const tray = new Tray(icon('ok'))
  if (process.platform === 'win32') tray.on('click', actions.open)

  const toMenu = (item: TrayMenuItem): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' }
      case 'incident':
        return { label: item.label, click: () => actions.openIncident(item.id) }
      case 'pause':
        return {
          label: item.label,
          submenu: item.options.map((o) => ({ label: o.label, click: () => actions.pause(o.minutes) })),
        }
      case 'action': {
        const click = {
          'acknowledge-all': actions.acknowledgeAll,
          open: actions.open,
          settings: actions.settings,
          quit: actions.quit,
          resume: actions.resume,
        }[item.action]
        return { label: item.label, enabled: item.enabled, click }
      }
    }
  }

  return {
    apply(state: TrayState, extras: TrayExtras = { updateReady: null }): void {
      tray.setImage(icon(state.icon))
      tray.setToolTip(state.tooltip)
      if (process.platform === 'darwin') tray.setTitle(state.title)
      const items = state.menu.map(toMenu)
      if (extras.updateReady) {
        // Just above Quit, where a user looks to leave.
        const quitAt = state.menu.findIndex((i) => i.kind === 'action' && i.action === 'quit')
        items.splice(quitAt < 0 ? items.length : quitAt, 0, {
          label: `Restart to update (${extras.updateReady})`,
          click: actions.restartToUpdate,
        })
      }
      if (extras.problem) items.unshift({ label: `⚠ ${extras.problem}`, click: actions.settings }, { type: 'separator' })
      tray.setContextMenu(Menu.buildFromTemplate(items))
    },
    destroy: () => tray.destroy(),
  }
}
