// Electron toasts. Each shown Notification is held until it is closed or clicked: a collected one loses its
// click handler and, on macOS, leaves Notification Center
// (https://www.electronjs.org/docs/latest/api/notification). A toast the OS refuses ('failed': Focus
// Assist, an unsigned macOS build) resolves as not shown, so the core counts it and says so in status.
import { Notification } from 'electron'
import type { NotificationPort } from '../core'

/** Toasts older than the newest 100 are long gone from the screen: their references may go. */
const MAX_HELD = 100
/** A toast that reports neither 'show' nor 'failed' (some Linux daemons) counts as shown after this. */
const SETTLE_MS = 10_000

export function createElectronNotificationPort(onClick: (incidentId: string | null) => void): NotificationPort & {
  held(): number
} {
  const held = new Set<Notification>()
  return {
    held: () => held.size,
    show(toast) {
      if (!Notification.isSupported())
        return Promise.resolve({ status: 'not_sent', reason: 'this desktop has no notification service' })
      const n = new Notification({
        title: toast.title,
        body: toast.body,
        silent: !toast.sound,
        urgency: toast.severity === 'critical' ? 'critical' : 'normal',
      })
      held.add(n)
      if (held.size > MAX_HELD) held.delete(held.values().next().value!)
      const release = () => held.delete(n)
      n.on('click', () => {
        release()
        onClick(toast.incidentId)
      })
      n.on('close', release)
      return new Promise((resolve) => {
        const settle = setTimeout(() => resolve({ status: 'shown' }), SETTLE_MS)
        settle.unref()
        n.once('show', () => {
          clearTimeout(settle)
          resolve({ status: 'shown' })
        })
        n.once('failed', (_event, error) => {
          clearTimeout(settle)
          release()
          resolve({ status: 'not_sent', reason: `the system did not show the toast: ${error}` })
        })
        n.show()
      })
    },
  }
}
