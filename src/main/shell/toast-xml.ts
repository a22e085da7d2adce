// A toast as Windows toast XML, with its buttons, and the activation strings those buttons hand back. Windows
// gives a desktop app's toast buttons no callbacks: each button carries an `arguments` string, and a press
// activates the app with it (https://learn.microsoft.com/en-us/uwp/schemas/tiles/toastschema/element-action),
// which Electron passes to `Notification.handleActivation`. So the string says everything the press needs (the
// action and its subject), and still works after the Notification object is gone or Hookbell restarted.
import type { Toast, ToastActionId, ToastSubject } from '../core'

export type Activation = { action: 'open'; incidentId: string | null } | { action: ToastActionId; subject: ToastSubject }

const ACTIONS: ReadonlySet<string> = new Set(['acknowledge', 'snooze-1h'])

function subjectParams(subject: ToastSubject): Record<string, string> {
  if ('incident' in subject) return { incident: subject.incident }
  if ('group' in subject) return { group: subject.group }
  return { ids: subject.incidents.join(',') }
}

/** `action=acknowledge&incident=…`: what a press of this button (or the toast's body) means. */
export function activationString(activation: Activation): string {
  const params =
    activation.action === 'open'
      ? { action: 'open', ...(activation.incidentId ? { incident: activation.incidentId } : {}) }
      : { action: activation.action, ...subjectParams(activation.subject) }
  return new URLSearchParams(params).toString()
}

/** The activation a string from Windows stands for; null for one Hookbell did not write. */
export function parseActivation(raw: string): Activation | null {
  const params = new URLSearchParams(raw)
  const action = params.get('action')
  const incident = params.get('incident')
  if (action === 'open') return { action, incidentId: incident || null }
  if (!action || !ACTIONS.has(action)) return null
  const group = params.get('group')
  const ids = params.get('ids')
  const subject: ToastSubject | null = incident
    ? { incident }
    : group
      ? { group }
      : ids
        ? { incidents: ids.split(',').filter(Boolean) }
        : null
  return subject ? { action: action as ToastActionId, subject } : null
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)

/**
 * The ToastGeneric layout: the title and up to two body lines, the body's click opening the incident, and one
 * background-activated button per action (acting without bringing the window up).
 * https://learn.microsoft.com/en-us/windows/apps/design/shell/tiles-and-notifications/adaptive-interactive-toasts
 */
export function toastXml(toast: Toast): string {
  const lines = [toast.title, ...toast.body.split('\n').slice(0, 2)].filter(Boolean)
  const launch = activationString({ action: 'open', incidentId: toast.incidentId })
  const buttons =
    toast.subject && toast.actions.length
      ? `<actions>${toast.actions
          .map(
            (a) =>
              `<action content="${escapeXml(a.label)}" activationType="background" arguments="${escapeXml(
                activationString({ action: a.id, subject: toast.subject! }),
              )}"/>`,
          )
          .join('')}</actions>`
      : ''
  return (
    `<toast launch="${escapeXml(launch)}" activationType="foreground">` +
    `<visual><binding template="ToastGeneric">${lines.map((l) => `<text>${escapeXml(l)}</text>`).join('')}</binding></visual>` +
    (toast.sound ? '' : '<audio silent="true"/>') +
    buttons +
    `</toast>`
  )
}
