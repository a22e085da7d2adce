import { useShallow } from 'zustand/react/shallow'
import { useApp, useAppStore } from '../hooks/use-app'
import { useNow } from '../hooks/use-now'
import { providerName } from '../lib/format'
import { summarize } from '../lib/list-rows'
import { memberNames } from '../lib/member-names'
import { SNOOZE_CHOICES } from '../lib/snooze'
import { RelativeTime } from './RelativeTime'
import { SeverityBadge, StatusIcon } from './SeverityBadge'
import { MenuButton } from './ui/Menu'

/** A group: how many, how bad, which ones, and acknowledge / resolve / snooze for all of them at once. */
export function GroupDetail({ groupKey, headingRef }: { groupKey: string; headingRef?: React.Ref<HTMLHeadingElement> }) {
  const store = useAppStore()
  const now = useNow()
  const members = useApp(useShallow((s) => s.ids.map((id) => s.byId[id]!).filter((i) => i?.group?.key === groupKey)))
  const menu = useApp((s) => s.menu)
  const totals = useApp((s) => s.groups[groupKey])
  const group = summarize(groupKey, members, totals)
  const subject = { kind: 'group' as const, key: groupKey }
  const perform = (action: 'acknowledge' | 'resolve' | 'snooze', until?: string) =>
    void store.getState().perform(action, subject, until)
  // At tray size the titles are cut before what sets the members apart: the list names that instead.
  const narrow = useApp((s) => s.narrow)
  const names = narrow ? memberNames(members) : null
  const apps = [...new Set(members.map((m) => m.app).filter(Boolean))]
  const providers = [...new Set(members.map((m) => providerName(m.provider)))]
  return (
    <article className="detail-body" aria-labelledby="group-title">
      <header className="detail-head">
        <div className="detail-badges">
          <SeverityBadge severity={group.worst} />
          <span className="pill">group</span>
        </div>
        <h2 className="detail-title" id="group-title" tabIndex={-1} ref={headingRef}>
          {group.label}
        </h2>
        <p className="muted" data-testid="group-summary">
          {group.count}
          {group.capped ? '+' : ''} incidents · {group.status.open} open · {group.status.acknowledged} acknowledged
          {group.status.resolved ? ` · ${group.status.resolved} resolved` : ''} · {providers.join(', ')}
          {apps.length ? ` · ${apps.join(', ')}` : ''}
        </p>
        <div className="actions">
          {group.status.open > 0 ? <button onClick={() => perform('acknowledge')}>Acknowledge all</button> : null}
          {group.status.open + group.status.acknowledged > 0 ? (
            <button onClick={() => perform('resolve')}>Resolve all</button>
          ) : null}
          <MenuButton
            label="Snooze all ▸"
            open={menu === 'group-snooze'}
            onOpenChange={(open) => store.getState().openMenu(open ? 'group-snooze' : null)}
            items={SNOOZE_CHOICES.map((c) => ({
              key: c.label,
              label: c.label,
              onSelect: () => perform('snooze', c.until(new Date()).toISOString()),
            }))}
          />
        </div>
      </header>
      <section className="section" aria-labelledby="group-members">
        <h3 id="group-members">Incidents in this group</h3>
        {members.length < group.count ? (
          <p className="muted" data-testid="group-loaded">
            The newest {members.length} of {group.count} are listed; the actions above apply to all {group.count}.
          </p>
        ) : null}
        <ul className="members">
          {members.map((m) => (
            <li key={m.id}>
              <button
                className="member-link"
                onClick={() => {
                  void store.getState().select(m.id)
                  store.getState().requestFocus('detail')
                }}
              >
                <StatusIcon status={m.status} snoozed={m.snoozedUntil !== null && Date.parse(m.snoozedUntil) > now} />
                <span className="member-title" title={m.title}>
                  {names?.[m.id] ?? m.title}
                </span>
                <span className="muted">
                  {m.status} · <RelativeTime iso={m.lastSeenAt} now={now} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </article>
  )
}
