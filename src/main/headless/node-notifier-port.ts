// Headless toasts through node-notifier. Without a notification service it fails *silently* unless given a
// callback (docs/ARCHITECTURE.md, "Notifications"), so every call passes one and turns the failure into a value.
// A toast's buttons (Acknowledge, Snooze 1 h) go where node-notifier draws buttons: macOS (terminal-notifier,
// answering `activationType: 'actionClicked'` with the button's label) and Windows (SnoreToast, answering with
// the button's label as `activationType`); notify-send on Linux has none, so there a click opens the incident.
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import nodeNotifier from 'node-notifier'
import type { NotificationPort, NotifyResult, Toast, ToastActionId, ToastSubject } from '../core'

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

/** A toast with buttons waits this long for a press (node-notifier's README asks for a high timeout with actions). */
const ACTION_TIMEOUT_S = 600

/** Which button a node-notifier answer names, if any: macOS and Windows answer in their own words. */
function pressed(toast: Toast, response: string, metadata?: Record<string, unknown>): ToastActionId | null {
  const labelled = (label: unknown) => toast.actions.find((a) => a.label === label)?.id ?? null
  if (metadata?.activationType === 'actionClicked') {
    const index = Number(metadata.activationValueIndex)
    return labelled(metadata.activationValue) ?? toast.actions[index]?.id ?? null
  }
  return labelled(metadata?.activationType) ?? toast.actions.find((a) => a.label.toLowerCase() === response)?.id ?? null
}

export function createNodeNotifierPort(options: {
  onClick: (incidentId: string | null) => void
  /** A press of one of the toast's buttons, handed to the core (Core.toastAction). */
  onAction?: (subject: ToastSubject, action: ToastActionId) => void
  platform?: NodeJS.Platform
  notifier?: NotifierLike
  appName?: string
  /** The probe's answer; by default the probe runs for the real node-notifier only. */
  unavailable?: string | null
}): NotificationPort {
  const notifier = options.notifier ?? (nodeNotifier as unknown as NotifierLike)
  const platform = options.platform ?? process.platform
  const buttons = (toast: Toast) =>
    (platform === 'darwin' || platform === 'win32') && options.onAction && toast.subject && toast.actions.length > 0
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
              ...(buttons(toast) ? { actions: toast.actions.map((a) => a.label), timeout: ACTION_TIMEOUT_S } : {}),
            },
            (error, response, metadata) => {
              if (error) {
                resolve({ status: 'not_sent', reason: error.message.split('\n')[0] ?? String(error) })
                return
              }
              // node-notifier reports a button press as 'activate' too: the button is checked first.
              const action = buttons(toast) ? pressed(toast, response, metadata) : null
              if (action) {
                options.onAction!(toast.subject!, action)
                resolve({ status: 'shown' })
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
