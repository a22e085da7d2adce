// One integration's tool-side settings (what the user changed in Grafana or Alertmanager), the setup steps
// with those values filled in, and how fast Hookbell answered its deliveries over the last day.
import { useState } from 'react'
import type { AnswerTimes, IntegrationOptions, IntegrationView, ProviderInfo } from '../../../../shared/model'
import { useApp, useClient } from '../../hooks/use-app'

type TimestampChoice = 'default' | 'none' | 'custom'

export function IntegrationToolSettings({ integration: i, provider }: { integration: IntegrationView; provider: ProviderInfo }) {
  const client = useClient()
  const say = useApp((s) => s.say)
  const loadSettings = useApp((s) => s.loadSettings)
  const has = (name: keyof IntegrationOptions) => provider.options.includes(name)
  const [authScheme, setAuthScheme] = useState(i.options.authScheme ?? '')
  const [signatureHeader, setSignatureHeader] = useState(i.options.signatureHeader ?? '')
  const [tsChoice, setTsChoice] = useState<TimestampChoice>(
    i.options.timestampHeader === null ? 'none' : i.options.timestampHeader ? 'custom' : 'default',
  )
  const [tsHeader, setTsHeader] = useState(i.options.timestampHeader ?? '')
  const [payload, setPayload] = useState(i.options.payload ?? 'native')

  function options(): IntegrationOptions {
    const next: IntegrationOptions = {}
    if (has('authScheme') && authScheme.trim()) next.authScheme = authScheme.trim()
    if (has('signatureHeader') && signatureHeader.trim()) next.signatureHeader = signatureHeader.trim()
    if (has('timestampHeader') && tsChoice === 'none') next.timestampHeader = null
    if (has('timestampHeader') && tsChoice === 'custom' && tsHeader.trim()) next.timestampHeader = tsHeader.trim()
    if (has('payload') && payload === 'generic') next.payload = 'generic'
    return next
  }

  return (
    <details className="tool-settings">
      <summary>Tool settings and setup steps</summary>
      {provider.options.length > 0 ? (
        <form
          className="form"
          aria-label={`Tool settings for ${i.name}`}
          onSubmit={(e) => {
            e.preventDefault()
            void client
              .call('integrations.update', { id: i.id, options: options() })
              .then(() => loadSettings())
              .then(() => say('info', `Saved ${provider.name} settings for ${i.name}.`))
              .catch((error: Error) => say('error', error.message))
          }}
        >
          {has('signatureHeader') ? (
            <label>
              HMAC signature header (as in {provider.name})
              <input
                value={signatureHeader}
                onChange={(e) => setSignatureHeader(e.target.value)}
                placeholder="X-Grafana-Alerting-Signature"
                aria-label="Signature header"
              />
            </label>
          ) : null}
          {has('timestampHeader') ? (
            <label>
              HMAC timestamp header
              <select
                value={tsChoice}
                onChange={(e) => setTsChoice(e.target.value as TimestampChoice)}
                aria-label="Timestamp header"
              >
                <option value="default">X-Grafana-Alerting-Timestamp, when sent</option>
                <option value="none">None (left blank in {provider.name})</option>
                <option value="custom">Another name…</option>
              </select>
              {tsChoice === 'custom' ? (
                <input
                  value={tsHeader}
                  onChange={(e) => setTsHeader(e.target.value)}
                  placeholder="X-Timestamp"
                  aria-label="Timestamp header name"
                />
              ) : null}
            </label>
          ) : null}
          {has('authScheme') ? (
            <label>
              Authorization scheme
              <input
                value={authScheme}
                onChange={(e) => setAuthScheme(e.target.value)}
                placeholder="Bearer"
                aria-label="Authorization scheme"
              />
            </label>
          ) : null}
          {has('payload') ? (
            <label>
              Payload
              <select value={payload} onChange={(e) => setPayload(e.target.value as 'native' | 'generic')} aria-label="Payload">
                <option value="native">{provider.name}&apos;s own body</option>
                <option value="generic">Custom payload template (generic fields)</option>
              </select>
            </label>
          ) : null}
          <button type="submit">Save tool settings</button>
        </form>
      ) : null}
      <h4>In {provider.name}</h4>
      <ol className="steps">
        {i.setup.map((step, n) => (
          <li key={n}>{step}</li>
        ))}
      </ol>
    </details>
  )
}

/** "Answers: p50 3 ms, p99 40 ms (120 in the last day)", with a warning near the tool's own limit. */
export function AnswerTimesLine({ times }: { times: AnswerTimes | null }) {
  if (!times) return null
  return (
    <>
      <p className="muted" aria-label="Answer times">
        Answers: p50 {times.p50Ms} ms, p99 {times.p99Ms} ms ({times.count} in the last day
        {times.limitMs ? `; limit ${times.limitMs / 1000} s` : ''})
      </p>
      {times.warning ? (
        <p className="rejection" role="alert">
          {times.warning}
        </p>
      ) : null}
    </>
  )
}
