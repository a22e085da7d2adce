import { useState } from 'react'
import type { CurlExample as Curl, IntegrationCreated, IntegrationView, ProviderInfo } from '../../../../shared/model'
import { useApp, useClient } from '../../hooks/use-app'
import { useNow } from '../../hooks/use-now'
import { relativeTime } from '../../lib/format'
import { CopyButton } from '../CopyButton'
import { AnswerTimesLine, IntegrationToolSettings } from './IntegrationToolSettings'
import { SourceConnectionSettings } from './SourceConnectionSettings'

export function IntegrationsSettings() {
  const integrations = useApp((s) => s.integrations)
  const providers = useApp((s) => s.providers)
  const [created, setCreated] = useState<IntegrationCreated | null>(null)
  return (
    <div className="settings-page">
      <AddIntegration providers={providers} onCreated={setCreated} />
      {created ? (
        <CreatedCard
          created={created}
          provider={providers.find((p) => p.id === created.integration.provider)}
          onClose={() => setCreated(null)}
        />
      ) : null}
      <h3>Your integrations</h3>
      {integrations.length === 0 ? <p className="muted">None yet. Add one above; it takes a minute.</p> : null}
      <ul className="cards">
        {integrations.map((i) => (
          <IntegrationCard
            key={i.id}
            integration={i}
            provider={providers.find((p) => p.id === i.provider)}
            onSecret={setCreated}
          />
        ))}
      </ul>
    </div>
  )
}

function AddIntegration({ providers, onCreated }: { providers: ProviderInfo[]; onCreated: (c: IntegrationCreated) => void }) {
  const client = useClient()
  const say = useApp((s) => s.say)
  const loadSettings = useApp((s) => s.loadSettings)
  const [provider, setProvider] = useState('')
  const [name, setName] = useState('')
  const [secret, setSecret] = useState('')
  const info = providers.find((p) => p.id === provider)
  return (
    <form
      className="card form"
      aria-label="Add integration"
      onSubmit={(e) => {
        e.preventDefault()
        void client
          .call('integrations.create', { provider, name: name || undefined, secret: secret || undefined })
          .then((c) => {
            onCreated(c)
            setName('')
            setSecret('')
            return loadSettings()
          })
          .catch((error: Error) => say('error', error.message))
      }}
    >
      <h3>Add an integration</h3>
      <label>
        Provider
        <select value={provider} onChange={(e) => setProvider(e.target.value)} required aria-label="Provider">
          <option value="">Choose…</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={info?.name ?? 'e.g. Checkout API'}
          aria-label="Name"
        />
      </label>
      {info && info.secret !== 'none' ? (
        <label>
          {info.secret === 'provider-generated'
            ? `Secret from ${info.name} (you can paste it later)`
            : 'Secret (leave empty and Hookbell makes a strong one)'}
          <input
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            type="password"
            autoComplete="off"
            aria-label="Secret"
          />
        </label>
      ) : null}
      {info?.secret === 'none' ? (
        <p className="muted">{info.name} cannot sign deliveries: the receiver URL itself is the secret. Keep it private.</p>
      ) : null}
      <button type="submit" disabled={!provider}>
        Add
      </button>
    </form>
  )
}

function CreatedCard({
  created,
  provider,
  onClose,
}: {
  created: IntegrationCreated
  provider: ProviderInfo | undefined
  onClose: () => void
}) {
  const i = created.integration
  const sendCommand = `hookbell send ${i.provider}`
  return (
    <section className="card created" aria-label="New integration">
      <h3>{i.name} is ready</h3>
      <Field label="Receiver URL" value={i.receiverUrl} />
      {i.relayUrl ? <Field label="Relay URL (when this laptop is unreachable)" value={i.relayUrl} /> : null}
      {created.secret ? <Field label="Secret (shown once)" value={created.secret} /> : null}
      {provider ? (
        <>
          <h4>In {provider.name}</h4>
          <ol className="steps">
            {i.setup.map((step, n) => (
              <li key={n}>{step}</li>
            ))}
          </ol>
          {provider.template ? (
            <>
              <h4>Body template to paste</h4>
              <pre className="code">{provider.template}</pre>
              <CopyButton text={provider.template} label="Copy template" />
            </>
          ) : null}
        </>
      ) : null}
      <h4>Try it now</h4>
      <Field label="Send a signed sample" value={sendCommand} />
      {provider?.curl ? <CurlExample example={provider.curl} url={i.receiverUrl} secret={created.secret} /> : null}
      <button onClick={onClose}>Done</button>
    </section>
  )
}

/** The provider's own hand-sent delivery (ProviderInfo.curl), signed with this integration's secret. */
function CurlExample({ example, url, secret }: { example: Curl; url: string; secret: string | null }) {
  const sign = secret
    ? ` \\
  -H "${example.signatureHeader}: ${example.signaturePrefix}$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac '${secret}' | sed 's/.* //')"`
    : ''
  const text = `BODY='${example.body}'
curl -X POST '${url}' \\
  -H 'Content-Type: application/json'${sign} \\
  -d "$BODY"`
  return (
    <>
      <pre className="code">{text}</pre>
      <CopyButton text={text} label="Copy curl" />
    </>
  )
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      <code className="field-value">{value}</code>
      <CopyButton text={value} />
    </div>
  )
}

