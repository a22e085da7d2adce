// "Act on the source" for one integration: where Hookbell reaches the tool's API and with which credential,
// so that your acknowledge there becomes a silence in Alertmanager (README, "Act on the source"). The
// credential is write-only: the core says whether one is stored, never what it is, and a save that leaves
// the field empty keeps it, as long as the URL stays on the same host: a new one needs the credential again.
// The URL a delivery names is offered as a button, never filled in: the user chooses where the credential goes.
import { useState } from 'react'
import type { IntegrationView, SourceTestResult, SourceToolInfo } from '../../../../shared/model'
import { useApp, useClient } from '../../hooks/use-app'

export function SourceConnectionSettings({ integration: i, tool }: { integration: IntegrationView; tool: SourceToolInfo }) {
  const client = useClient()
  const say = useApp((s) => s.say)
  const loadSettings = useApp((s) => s.loadSettings)
  const [apiUrl, setApiUrl] = useState(i.source?.apiUrl ?? '')
  const [credential, setCredential] = useState('')
  const [user, setUser] = useState(i.source?.user ?? '')
  const [minutes, setMinutes] = useState(String(i.source?.silenceMinutes ?? 60))
  const [test, setTest] = useState<SourceTestResult | null>(null)
  const [testing, setTesting] = useState(false)
  const id = `source-${i.id}`
  const fields = tool.fields
  const suggestion = !apiUrl.trim() && tool.suggestedUrl ? tool.suggestedUrl : null
  // The core keeps the stored credential only for the same origin (source-connection.ts).
  const credentialAgain = Boolean(i.source?.hasCredential && apiUrl.trim() && originOf(apiUrl) !== originOf(i.source.apiUrl))

  const save = () =>
    client
      .call('integrations.setSourceConnection', {
        id: i.id,
        apiUrl: apiUrl.trim(),
        // Empty keeps the stored credential (write-only).
        credential: credential.trim() || undefined,
        user: fields.user ? user.trim() : undefined,
        silenceMinutes: tool.silences ? Number(minutes) : undefined,
      })
      .then(() => {
        setCredential('')
        return loadSettings()
      })
      .then(() => say('info', `${i.name} now acts on ${tool.name}.`))
      .catch((error: Error) => say('error', error.message))

  const runTest = () => {
    setTesting(true)
    setTest(null)
    void client
      .call('integrations.testSourceConnection', {
        id: i.id,
        apiUrl: apiUrl.trim() || undefined,
        credential: credential.trim() || undefined,
        user: fields.user ? user.trim() || undefined : undefined,
      })
      .then(setTest)
      .catch((error: Error) => setTest({ ok: false, status: null, message: error.message }))
      .finally(() => setTesting(false))
  }

  return (
    <details className="tool-settings">
      <summary>Act on the source{i.source ? ` (on: ${tool.name})` : ''}</summary>
      <p className="muted">
        Your acknowledge here {tool.silences ? `silences the alert in ${tool.name}` : `is sent to ${tool.name}`}; a
        teammate&apos;s acknowledge through the team relay is not sent again.
      </p>
      <form
        className="form"
        aria-label={`Act on the source for ${i.name}`}
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <label htmlFor={`${id}-url`}>{fields.apiUrl.label}</label>
        <input
          id={`${id}-url`}
          value={apiUrl}
          onChange={(e) => setApiUrl(e.target.value)}
          placeholder={fields.apiUrl.placeholder}
          aria-describedby={`${id}-url-help`}
          required
        />
        {suggestion ? (
          <button type="button" className="link" onClick={() => setApiUrl(suggestion)}>
            Use {suggestion} ({tool.suggestedFrom === 'delivery' ? 'from the latest delivery' : `${tool.name}'s default`})
          </button>
        ) : null}
        <p className="muted" id={`${id}-url-help`}>
          {fields.apiUrl.help}
        </p>
        <label htmlFor={`${id}-credential`}>{fields.credential.label}</label>
        <input
          id={`${id}-credential`}
          type="password"
          autoComplete="off"
          value={credential}
          onChange={(e) => setCredential(e.target.value)}
          placeholder={
            credentialAgain
              ? 'Needed again for a new API URL'
              : i.source?.hasCredential
                ? 'Set (leave empty to keep it)'
                : fields.credential.placeholder
          }
          aria-describedby={`${id}-credential-help`}
        />
        <p className="muted" id={`${id}-credential-help`}>
          {fields.credential.help}
        </p>
        {fields.user ? (
          <>
            <label htmlFor={`${id}-user`}>{fields.user.label}</label>
            <input
              id={`${id}-user`}
              value={user}
              onChange={(e) => setUser(e.target.value)}
              placeholder={fields.user.placeholder}
              aria-describedby={`${id}-user-help`}
              required
            />
            <p className="muted" id={`${id}-user-help`}>
              {fields.user.help}
            </p>
          </>
        ) : null}
        {tool.silences ? (
          <>
            <label htmlFor={`${id}-minutes`}>Silence minutes (extended while acknowledged)</label>
            <input
              id={`${id}-minutes`}
              type="number"
              min={5}
              max={10080}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
          </>
        ) : null}
        <div className="actions">
          <button type="submit" disabled={!apiUrl.trim()}>
            Save
          </button>
          <button type="button" onClick={runTest} disabled={testing || !apiUrl.trim()}>
            {testing ? 'Testing…' : 'Test connection'}
          </button>
          {i.source ? (
            <button
              type="button"
              onClick={() =>
                void client
                  .call('integrations.setSourceConnection', { id: i.id, clear: true })
                  .then(() => loadSettings())
                  .catch((error: Error) => say('error', error.message))
              }
            >
              Stop acting on {tool.name}
            </button>
          ) : null}
        </div>
        {test ? (
          <p className={test.ok ? 'muted' : 'rejection'} role="status" aria-label="Connection test">
            {test.ok ? 'Connected' : 'Failed'}
            {test.status !== null ? ` (${test.status})` : ''}: {test.message}
          </p>
        ) : null}
      </form>
    </details>
  )
}

/** The part of a URL a credential is bound to; null when it is not a URL yet (still being typed). */
function originOf(url: string): string | null {
  try {
    return new URL(url.trim()).origin
  } catch {
    return null
  }
}
