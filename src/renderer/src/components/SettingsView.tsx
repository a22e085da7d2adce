import type { SettingsTab } from '../lib/route'
import { useApp } from '../hooks/use-app'
import { useMediaQuery } from '../hooks/use-media-query'
import { NARROW_QUERY } from './IncidentsView'
import { ConnectionSettings } from './settings/ConnectionSettings'
import { DeliveriesLog } from './settings/DeliveriesLog'
import { IntegrationsSettings } from './settings/IntegrationsSettings'
import { NotificationSettings } from './settings/NotificationSettings'
import { TargetsSettings } from './settings/TargetsSettings'

const TABS: { id: SettingsTab; label: string }[] = [
  { id: 'integrations', label: 'Integrations' },
  { id: 'targets', label: 'Forwarding' },
  { id: 'notifications', label: 'Notifications' },
  { id: 'connection', label: 'Receiver & relay' },
  { id: 'deliveries', label: 'Deliveries' },
]

export function SettingsView() {
  const tab = useApp((s) => s.settingsTab)
  const show = useApp((s) => s.show)
  const sectionAsked = useApp((s) => s.settingsSection)
  // At tray-popover size the sections and their list take turns, as the incident list and its detail do.
  const narrow = useMediaQuery(NARROW_QUERY)
  const showList = !narrow || !sectionAsked
  const showSection = !narrow || sectionAsked
  const label = TABS.find((t) => t.id === tab)?.label ?? ''
  return (
    <div className={`settings${narrow ? ' narrow' : ''}`}>
      {showList ? (
        <nav className="tabs" role="tablist" aria-label="Settings">
          {TABS.map((t) => (
            <button
              key={t.id}
              role="tab"
              aria-selected={tab === t.id}
              className={tab === t.id ? 'on' : ''}
              onClick={() => show('settings', t.id)}
            >
              {t.label}
            </button>
          ))}
        </nav>
      ) : null}
      {showSection ? (
        <div className="tab-body" role={narrow ? 'region' : undefined} aria-label={narrow ? label : undefined}>
          {narrow ? (
            <button className="back" onClick={() => show('settings')}>
              ‹ All settings
            </button>
          ) : null}
          {tab === 'integrations' ? <IntegrationsSettings /> : null}
          {tab === 'targets' ? <TargetsSettings /> : null}
          {tab === 'notifications' ? <NotificationSettings /> : null}
          {tab === 'connection' ? <ConnectionSettings /> : null}
          {tab === 'deliveries' ? <DeliveriesLog /> : null}
        </div>
      ) : null}
    </div>
  )
}
