import type { IncidentDetail } from '../../../../shared/incident'
import { httpUrl } from '../../../../shared/url'
import { useApp } from '../../hooks/use-app'
import { parseLabels } from '../../../../shared/labels'

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}

export function PerformanceSection({ detail }: { detail: IncidentDetail }) {
  if (detail.durationMs === undefined) return null
  return (
    <section className="section" aria-labelledby="sec-performance">
      <h3 id="sec-performance">Performance</h3>
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
  )
}

export function CheckSection({ detail }: { detail: IncidentDetail }) {
  const check = detail.check
  if (!check) return null
  const link = httpUrl(check.resultLink)
  return (
    <section className="section" aria-labelledby="sec-check">
      <h3 id="sec-check">Check</h3>
      <dl className="facts">
        <Fact term="Check">{check.name}</Fact>
        {check.group ? <Fact term="Group">{check.group}</Fact> : null}
        {check.checkType ? <Fact term="Type">{check.checkType}</Fact> : null}
        {check.alertType ? <Fact term="Alert">{check.alertType}</Fact> : null}
        {check.location ? <Fact term="Location">{check.location}</Fact> : null}
        {check.responseTimeMs !== undefined && check.responseTimeMs !== null ? (
          <Fact term="Response time">{`${check.responseTimeMs} ms`}</Fact>
        ) : null}
        {check.statusCode ? <Fact term="Status">{`${check.statusCode} ${check.statusText ?? ''}`.trim()}</Fact> : null}
        {check.errorMessage ? <Fact term="Error">{check.errorMessage}</Fact> : null}
        {check.sslDaysRemaining !== undefined && check.sslDaysRemaining !== null ? (
          <Fact term="SSL">{`${check.sslDaysRemaining} days left${check.sslDomain ? ` for ${check.sslDomain}` : ''}`}</Fact>
        ) : null}
      </dl>
      {link ? (
        <a href={link} target="_blank" rel="noopener noreferrer">
          Check result
        </a>
      ) : null}
    </section>
  )
}

export function DeploySection({ detail }: { detail: IncidentDetail }) {
  if (!detail.deploy) return null
  return (
    <section className="section" aria-labelledby="sec-deploy">
      <h3 id="sec-deploy">Deploy</h3>
      <dl className="facts">
        <Fact term="Revision">{detail.deploy.revision}</Fact>
        {detail.deploy.user ? <Fact term="By">{detail.deploy.user}</Fact> : null}
        {detail.deploy.repository ? <Fact term="Repository">{detail.deploy.repository}</Fact> : null}
      </dl>
    </section>
  )
}

/** Labels (Alertmanager, Grafana) as chips: a click searches for that value. */
export function LabelChips({ labels }: { labels: Record<string, string> }) {
  const setFilters = useApp((s) => s.setFilters)
  const entries = Object.entries(labels)
  if (entries.length === 0) return null
  return (
    <ul className="label-chips" aria-label="Labels">
      {entries.map(([k, v]) => (
        <li key={k}>
          <button className="label-chip" title={`Show incidents with ${k}=${v}`} onClick={() => setFilters({ q: v })}>
            <span className="label-key">{k}</span>
            <span className="label-value">{v}</span>
          </button>
        </li>
      ))}
    </ul>
  )
}

export function FactsSection({ detail }: { detail: IncidentDetail }) {
  const facts = Object.entries(detail.facts ?? {}).filter(([k]) => k !== 'labels')
  const labels = parseLabels(detail.facts?.labels)
  if (facts.length === 0 && Object.keys(labels).length === 0) return null
  return (
    <section className="section" aria-labelledby="sec-facts">
      <h3 id="sec-facts">Details</h3>
      <LabelChips labels={labels} />
      {facts.length ? (
        <dl className="facts">
          {facts.map(([k, v]) => (
            <Fact key={k} term={k}>
              {v}
            </Fact>
          ))}
        </dl>
      ) : null}
    </section>
  )
}
