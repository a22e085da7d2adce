// The one main window: created on demand (not at a login start), shown on a route for a toast or a tray
// item, and told where to go when it already exists.
import type { BrowserWindow } from 'electron'
import type { EventBus } from '../core'
import { createMainWindow, type MainWindowOptions } from './window'

export interface ShowTarget {
  incidentId?: string | null
  view?: 'settings'
}

export function createWindowController(
  options: Omit<MainWindowOptions, 'route' | 'bounds'> & {
    bounds: () => MainWindowOptions['bounds']
    events: EventBus
  },
) {
  let win: BrowserWindow | null = null
  return {
    current: (): BrowserWindow | null => (win && !win.isDestroyed() ? win : null),
    show(target?: ShowTarget): void {
      if (!win || win.isDestroyed()) {
        // A new window loads on the route: an event sent now would arrive before the page listens.
        const route = target?.incidentId
          ? `/incident/${target.incidentId}`
          : target?.view === 'settings'
            ? '/settings'
            : undefined
        win = createMainWindow({ ...options, bounds: options.bounds(), route })
        return
      }
      if (win.isMinimized()) win.restore()
      win.show()
      win.focus()
      if (target) options.events.emit('ui.open', { incidentId: target.incidentId ?? null, view: target.view })
    },
  }
}
