// Headless toasts through node-notifier. Without a notification service it fails *silently* unless given a
// callback (docs/ARCHITECTURE.md, "Notifications"), so every call passes one and turns the failure into a value.
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import nodeNotifier from 'node-notifier'
import type { NotificationPort, NotifyResult, Toast } from '../core'

export interface NotifierLike {
  notify(
    options: Record<string, unknown>,
    callback: (error: Error | null, response: string, metadata?: Record<string, unknown>) => void,
  ): unknown
}

/**
 * On Linux node-notifier runs `notify-send` (libnotify); macOS and Windows use helpers it ships. Without it
 * every toast fails, each time with other words, so it is looked for once, at start, and the fix is named.
 */
export function probeNotificationService(
  platform: NodeJS.Platform = process.platform,
  path: string = process.env.PATH ?? '',
): string | null {
  if (platform !== 'linux') return null
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, 'notify-send'), constants.X_OK)
      return null
    } catch {
      // not in this folder
    }
  }
  return 'notify-send is not installed (install libnotify-bin on Debian or Ubuntu, libnotify on Fedora or Arch)'
}

export function createNodeNotifierPort(options: {
  onClick: (incidentId: string | null) => void
  notifier?: NotifierLike
  appName?: string
  /** The probe's answer; by default the probe runs for the real node-notifier only. */
  unavailable?: string | null
}): NotificationPort {
  const notifier = options.notifier ?? (nodeNotifier as unknown as NotifierLike)
  return {
    unavailable: options.unavailable !== undefined ? options.unavailable : options.notifier ? null : probeNotificationService(),
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
