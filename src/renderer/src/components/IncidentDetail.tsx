import { useState } from 'react'
import type { IncidentDetail as Detail } from '../../../shared/incident'
import { useApp } from '../hooks/use-app'
import { useNow } from '../hooks/use-now'
import { httpUrl } from '../../../shared/url'
import { absoluteTime, providerName, relativeTime, toMarkdown } from '../lib/format'
import { CopyButton } from './CopyButton'
import { ExceptionView } from './detail/ExceptionView'
import { JsonTree } from './detail/JsonTree'
import { MetricView } from './detail/MetricView'
import { SeverityBadge, StatusBadge } from './SeverityBadge'

export const SNOOZE_CHOICES: { label: string; minutes: number }[] = [
  { label: '1 hour', minutes: 60 },
  { label: '4 hours', minutes: 240 },
  { label: '1 day', minutes: 1440 },
]

export function IncidentDetail() {
  const detail = useApp((s) => s.detail)
  const selectedId = useApp((s) => s.selectedId)
  if (!selectedId) return <div className="detail empty-detail">Select an incident (j/k to move, Enter to open).</div>
  if (!detail) return <div className="detail empty-detail">Loading…</div>
  return <DetailBody detail={detail} />
}

function DetailBody({ detail }: { detail: Detail }) {
  const now = useNow()
  const act = useApp((s) => s.act)
  const snooze = useApp((s) => s.snooze)
  const forward = useApp((s) => s.forward)
  const targets = useApp((s) => s.targets)
  const source = useApp((s) => s.integrations.find((i) => i.id === detail.integrationId)?.name)
  const [menu, setMenu] = useState<'snooze' | 'forward' | null>(null)
  const href = httpUrl(detail.url)
  const snoozed = detail.snoozedUntil !== null && Date.parse(detail.snoozedUntil) > now

  return (
    <article className="detail" aria-label="Incident detail">
      <header className="detail-head">
        <div className="detail-badges">
          <SeverityBadge severity={detail.severity} />
          <StatusBadge status={detail.status} snoozed={snoozed} />
          <span className="pill">{detail.kind}</span>
        </div>
        <h2 className="detail-title">{detail.title}</h2>
        <p className="muted">
          {source ?? providerName(detail.provider)}
          {detail.app ? ` · ${detail.app}` : ''}
          {detail.environment ? ` · ${detail.environment}` : ''} · ×{detail.occurrences} · first{' '}
          {relativeTime(detail.firstSeenAt, now)} · last {relativeTime(detail.lastSeenAt, now)}
        </p>
        {detail.afterDeploy ? (
          <p className="after-deploy">
            After deploy <strong>{detail.afterDeploy.revision}</strong>
            {detail.afterDeploy.user ? ` by ${detail.afterDeploy.user}` : ''} (
            {relativeTime(new Date(detail.afterDeploy.at).toISOString(), now)})
          </p>
        ) : null}
        {snoozed ? <p className="muted">Snoozed until {absoluteTime(detail.snoozedUntil)}</p> : null}
        <div className="actions">
          {detail.status === 'open' ? <button onClick={() => void act('acknowledge', detail.id)}>Acknowledge</button> : null}
          {detail.status !== 'resolved' ? (
            <button onClick={() => void act('resolve', detail.id)}>Resolve</button>
          ) : (
            <button onClick={() => void act('reopen', detail.id)}>Reopen</button>
          )}
          <div className="menu-wrap">
            <button
              aria-haspopup="menu"
              aria-expanded={menu === 'snooze'}
              onClick={() => setMenu(menu === 'snooze' ? null : 'snooze')}
            >
              Snooze ▸
            </button>
            {menu === 'snooze' ? (
              <div className="menu" role="menu">
                {SNOOZE_CHOICES.map((c) => (
                  <button
                    role="menuitem"
                    key={c.minutes}
                    onClick={() => {
                      setMenu(null)
                      void snooze(detail.id, new Date(Date.now() + c.minutes * 60_000).toISOString())
                    }}
                  >
                    {c.label}
                  </button>
                ))}
                {snoozed ? (
                  <button
                    role="menuitem"
                    onClick={() => {
                      setMenu(null)
                      void snooze(detail.id, null)
                    }}
                  >
                    Clear snooze
                  </button>
                ) : null}
              </div>
            ) : null}
          </div>
          <div className="menu-wrap">
            <button
              aria-haspopup="menu"
              aria-expanded={menu === 'forward'}
              onClick={() => setMenu(menu === 'forward' ? null : 'forward')}
            >
              Forward to ▸
            </button>
            {menu === 'forward' ? (
              <div className="menu" role="menu">
                {targets.filter((t) => t.enabled).length === 0 ? (
                  <span className="muted menu-note">No forward targets yet: add one in Settings → Forwarding.</span>
                ) : null}
                {targets
                  .filter((t) => t.enabled)
                  .map((t) => (
                    <button
                      role="menuitem"
                      key={t.id}
                      onClick={() => {
                        setMenu(null)
                        void forward(detail.id, t.id)
                      }}
                    >
                      {t.name}
                    </button>
                  ))}
              </div>
            ) : null}
          </div>
          <CopyButton text={toMarkdown(detail)} label="Copy as Markdown" />
          {href ? (
            <a className="button" href={href} target="_blank" rel="noopener noreferrer">
              Open in {providerName(detail.provider)}
            </a>
          ) : null}
        </div>
      </header>

      {detail.exception ? <ExceptionView exception={detail.exception} /> : null}
      {detail.durationMs !== undefined ? (
        <section className="section" aria-label="Performance">
          <h3>Performance</h3>
          <p className="duration">
            <strong data-testid="duration">{Math.round(detail.durationMs).toLocaleString('en-US')} ms</strong>
            {detail.facts?.action ? (
              <>
                {' '}
                in <code>{detail.facts.action}</code>
              </>
            ) : null}
            {detail.facts?.path ? <> · {detail.facts.path}</> : null}
            {detail.facts?.hostname ? <> · on {detail.facts.hostname}</> : null}
          </p>
        </section>
      ) : null}
      {detail.metric ? <MetricView metric={detail.metric} /> : null}
      {detail.check ? (
        <section className="section" aria-label="Check">
          <h3>Check</h3>
          <dl className="facts">
            <dt>Check</dt>
            <dd>{detail.check.name}</dd>
            {detail.check.checkType ? (
              <>
                <dt>Type</dt>
                <dd>{detail.check.checkType}</dd>
              </>
            ) : null}
            {detail.check.alertType ? (
              <>
                <dt>Alert</dt>
                <dd>{detail.check.alertType}</dd>
              </>
            ) : null}
            {detail.check.location ? (
              <>
                <dt>Location</dt>
                <dd>{detail.check.location}</dd>
              </>
            ) : null}
            {detail.check.responseTimeMs !== undefined && detail.check.responseTimeMs !== null ? (
              <>
                <dt>Response time</dt>
                <dd>{detail.check.responseTimeMs} ms</dd>
              </>
            ) : null}
            {detail.check.statusCode ? (
              <>
                <dt>Status</dt>
                <dd>
                  {detail.check.statusCode} {detail.check.statusText ?? ''}
                </dd>
              </>
            ) : null}
            {detail.check.errorMessage ? (
              <>
                <dt>Error</dt>
                <dd>{detail.check.errorMessage}</dd>
              </>
            ) : null}
            {detail.check.sslDaysRemaining !== undefined && detail.check.sslDaysRemaining !== null ? (
              <>
                <dt>SSL</dt>
                <dd>
                  {detail.check.sslDaysRemaining} days left{detail.check.sslDomain ? ` for ${detail.check.sslDomain}` : ''}
                </dd>
              </>
            ) : null}
          </dl>
          {httpUrl(detail.check.resultLink) ? (
            <a href={httpUrl(detail.check.resultLink)!} target="_blank" rel="noopener noreferrer">
              Check result
            </a>
          ) : null}
        </section>
      ) : null}
      {detail.deploy ? (
        <section className="section" aria-label="Deploy">
          <h3>Deploy</h3>
          <dl className="facts">
            <dt>Revision</dt>
            <dd>{detail.deploy.revision}</dd>
            {detail.deploy.user ? (
              <>
                <dt>By</dt>
                <dd>{detail.deploy.user}</dd>
              </>
            ) : null}
            {detail.deploy.repository ? (
              <>
                <dt>Repository</dt>
                <dd>{detail.deploy.repository}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      {detail.facts && Object.keys(detail.facts).length > 0 ? (
        <section className="section" aria-label="Facts">
          <h3>Details</h3>
          <dl className="facts">
            {Object.entries(detail.facts).map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      <section className="section" aria-label="Timeline">
        <h3>Timeline</h3>
        <ol className="timeline">
          {[...detail.timeline].reverse().map((t) => (
            <li key={t.id} className={`tl tl-${t.type}`}>
              <time dateTime={t.at} title={absoluteTime(t.at)}>
                {relativeTime(t.at, now)}
              </time>{' '}
              <span>{t.text}</span>
              {t.count && t.count > 1 ? <span className="muted"> ×{t.count}</span> : null}
            </li>
          ))}
        </ol>
      </section>

      {detail.raw ? (
        <section className="section" aria-label="Raw delivery">
          <details>
            <summary>
              <h3 className="inline">Raw payload and headers</h3>
            </summary>
            <h4>Headers</h4>
            <dl className="facts mono">
              {Object.entries(detail.raw.headers).map(([k, v]) => (
                <div key={k} className="fact">
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
            <h4>Body</h4>
            <JsonTree value={detail.raw.body} />
          </details>
        </section>
      ) : null}
    </article>
  )
}
