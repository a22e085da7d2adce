import { useEffect, useState } from 'react'
import {
  TARGET_EVENTS,
  type ForwardTestResult,
  type ForwardView,
  type TargetInput,
  type TargetView,
  type TemplatePreview,
} from '../../../../shared/target'
import { useApp, useClient } from '../../hooks/use-app'
import { CopyButton } from '../CopyButton'

const EMPTY: TargetInput = {
  name: '',
  url: '',
  events: ['incident.forwarded'],
  signing: 'none',
  template: '',
  contentType: 'application/json',
  headers: {},
  secrets: {},
}

export function TargetsSettings() {
  const targets = useApp((s) => s.targets)
  const client = useClient()
  const [editing, setEditing] = useState<{ id: string | null; input: TargetInput } | null>(null)
  // A signing secret Hookbell made for a target: shown here once, as a new integration's secret is.
  const [made, setMade] = useState<{ name: string; secret: string } | null>(null)
  const [failed, setFailed] = useState<ForwardView[]>([])
  const refreshFailed = () =>
    void client
      .call('forwards.failed', {})
      .then(setFailed)
      .catch(() => undefined)
  useEffect(refreshFailed, [client])

  return (
    <div className="settings-page">
      {editing ? (
        <TargetEditor
          key={editing.id ?? 'new'}
          id={editing.id}
          initial={editing.input}
          onDone={(saved) => {
            setEditing(null)
            if (saved?.newSecret) setMade({ name: saved.name, secret: saved.newSecret })
          }}
        />
      ) : (
        <button onClick={() => setEditing({ id: null, input: EMPTY })}>Add forward target</button>
      )}
      {made ? (
        <section className="card created" aria-label="New signing secret">
          <h3>Signing secret for {made.name}</h3>
          <p className="muted">
            Shown once. Give it to the receiver: it verifies each forward&apos;s webhook-signature header with it (Standard
            Webhooks).
          </p>
          <div className="field">
            <span className="field-label">Secret</span>
            <code className="field-value">{made.secret}</code>
            <CopyButton text={made.secret} />
          </div>
          <button onClick={() => setMade(null)}>Done</button>
        </section>
      ) : null}
      <h3>Targets</h3>
      {targets.length === 0 ? (
        <p className="muted">
          No targets. A target receives incidents you forward (by hand or by rule), signed and retried until delivered.
        </p>
      ) : null}
      <ul className="cards">
        {targets.map((t) => (
          <TargetCard
            key={t.id}
            target={t}
            onEdit={() =>
              setEditing({
                id: t.id,
                input: {
                  ...t,
                  secret: undefined,
                  secrets: Object.fromEntries(t.secretNames.map((n) => [n, ''])),
                  preset: t.preset ?? undefined,
                },
              })
            }
          />
        ))}
      </ul>
      <h3>Failed forwards</h3>
      {failed.length === 0 ? <p className="muted">Nothing failed.</p> : null}
      <ul className="cards">
        {failed.map((f) => (
          <li key={f.id} className="card">
            <strong>{f.targetName}</strong> · {f.event} · {f.attempts} attempt(s) ·{' '}
            <ErrorText text={f.lastError ?? `HTTP ${f.lastStatus}`} />
            <button className="small" onClick={() => void client.call('forwards.retry', { id: f.id }).then(refreshFailed)}>
              Retry now
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

function TargetCard({ target, onEdit }: { target: TargetView; onEdit: () => void }) {
  const client = useClient()
  const say = useApp((s) => s.say)
  const loadSettings = useApp((s) => s.loadSettings)
  const [result, setResult] = useState<ForwardTestResult | null>(null)
  const run = (work: Promise<unknown>) =>
    void work.then(() => loadSettings()).catch((error: Error) => say('error', error.message))
  return (
    <li className="card" aria-label={`Target ${target.name}`}>
      <div className="card-head">
        <strong>{target.name}</strong> {target.preset ? <span className="pill">{target.preset}</span> : null}{' '}
        <span className="pill">{target.signing}</span>
        {!target.enabled ? <span className="pill warn">disabled</span> : null}
      </div>
      <p className="muted">{target.url}</p>
      <p className="muted">Sends: {target.events.join(', ') || 'nothing automatically'}</p>
      {target.disabledReason ? <p className="rejection">{target.disabledReason}</p> : null}
      <div className="actions">
        <button
          onClick={() =>
            void client
              .call('targets.test', { id: target.id })
              .then(setResult)
              .catch((e: Error) => say('error', e.message))
          }
        >
          Test
        </button>
        <button onClick={onEdit}>Edit</button>
        <button onClick={() => run(client.call('targets.update', { id: target.id, enabled: !target.enabled }))}>
          {target.enabled ? 'Disable' : 'Enable'}
        </button>
        <button
          className="danger"
          onClick={() => window.confirm(`Delete ${target.name}?`) && run(client.call('targets.delete', { id: target.id }))}
        >
          Delete
        </button>
      </div>
      {result ? (
        <p className={result.ok ? 'ok' : 'rejection'} role="status" data-testid="target-test-result">
          {result.ok ? 'Delivered' : 'Failed'}: {result.status ?? 'no answer'} in {result.latencyMs} ms
          {result.error ? ` — ${result.error}` : ''}
          {result.bodyExcerpt ? <code className="excerpt">{result.bodyExcerpt}</code> : null}
        </p>
      ) : null}
    </li>
  )
}

/** "Name: value" lines; lines without a colon are ignored until they have one. */
/**
 * A render error as the core wrote it. A template error points at its spot ("line 2, column 28", the line,
 * a caret under it): kept preformatted, so the caret stays under the spot; scrolls rather than wraps.
 */
export function ErrorText({ text }: { text: string }) {
  if (!text.includes('\n')) return <span className="rejection">{text}</span>
  return (
    <pre className="code rejection template-error" tabIndex={0} data-testid="template-error">
      {text}
    </pre>
  )
}

export function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const at = line.indexOf(':')
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  return out
}

function TargetEditor({
  id,
  initial,
  onDone,
}: {
  id: string | null
  initial: TargetInput
  onDone: (saved?: TargetView) => void
}) {
  const client = useClient()
  const say = useApp((s) => s.say)
  const loadSettings = useApp((s) => s.loadSettings)
  const selectedId = useApp((s) => s.selectedId)
  const [input, setInput] = useState<TargetInput>(initial)
  const [presets, setPresets] = useState<TargetInput[]>([])
  const [preview, setPreview] = useState<TemplatePreview | null>(null)
  useEffect(
    () =>
      void client
        .call('targets.presets', {})
        .then(setPresets)
        .catch(() => undefined),
    [client],
  )

  // Live preview against the incident selected in the list (or a sample), debounced.
  useEffect(() => {
    const timer = setTimeout(() => {
      void client
        .call('targets.preview', {
          target: { ...input, name: input.name || 'preview', url: input.url || 'https://example.com' },
          incidentId: selectedId ?? undefined,
        })
        .then(setPreview)
        .catch(() => undefined)
    }, 250)
    return () => clearTimeout(timer)
  }, [client, input, selectedId])

  const set = (change: Partial<TargetInput>) => setInput((current) => ({ ...current, ...change }))
  return (
    <form
      className="card form"
      aria-label="Forward target"
      onSubmit={(e) => {
        e.preventDefault()
        const work = id ? client.call('targets.update', { id, ...input }) : client.call('targets.create', input)
        void work
          .then(async (saved) => {
            await loadSettings()
            onDone(saved)
          })
          .catch((error: Error) => say('error', error.message))
      }}
    >
      <h3>{id ? 'Edit target' : 'New forward target'}</h3>
      {!id ? (
        <label>
          Start from
          <select
            aria-label="Preset"
            value={input.preset ?? ''}
            onChange={(e) =>
              set({ ...(presets.find((p) => p.preset === e.target.value) ?? EMPTY), preset: e.target.value || undefined })
            }
          >
            <option value="">Plain webhook (default JSON body)</option>
            {presets.map((p) => (
              <option key={p.preset} value={p.preset}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        Name <input aria-label="Target name" value={input.name} onChange={(e) => set({ name: e.target.value })} required />
      </label>
      <label>
        URL{' '}
        <input
          aria-label="Target URL"
          value={input.url}
          onChange={(e) => set({ url: e.target.value })}
          required
          placeholder="https://…"
        />
      </label>
      {input.url.includes('***@') || input.url.includes(':***') ? (
        <p className="muted">*** stands for the saved user name or password in the URL: leave it to keep them.</p>
      ) : null}
      <fieldset>
        <legend>Send automatically on</legend>
        {TARGET_EVENTS.filter((e) => e !== 'incident.forwarded').map((event) => (
          <label key={event} className="inline">
            <input
              type="checkbox"
              checked={input.events?.includes(event) ?? false}
              onChange={(e) =>
                set({
                  events: e.target.checked ? [...(input.events ?? []), event] : (input.events ?? []).filter((x) => x !== event),
                })
              }
            />
            {event}
          </label>
        ))}
      </fieldset>
      <label>
        Signing
        <select
          aria-label="Signing"
          value={input.signing ?? 'none'}
          onChange={(e) => set({ signing: e.target.value as TargetInput['signing'] })}
        >
          <option value="none">None</option>
          <option value="hmac-sha256">X-Webhook-Signature: sha256=HMAC</option>
          <option value="standard-webhooks">Standard Webhooks (whsec_…)</option>
        </select>
      </label>
      {input.signing && input.signing !== 'none' ? (
        <label>
          Signing secret{' '}
          {id ? '(leave empty to keep)' : input.signing === 'standard-webhooks' ? '(leave empty and Hookbell makes one)' : ''}
          <input
            aria-label="Signing secret"
            type="password"
            autoComplete="off"
            value={input.secret ?? ''}
            onChange={(e) => set({ secret: e.target.value })}
          />
        </label>
      ) : null}
      {Object.keys(input.secrets ?? {}).map((name) => (
        <label key={name}>
          {name} {id ? '(leave empty to keep)' : ''}
          <input
            aria-label={name}
            type="password"
            autoComplete="off"
            value={input.secrets?.[name] ?? ''}
            onChange={(e) => set({ secrets: { ...input.secrets, [name]: e.target.value } })}
          />
        </label>
      ))}
      <label>
        Extra headers, one per line (values may use {'{{secret "NAME"}}'})
        <textarea
          aria-label="Extra headers"
          rows={3}
          spellCheck={false}
          placeholder="Authorization: Bearer {{secret 'TOKEN'}}"
          defaultValue={Object.entries(input.headers ?? {})
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n')}
          onChange={(e) => set({ headers: parseHeaders(e.target.value) })}
        />
      </label>
      <label>
        Body template (Handlebars; empty for the default JSON body)
        <textarea
          aria-label="Body template"
          rows={10}
          spellCheck={false}
          value={input.template ?? ''}
          onChange={(e) => set({ template: e.target.value })}
        />
      </label>
      <div className="preview" aria-label="Preview">
        <h4>Preview {selectedId ? '(selected incident)' : '(sample incident)'}</h4>
        {preview?.ok ? <pre className="code">{preview.body}</pre> : <ErrorText text={preview?.error ?? '…'} />}
      </div>
      <div className="actions">
        <button type="submit">{id ? 'Save' : 'Add target'}</button>
        <button type="button" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  )
}
