// Headless toasts through node-notifier. Without a notification service it fails *silently* unless given a
// callback (docs/ARCHITECTURE.md, "Notifications"), so every call passes one and turns the failure into a value.
import nodeNotifier from 'node-notifier'
import type { NotificationPort, NotifyResult, Toast } from '../core'

export interface NotifierLike {
  notify(
    options: Record<string, unknown>,
    callback: (error: Error | null, response: string, metadata?: Record<string, unknown>) => void,
  ): unknown
}

export function createNodeNotifierPort(options: {
  onClick: (incidentId: string | null) => void
  notifier?: NotifierLike
  appName?: string
}): NotificationPort {
  const notifier = options.notifier ?? (nodeNotifier as unknown as NotifierLike)
  return {
    show(toast: Toast): Promise<NotifyResult> {
      return new Promise((resolve) => {
        try {
          notifier.notify(
            {
              title: toast.title,
              message: toast.body,
              sound: toast.sound,
              wait: toast.incidentId !== null,
              appName: options.appName ?? 'Hookbell',
              urgency: toast.severity === 'critical' ? 'critical' : 'normal',
            },
            (error, response, metadata) => {
              if (error) {
                resolve({ status: 'not_sent', reason: error.message.split('\n')[0] ?? String(error) })
                return
              }
              const activated =
                response === 'activate' || metadata?.activationType === 'contentsClicked' || response === 'clicked'
              if (activated) options.onClick(toast.incidentId)
              resolve({ status: 'shown' })
            },
          )
        } catch (error) {
          resolve({ status: 'not_sent', reason: (error as Error).message })
        }
      })
    },
  }
}
