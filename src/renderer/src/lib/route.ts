// View state in the URL hash, so a headless link can be shared locally and survives reloads:
// #/incidents?status=open,acknowledged&q=timeout&id=<incident>   #/settings/integrations
import type { Kind, Severity, Status } from '../../../shared/incident'

export interface Filters {
  status: Status[]
  severity: Severity[]
  integration: string[]
  kind: Kind[]
  q: string
}

export const DEFAULT_FILTERS: Filters = { status: ['open', 'acknowledged'], severity: [], integration: [], kind: [], q: '' }

export type SettingsTab = 'integrations' | 'targets' | 'notifications' | 'connection' | 'deliveries'

export type Route = { view: 'incidents'; filters: Filters; selected: string | null } | { view: 'settings'; tab: SettingsTab }

const TABS: SettingsTab[] = ['integrations', 'targets', 'notifications', 'connection', 'deliveries']

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?')
  const parts = path.split('/').filter(Boolean)
  if (parts[0] === 'settings') {
    const tab = TABS.includes(parts[1] as SettingsTab) ? (parts[1] as SettingsTab) : 'integrations'
    return { view: 'settings', tab }
  }
  // #/incident/<id> is what toasts open.
  if (parts[0] === 'incident')
    return { view: 'incidents', filters: { ...DEFAULT_FILTERS, status: [] }, selected: parts[1] ?? null }
  const params = new URLSearchParams(search)
  const list = <T extends string>(key: string, fallback: T[]): T[] => {
    if (!params.has(key)) return fallback
    return (params.get(key) ?? '').split(',').filter(Boolean) as T[]
  }
  return {
    view: 'incidents',
    filters: {
      status: list('status', DEFAULT_FILTERS.status),
      severity: list('severity', []),
      integration: list('integration', []),
      kind: list('kind', []),
      q: params.get('q') ?? '',
    },
    selected: params.get('id'),
  }
}

export function formatRoute(route: Route): string {
  if (route.view === 'settings') return `#/settings/${route.tab}`
  const params = new URLSearchParams()
  const f = route.filters
  // Always written, so an empty status filter ("all") survives a reload instead of becoming the default.
  params.set('status', f.status.join(','))
  if (f.severity.length) params.set('severity', f.severity.join(','))
  if (f.integration.length) params.set('integration', f.integration.join(','))
  if (f.kind.length) params.set('kind', f.kind.join(','))
  if (f.q) params.set('q', f.q)
  if (route.selected) params.set('id', route.selected)
  return `#/incidents?${params.toString()}`
}
