// Electron toasts. Each shown Notification is held until it is closed or clicked: a collected one loses its
// click handler and, on macOS, leaves Notification Center
// (https://www.electronjs.org/docs/latest/api/notification). A toast the OS refuses ('failed': Focus
// Assist, an unsigned macOS build) resolves as not shown, so the core counts it and says so in status.
//
// A toast's buttons (Toast.actions, decided by the core) are drawn per platform:
// - macOS: Electron's `actions`, answered by the 'action' event with the button's index. They appear only in
//   a signed app whose Info.plist sets NSUserNotificationAlertStyle to alert (electron-builder.yml does)
//   (https://www.electronjs.org/docs/latest/api/structures/notification-action); without them the toast is a
//   plain one whose click opens the incident.
// - Windows: toast XML whose buttons carry activation strings (toast-xml.ts), handed back through
//   `Notification.handleActivation`, which also sees presses after the Notification is gone (from Action
//   Center) or from before a restart.
// - Linux (libnotify): no buttons; a click opens the incident.
import { Notification, type NotificationConstructorOptions } from 'electron'
import type { NotificationPort, Toast, ToastActionId, ToastSubject } from '../core'
import { parseActivation, toastXml, type Activation } from './toast-xml'

/** Toasts older than the newest 100 are long gone from the screen: their references may go. */
const MAX_HELD = 100
/** A toast that reports neither 'show' nor 'failed' (some Linux daemons) counts as shown after this. */
const SETTLE_MS = 10_000

export interface ToastAnswers {
  /** A click on the toast's body: the incident (null: the list). */
  open(incidentId: string | null): void
  /** A press of one of the toast's buttons, handed to the core (Core.toastAction). */
  act(subject: ToastSubject, action: ToastActionId): void
}

/** Windows activations reach `handleActivation` (Electron 42 and later); without it toasts are plain ones. */
type WithActivation = typeof Notification & {
  handleActivation?: (callback: (details: { type: string; arguments: string; actionIndex?: number }) => void) => void
}

export function createElectronNotificationPort(
  answers: ToastAnswers,
  platform: NodeJS.Platform = process.platform,
): NotificationPort & { held(): number } {
  const held = new Set<Notification>()
  const handleActivation = (Notification as WithActivation).handleActivation
  const windowsXml = platform === 'win32' && typeof handleActivation === 'function'

  const route = (activation: Activation | null) => {
    if (!activation) return
    if (activation.action === 'open') answers.open(activation.incidentId)
    else answers.act(activation.subject, activation.action)
  }
  if (windowsXml) {
    // A press that started Hookbell is replayed as soon as this registers, before the core's variable is set in
    // the caller: answered on the next turn.
    handleActivation.call(Notification, (details) => setImmediate(() => route(parseActivation(details.arguments ?? ''))))
  }

  function optionsFor(toast: Toast): NotificationConstructorOptions {
    const options: NotificationConstructorOptions = {
      title: toast.title,
      body: toast.body,
      silent: !toast.sound,
      urgency: toast.severity === 'critical' ? 'critical' : 'normal',
    }
    if (windowsXml) options.toastXml = toastXml(toast)
    else if (platform === 'darwin' && toast.subject && toast.actions.length)
      options.actions = toast.actions.map((a) => ({ type: 'button', text: a.label }))
    return options
  }

  return {
    held: () => held.size,
    show(toast) {
      if (!Notification.isSupported())
        return Promise.resolve({ status: 'not_sent', reason: 'this desktop has no notification service' })
      const n = new Notification(optionsFor(toast))
      held.add(n)
      if (held.size > MAX_HELD) held.delete(held.values().next().value!)
      const release = () => held.delete(n)
      // On Windows the activation string answers clicks too (handleActivation is called besides the events).
      if (!windowsXml)
        n.on('click', () => {
          release()
          answers.open(toast.incidentId)
        })
      if (platform === 'darwin' && toast.subject && toast.actions.length) {
        const subject = toast.subject
        n.on('action', (details, index) => {
          // Electron 45 passes the index in the event's details; the second argument is its deprecated twin.
          const action = toast.actions[details?.actionIndex ?? index]
          release()
          if (action) answers.act(subject, action.id)
        })
      }
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
