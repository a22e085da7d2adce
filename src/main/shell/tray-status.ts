// Keeps the tray (and the Dock/taskbar badge) in step with the core: redrawn after events, coalesced so a
// burst of deliveries redraws once.
import { app } from 'electron'
import { computeTrayState, trayEntries, type Core } from '../core'
import type { TrayExtras } from './tray'

export function followCoreInTray(
  core: Core,
  tray: { apply(state: ReturnType<typeof computeTrayState>, extras: TrayExtras): void },
  extras: () => TrayExtras,
): { refresh(): void; stop(): void } {
  let pending: NodeJS.Timeout | null = null
  const redraw = async () => {
    pending = null
    const status = await core.api['status.get']({})
    // A page deep enough that a storm's members fold into one line and five lines remain for the rest.
    const recent = await core.api['incidents.list']({ status: ['open'], limit: 100 })
    tray.apply(
      computeTrayState({
        worst: status.worst,
        openCount: status.store.open,
        openGroups: status.store.openGroups,
        paused: status.notifier.state === 'paused',
        waiting: status.notifier.waiting,
        disconnected: !status.receiver.listening
          ? `receiver is not listening: ${status.receiver.error ?? 'starting'}`
          : status.relay.state === 'disconnected'
            ? `relay: ${status.relay.error ?? 'unreachable'}`
            : null,
        recent: trayEntries(recent),
      }),
      {
        ...extras(),
        problem: status.receiver.listening ? null : 'Receiver is not listening: see Settings → Receiver & relay',
      },
    )
    app.setBadgeCount(status.store.open)
  }
  const refresh = () => {
    pending ??= setTimeout(() => void redraw().catch(() => {}), 250)
  }
  const unsubscribe = core.uiEvents.subscribe(refresh)
  refresh()
  return {
    refresh,
    stop() {
      unsubscribe()
      if (pending) clearTimeout(pending)
    },
  }
}
