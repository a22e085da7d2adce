// What the tray shows, as a pure function of the app's state: testable without Electron. The Electron shell
// only applies it (shell/tray.ts).
import type { Incident, Severity } from '../../../shared/incident'

export type TrayIcon = 'ok' | 'warning' | 'critical' | 'paused' | 'disconnected'

export type TrayMenuItem =
  | { kind: 'incident'; id: string; label: string }
  | { kind: 'action'; action: 'acknowledge-all' | 'open' | 'settings' | 'quit' | 'resume'; label: string; enabled: boolean }
  | { kind: 'pause'; label: string; options: { label: string; minutes: number | 'tomorrow' | 'forever' }[] }
  | { kind: 'separator' }

export interface TrayState {
  icon: TrayIcon
  tooltip: string
  /** Short text beside the icon where the OS supports it (macOS title, Linux label): the open count. */
  title: string
  menu: TrayMenuItem[]
}

export interface TrayInput {
  /** Worst severity among open, unacknowledged incidents. */
  worst: Severity | null
  openCount: number
  paused: boolean
  /** Receiver down or relay unreachable. */
  disconnected: string | null
  recent: Pick<Incident, 'id' | 'title' | 'severity'>[]
}

export function computeTrayState(input: TrayInput): TrayState {
  const icon: TrayIcon = input.disconnected
    ? 'disconnected'
    : input.paused
      ? 'paused'
      : input.worst === 'critical' || input.worst === 'error'
        ? 'critical'
        : input.worst === 'warning'
          ? 'warning'
          : 'ok'
  const counts =
    input.openCount === 0 ? 'no open incidents' : `${input.openCount} open incident${input.openCount === 1 ? '' : 's'}`
  const tooltip = [
    'Hookbell',
    counts,
    input.paused ? 'notifications paused' : null,
    input.disconnected ? `disconnected: ${input.disconnected}` : null,
  ]
    .filter(Boolean)
    .join(' — ')

  const menu: TrayMenuItem[] = input.recent.slice(0, 5).map((i) => ({
    kind: 'incident' as const,
    id: i.id,
    label: `${SEVERITY_MARK[i.severity]} ${i.title.length > 60 ? `${i.title.slice(0, 59)}…` : i.title}`,
  }))
  if (menu.length > 0) menu.push({ kind: 'separator' })
  menu.push({ kind: 'action', action: 'acknowledge-all', label: 'Acknowledge all', enabled: input.openCount > 0 })
  menu.push(
    input.paused
      ? { kind: 'action', action: 'resume', label: 'Resume notifications', enabled: true }
      : {
          kind: 'pause',
          label: 'Pause notifications',
          options: [
            { label: 'For 1 hour', minutes: 60 },
            { label: 'Until tomorrow', minutes: 'tomorrow' },
            { label: 'Until I resume', minutes: 'forever' },
          ],
        },
  )
  menu.push({ kind: 'separator' })
  menu.push({ kind: 'action', action: 'open', label: 'Open Hookbell', enabled: true })
  menu.push({ kind: 'action', action: 'settings', label: 'Settings…', enabled: true })
  menu.push({ kind: 'action', action: 'quit', label: 'Quit Hookbell', enabled: true })
  return { icon, tooltip, title: input.openCount > 0 ? String(input.openCount) : '', menu }
}

// Text marks, not colour alone, so the menu reads the same for everyone.
const SEVERITY_MARK: Record<Severity, string> = { critical: '‼', error: '!', warning: '▲', info: '·' }
