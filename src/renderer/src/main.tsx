import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { connect } from './api/connect'
import { App } from './App'
import { AppContext } from './hooks/use-app'
import { createAppStore, wireEvents } from './store/store'
import './styles.css'

const root = createRoot(document.getElementById('root')!)
const connection = connect()
if ('error' in connection) {
  root.render(<div className="empty">{connection.error}</div>)
} else {
  const store = createAppStore(connection.client)
  wireEvents(store, connection.client)
  void store.getState().loadSettings()
  root.render(
    <StrictMode>
      <AppContext.Provider value={{ store, client: connection.client }}>
        <App mode={connection.mode} />
      </AppContext.Provider>
    </StrictMode>,
  )
}
