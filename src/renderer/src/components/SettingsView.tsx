import type { SettingsTab } from '../lib/route'
import { useApp } from '../hooks/use-app'
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
  return (
    <div className="settings">
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
      <div className="tab-body">
        {tab === 'integrations' ? <IntegrationsSettings /> : null}
        {tab === 'targets' ? <TargetsSettings /> : null}
        {tab === 'notifications' ? <NotificationSettings /> : null}
        {tab === 'connection' ? <ConnectionSettings /> : null}
        {tab === 'deliveries' ? <DeliveriesLog /> : null}
      </div>
    </div>
  )
}
