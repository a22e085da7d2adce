import { useApp, useAppStore } from '../hooks/use-app'
import { SNOOZE_CHOICES } from '../lib/snooze'
import { MenuButton } from './ui/Menu'

/** Shown while incidents are checked: one call acts on all of them, or on everything the filter matches. */
export function BulkBar() {
  const store = useAppStore()
  const checked = useApp((s) => Object.keys(s.checked).length)
  const allMatching = useApp((s) => s.allMatching)
  const loaded = useApp((s) => s.ids.length)
  const total = useApp((s) => (s.filters.q ? null : (s.counts?.total ?? null)))
  const hasMore = useApp((s) => s.nextCursor !== null)
  const menu = useApp((s) => s.menu)
  if (!checked && !allMatching) return null
  const perform = (action: 'acknowledge' | 'resolve' | 'snooze', until?: string) => {
    const subject = store.getState().currentSubject()
    if (subject) void store.getState().perform(action, subject, until)
  }
  const matchingLabel = total !== null ? `all ${total} matching this filter` : 'everything matching this filter'
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <strong data-testid="bulk-count">{allMatching ? `Selected ${matchingLabel}` : `${checked} selected`}</strong>
      {!allMatching && (hasMore || checked < loaded) ? (
        <button className="link" onClick={() => store.getState().chooseAllMatching()}>
          Select {matchingLabel}
        </button>
      ) : null}
      <button onClick={() => perform('acknowledge')}>Acknowledge</button>
      <button onClick={() => perform('resolve')}>Resolve</button>
      <MenuButton
        label="Snooze ▸"
        open={menu === 'bulk-snooze'}
        onOpenChange={(open) => store.getState().openMenu(open ? 'bulk-snooze' : null)}
        items={SNOOZE_CHOICES.map((c) => ({
          key: c.label,
          label: c.label,
          onSelect: () => perform('snooze', c.until(new Date()).toISOString()),
        }))}
      />
      <button className="link" onClick={() => store.getState().clearChecked()}>
        Clear selection
      </button>
    </div>
  )
}
