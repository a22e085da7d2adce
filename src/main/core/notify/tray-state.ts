// What the tray shows, as a pure function of the app's state: testable without Electron. The Electron shell
// only applies it (shell/tray.ts).
import { SEVERITIES, type Incident, type Severity } from '../../../shared/incident'
import type { IncidentPage } from '../../../shared/model'

/** `waiting`: an incident whose toast went unanswered for its repeat interval (notify/repeat.ts): the bell ringing. */
export type TrayIcon = 'ok' | 'warning' | 'critical' | 'waiting' | 'paused' | 'disconnected'

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

/** A line of the tray menu: one incident, or one group (its newest member opens, inside its group). */
export interface TrayEntry {
  id: string
  title: string
  severity: Severity
  /** Open incidents in the group; absent for an incident in no group (or alone in its group). */
  count?: number
}

export interface TrayInput {
  /** Worst severity among open, unacknowledged incidents. */
  worst: Severity | null
  openCount: number
  /** Open problems as the window lists them: a group counts once (StatusView.store.openGroups). */
  openGroups: number
  paused: boolean
  /** Receiver down or relay unreachable. */
  disconnected: string | null
  /** Open, unanswered incidents of a severity that keeps ringing (StatusView.notifier.waiting); absent: none. */
  waiting?: { count: number; worst: Severity | null }
  recent: TrayEntry[]
}

/**
 * The newest open incidents, folded into the core's groups as the window folds them: a page of the open list
 * and its group totals (which count every open member, not only those on the page).
 */
export function trayEntries(page: Pick<IncidentPage, 'incidents' | 'groups'>, max = 5): TrayEntry[] {
  const entries: TrayEntry[] = []
  const byGroup = new Map<string, TrayEntry>()
  for (const incident of page.incidents) {
    const key = incident.group?.key
    const totals = key ? page.groups[key] : undefined
    if (!key || !totals || totals.count < 2) {
      entries.push(entryOf(incident))
      continue
    }
    if (byGroup.has(key)) continue
    // SEVERITIES is worst first.
    const worst = SEVERITIES.find((s) => totals.severity[s] > 0) ?? incident.severity
    const entry = { id: incident.id, title: incident.group!.label, severity: worst, count: totals.count }
    byGroup.set(key, entry)
    entries.push(entry)
  }
  return entries.slice(0, max)
}

const entryOf = (i: Pick<Incident, 'id' | 'title' | 'severity'>): TrayEntry => ({
  id: i.id,
  title: i.title,
  severity: i.severity,
})

export function computeTrayState(input: TrayInput): TrayState {
  const icon: TrayIcon = input.disconnected
    ? 'disconnected'
    : input.paused
      ? 'paused'
      : input.waiting && input.waiting.count > 0
        ? 'waiting'
        : input.worst === 'critical' || input.worst === 'error'
          ? 'critical'
          : input.worst === 'warning'
            ? 'warning'
            : 'ok'
  const counts =
    input.openCount === 0
      ? 'no open incidents'
      : `${input.openCount} open incident${input.openCount === 1 ? '' : 's'}${
          // A group of one is just its incident, as in the window's list.
          input.openGroups > 0 && input.openGroups < input.openCount ? ` in ${input.openGroups} groups` : ''
        }`
  const tooltip = [
    'Hookbell',
    counts,
    waitingText(input.waiting),
    input.paused ? 'notifications paused' : null,
    input.disconnected ? `disconnected: ${input.disconnected}` : null,
  ]
    .filter(Boolean)
    .join(' — ')

  const menu: TrayMenuItem[] = input.recent.slice(0, 5).map((i) => {
    const count = i.count ? ` — ${i.count} open` : ''
    const room = 60 - count.length
    return {
      kind: 'incident' as const,
      id: i.id,
      label: `${SEVERITY_MARK[i.severity]} ${i.title.length > room ? `${i.title.slice(0, room - 1)}…` : i.title}${count}`,
    }
  })
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

/** "1 critical waiting for an answer", "3 waiting for an answer (the worst critical)". */
export function waitingText(waiting: TrayInput['waiting']): string | null {
  if (!waiting || waiting.count === 0) return null
  if (waiting.count === 1) return `1 ${waiting.worst ?? 'incident'} waiting for an answer`
  return `${waiting.count} waiting for an answer${waiting.worst ? ` (the worst ${waiting.worst})` : ''}`
}

// Text marks, not colour alone, so the menu reads the same for everyone.
const SEVERITY_MARK: Record<Severity, string> = { critical: '‼', error: '!', warning: '▲', info: '·' }
