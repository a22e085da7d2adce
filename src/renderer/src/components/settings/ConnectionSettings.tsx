import { useState } from 'react'
import { useApp } from '../../hooks/use-app'
import { relativeTime } from '../../lib/format'

export function ConnectionSettings() {
  const prefs = useApp((s) => s.preferences)
  const status = useApp((s) => s.status)
  const update = useApp((s) => s.updatePreferences)
  const [url, setUrl] = useState(prefs?.relay.url ?? '')
  const [token, setToken] = useState('')
  const [port, setPort] = useState(String(prefs?.receiverPort ?? 7700))
  const [userName, setUserName] = useState(prefs?.userName ?? '')
  if (!prefs || !status) return <p>Loading…</p>
  return (
    <div className="settings-page">
      <section className="card">
        <h3>Receiver</h3>
        <p>
          <span className={`dot ${status.receiver.listening ? 'dot-ok' : 'dot-bad'}`} />{' '}
          {status.receiver.listening ? 'Listening' : 'Not listening'} on <code>{status.receiver.url}</code>
        </p>
        {status.receiver.error ? <p className="rejection">{status.receiver.error}</p> : null}
        <p className="muted">
          Providers post to /hooks/&lt;integration id&gt; on this address. The UI and API use a separate port.
        </p>
        <form
          className="form"
          aria-label="Receiver port setting"
          onSubmit={(e) => {
            e.preventDefault()
            void update({ receiverPort: Number(port) })
          }}
        >
          <label>
            Receiver port (desktop app; <code>hookbell serve</code> takes <code>--port</code>){' '}
            <input
              aria-label="Receiver port"
              inputMode="numeric"
              value={port}
              onChange={(e) => setPort(e.target.value.replace(/\D/g, ''))}
            />
          </label>
          <button type="submit" disabled={Number(port) === prefs.receiverPort || !(Number(port) >= 1 && Number(port) <= 65535)}>
            Move the receiver
          </button>
          <p className="muted">
            The receiver moves at once; give your tools the new URLs (or use the relay, which does not change).
          </p>
        </form>
      </section>
      <form
        className="card form"
        aria-label="Relay"
        onSubmit={(e) => {
          e.preventDefault()
          void update({
            // The stored token is never sent back to the UI: a blank field keeps it.
            relay: { url: url.trim() || null, ...(token ? { readToken: token } : {}), enabled: Boolean(url.trim()) },
          })
          setToken('')
        }}
      >
        <h3>Relay</h3>
        <p className="muted">
          When providers cannot reach this laptop, they post to a relay (<code>hookbell relay</code>) and Hookbell polls it. The
          relay keeps deliveries as they came and signatures are verified here; a bearer token or password (Alertmanager, Grafana
          without HMAC) is checked by the relay and removed, and such incidents say the relay vouched for them.
        </p>
        <p>
          Status: <strong data-testid="relay-state">{status.relay.state}</strong>
          {status.relay.lastDeliveryAt ? ` · last delivery ${relativeTime(status.relay.lastDeliveryAt, Date.now())}` : ''}
          {status.relay.lagMs !== null ? ` · lag ${status.relay.lagMs} ms` : ''}
          {status.relay.error ? <span className="rejection"> · {status.relay.error}</span> : null}
        </p>
        <label>
          Relay channel URL{' '}
          <input
            aria-label="Relay URL"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://relay.example.com/r/ch_…"
          />
        </label>
        <label>
          Read token {prefs.relay.hasReadToken ? '(saved; leave empty to keep)' : ''}
          <input
            aria-label="Relay read token"
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <label>
          Your name for teammates (on a team channel they see your reader’s name, and that your note says “
          {userName.trim() || prefs.userName}”)
          <input
            aria-label="Your name for teammates"
            value={userName}
            maxLength={100}
            onChange={(e) => setUserName(e.target.value)}
            onBlur={() => {
              if (userName.trim() && userName !== prefs.userName) void update({ userName: userName.trim() })
            }}
          />
        </label>
        <div className="actions">
          <button type="submit">Save relay</button>
          {prefs.relay.enabled ? (
            <button type="button" onClick={() => void update({ relay: { enabled: false } })}>
              Turn relay off
            </button>
          ) : null}
        </div>
      </form>
    </div>
  )
}
