import { useApp } from '../hooks/use-app'

/** A new user's first minute: from nothing to a first incident. */
export function EmptyState() {
  const integrations = useApp((s) => s.integrations)
  const show = useApp((s) => s.show)
  const filtered = useApp(
    (s) => s.filters.q !== '' || s.filters.severity.length > 0 || s.filters.integration.length > 0 || s.filters.kind.length > 0,
  )
  if (filtered) return <div className="empty">No incidents match these filters.</div>
  if (integrations.length > 0) {
    return (
      <div className="empty">
        <h2>All quiet</h2>
        <p>No open incidents. New ones appear here the moment they arrive.</p>
        <p className="muted">
          Want to see one? Run <code>hookbell send {integrations[0]!.provider}</code> in a terminal.
        </p>
      </div>
    )
  }
  return (
    <div className="empty">
      <h2>Your first incident in a minute</h2>
      <ol className="steps">
        <li>
          <button onClick={() => show('settings', 'integrations')}>Add an integration</button> for the tool that watches your app
          (AppSignal, Sentry, Checkly, Retrace, or any JSON webhook).
        </li>
        <li>Paste the receiver URL (and secret) it shows into that tool.</li>
        <li>
          Or try it right away: <code>hookbell send generic</code> sends a signed sample.
        </li>
      </ol>
    </div>
  )
}
