import type { Severity, Status } from '../../../shared/incident'

const MARK: Record<Severity, string> = { critical: '‼', error: '!', warning: '▲', info: 'i' }

/** Colour plus a mark and a word: readable without colour. */
export function SeverityBadge({ severity, compact = false }: { severity: Severity; compact?: boolean }) {
  return (
    <span className={`sev sev-${severity}`} title={severity}>
      <span aria-hidden="true">{MARK[severity]}</span>
      {compact ? null : <span className="sev-label">{severity}</span>}
    </span>
  )
}

/** The list's severity: the row's coloured edge carries the colour, this carries the word. */
export function SeverityWord({ severity }: { severity: Severity }) {
  return <span className={`sev-word sev-text-${severity}`}>{severity}</span>
}

const STATUS_ICON: Record<Status, string> = { open: '●', acknowledged: '◐', resolved: '✓' }

/** Status as an icon in the list (the row's label says it in words for screen readers). */
export function StatusIcon({ status, snoozed }: { status: Status; snoozed: boolean }) {
  const label = snoozed ? `${status}, snoozed` : status
  return (
    <span className={`status-icon status-icon-${status}${snoozed ? ' snoozed' : ''}`} title={label} aria-hidden="true">
      {snoozed ? '☾' : STATUS_ICON[status]}
    </span>
  )
}

export function StatusBadge({ status, snoozed }: { status: Status; snoozed?: boolean }) {
  return <span className={`status status-${status}`}>{snoozed ? `${status} · snoozed` : status}</span>
}