function IntegrationCard({
  integration: i,
  provider,
  onSecret,
}: {
  integration: IntegrationView
  provider: ProviderInfo | undefined
  onSecret: (c: IntegrationCreated) => void
}) {
  const client = useClient()
  const say = useApp((s) => s.say)
  const loadSettings = useApp((s) => s.loadSettings)
  const now = useNow()
  const [name, setName] = useState(i.name)
  const run = (work: Promise<unknown>) =>
    void work.then(() => loadSettings()).catch((error: Error) => say('error', error.message))
  return (
    <li className="card" aria-label={`Integration ${i.name}`}>
      <div className="card-head">
        <input className="name-input" aria-label={`Name of ${i.name}`} value={name} onChange={(e) => setName(e.target.value)} />
        <span className="pill">{provider?.name ?? i.provider}</span>
        {name !== i.name && name.trim() ? (
          <button onClick={() => run(client.call('integrations.update', { id: i.id, name: name.trim() }))}>Rename</button>
        ) : null}
      </div>
      <Field label="Receiver URL" value={i.receiverUrl} />
      {i.relayUrl ? <Field label="Relay URL" value={i.relayUrl} /> : null}
      <p className="muted">
        {i.lastDelivery
          ? `Last delivery ${relativeTime(i.lastDelivery.at, now)}: ${i.lastDelivery.outcome}`
          : 'No deliveries yet.'}
        {provider?.secret !== 'none' ? ` · ${i.secretCount} secret${i.secretCount === 1 ? '' : 's'}` : ''}
      </p>
      <AnswerTimesLine times={i.answerTimes} />
      {provider ? <IntegrationToolSettings integration={i} provider={provider} /> : null}
      {i.sourceTool ? <SourceConnectionSettings integration={i} tool={i.sourceTool} /> : null}
      {i.lastRejection ? (
        <p className="rejection" role="status">
          Last rejection ({relativeTime(i.lastRejection.at, now)}): {i.lastRejection.reason}
        </p>
      ) : null}
      <div className="actions">
        {provider?.secret === 'user-chosen' ? (
          <button onClick={() => run(client.call('integrations.update', { id: i.id, rotateSecret: true }).then(onSecret))}>
            Rotate secret
          </button>
        ) : null}
        {provider?.secret === 'provider-generated' ? (
          <ToolSecret
            integration={i}
            provider={provider}
            save={(secret) => run(client.call('integrations.update', { id: i.id, secret }))}
          />
        ) : null}
        <button
          onClick={() =>
            run(
              client
                .call('integrations.sendTest', { id: i.id })
                .then((t) =>
                  t.outcome === 'rejected'
                    ? say('error', `Test delivery refused (${t.status}): ${t.reason ?? 'no reason given'}`)
                    : say('info', `Test delivery "${t.sample}" ${t.outcome}.`),
                ),
            )
          }
        >
          Send test delivery
        </button>
        {i.secretCount > 1 ? (
          <button onClick={() => run(client.call('integrations.update', { id: i.id, dropOldSecrets: true }))}>
            Drop old secrets
          </button>
        ) : null}
        <button
          className="danger"
          onClick={() => {
            if (window.confirm(`Delete ${i.name}? Deliveries to its URL will be refused; its incidents stay.`))
              run(client.call('integrations.delete', { id: i.id }))
          }}
        >
          Delete
        </button>
      </div>
    </li>
  )
}

/**
 * The secret the tool made (AppSignal's token, Sentry's client secret): pasted here once. Once one is stored
 * the card says so and offers to replace it, rather than asking for it again as if none were set.
 */
function ToolSecret({
  integration: i,
  provider,
  save,
}: {
  integration: IntegrationView
  provider: ProviderInfo
  save: (secret: string) => void
}) {
  const [pasted, setPasted] = useState('')
  const [replacing, setReplacing] = useState(false)
  if (i.secretCount > 0 && !replacing)
    return (
      <>
        <span className="secret-set">{provider.name} secret set</span>
        <button onClick={() => setReplacing(true)}>Replace secret</button>
      </>
    )
  const replace = i.secretCount > 0
  return (
    <>
      <input
        value={pasted}
        onChange={(e) => setPasted(e.target.value)}
        type="password"
        placeholder={replace ? `Paste the new ${provider.name} secret` : `Paste ${provider.name} secret`}
        aria-label={`Secret for ${i.name}`}
      />
      <button
        disabled={!pasted}
        onClick={() => {
          save(pasted)
          setPasted('')
          setReplacing(false)
        }}
      >
        Save secret
      </button>
      {replace ? <button onClick={() => (setPasted(''), setReplacing(false))}>Cancel</button> : null}
    </>
  )
}
