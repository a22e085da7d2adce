import { Notification } from 'electron'
import type { NotificationPort } from '../core'

/** Electron toasts. `onClick` opens the window on the incident. */
export function createElectronNotificationPort(onClick: (incidentId: string | null) => void): NotificationPort {
  return {
    async show(toast) {
      if (!Notification.isSupported()) return { status: 'not_sent', reason: 'this desktop has no notification service' }
      const n = new Notification({
        title: toast.title,
        body: toast.body,
        silent: !toast.sound,
        urgency: toast.severity === 'critical' ? 'critical' : 'normal',
      })
      n.on('click', () => onClick(toast.incidentId))
      n.on('failed', () => undefined)
      n.show()
      return { status: 'shown' }
    },
  }
}
