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

export function StatusBadge({ status, snoozed }: { status: Status; snoozed?: boolean }) {
  return <span className={`status status-${status}`}>{snoozed ? `${status} · snoozed` : status}</span>
}
