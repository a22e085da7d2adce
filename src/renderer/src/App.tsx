import { useEffect } from 'react'
import { useApp, useAppStore } from './hooks/use-app'
import { formatRoute, parseRoute } from './lib/route'
import { IncidentsView } from './components/IncidentsView'
import { SettingsView } from './components/SettingsView'

export function App({ mode }: { mode: 'ipc' | 'http' }) {
  const store = useAppStore()
  const view = useApp((s) => s.view)
  const connected = useApp((s) => s.connected)
  const status = useApp((s) => s.status)
  const notice = useApp((s) => s.notice)
  const show = useApp((s) => s.show)

  // The hash holds the view and filters (headless links), both ways.
  useEffect(() => {
    const apply = () => {
      const route = parseRoute(window.location.hash)
      const s = store.getState()
      if (route.view === 'settings') s.show('settings', route.tab)
      else {
        s.show('incidents')
        store.setState({ filters: route.filters })
        void s.reload()
        if (route.selected) void s.select(route.selected)
      }
    }
    apply()
    window.addEventListener('hashchange', apply)
    const unsubscribe = store.subscribe((s, prev) => {
      if (
        s.view === prev.view &&
        s.filters === prev.filters &&
        s.selectedId === prev.selectedId &&
        s.settingsTab === prev.settingsTab
      )
        return
      const hash = formatRoute(
        s.view === 'settings'
          ? { view: 'settings', tab: s.settingsTab }
          : { view: 'incidents', filters: s.filters, selected: s.selectedId },
      )
      if (hash !== window.location.hash) history.replaceState(null, '', hash)
    })
    return () => {
      window.removeEventListener('hashchange', apply)
      unsubscribe()
    }
  }, [store])

  const worst = status?.worst
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">Hookbell</h1>
        <nav className="views" aria-label="Views">
          <button
            className={view === 'incidents' ? 'on' : ''}
            aria-current={view === 'incidents' ? 'page' : undefined}
            onClick={() => show('incidents')}
          >
            Incidents{' '}
            {status && status.store.open > 0 ? (
              <span className={`badge sev-bg-${worst ?? 'info'}`} aria-label={`${status.store.open} open`}>
                {status.store.open}
              </span>
            ) : null}
          </button>
          <button
            className={view === 'settings' ? 'on' : ''}
            aria-current={view === 'settings' ? 'page' : undefined}
            onClick={() => show('settings')}
          >
            Settings
          </button>
        </nav>
        <span className="conn" title={mode === 'http' ? 'headless mode' : 'desktop'}>
          <span className={`dot ${connected ? 'dot-ok' : 'dot-bad'}`} />
          {connected ? (status?.notifier.state === 'paused' ? 'paused' : 'live') : 'reconnecting…'}
          {status?.relay.state === 'disconnected' ? ' · relay disconnected' : ''}
        </span>
      </header>
      {notice ? (
        <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
          <button className="link" onClick={() => store.setState({ notice: null })} aria-label="Dismiss">
            ×
          </button>
        </div>
      ) : null}
      <main className="main">{view === 'incidents' ? <IncidentsView /> : <SettingsView />}</main>
    </div>
  )
}
