import type { IncidentDetail as Detail } from '../../../shared/incident'
import { describeProvenance } from '../../../shared/provenance'
import { httpUrl } from '../../../shared/url'
import { useApp } from '../hooks/use-app'
import { useNow } from '../hooks/use-now'
import { absoluteTime, providerName, relativeTime, toMarkdown } from '../lib/format'
import { SNOOZE_CHOICES } from '../lib/snooze'
import { CopyButton } from './CopyButton'
import { ExceptionView } from './detail/ExceptionView'
import { CheckSection, DeploySection, FactsSection, PerformanceSection } from './detail/FactSections'
import { JsonTree } from './detail/JsonTree'
import { MetricView } from './detail/MetricView'
import { SourceActionsSection } from './detail/SourceActions'
import { RelativeTime } from './RelativeTime'
import { SeverityBadge, StatusBadge } from './SeverityBadge'
import { MenuButton } from './ui/Menu'

/** The selected incident, or a hint. Used by the detail pane; also rendered alone in component tests. */
export function IncidentDetail({ headingRef }: { headingRef?: React.Ref<HTMLHeadingElement> }) {
  const detail = useApp((s) => s.detail)
  const selectedId = useApp((s) => s.selectedId)
  if (!selectedId) return <p className="empty-detail">Select an incident: j/k to move, Enter to open, ? for every shortcut.</p>
  if (!detail) return <p className="empty-detail">Loading…</p>
  return <DetailBody detail={detail} headingRef={headingRef} />
}

function DetailBody({ detail, headingRef }: { detail: Detail; headingRef?: React.Ref<HTMLHeadingElement> }) {
  const now = useNow()
  const act = useApp((s) => s.act)
  const snooze = useApp((s) => s.snooze)
  const forward = useApp((s) => s.forward)
  const menu = useApp((s) => s.menu)
  const openMenu = useApp((s) => s.openMenu)
  const targets = useApp((s) => s.targets)
  const source = useApp((s) => s.integrations.find((i) => i.id === detail.integrationId)?.name)
  const href = httpUrl(detail.url)
  const snoozed = detail.snoozedUntil !== null && Date.parse(detail.snoozedUntil) > now

  const snoozeItems = SNOOZE_CHOICES.map((c) => ({
    key: c.label,
    label: c.label,
    onSelect: () => void snooze(detail.id, c.until(new Date()).toISOString()),
  }))
  if (snoozed) snoozeItems.push({ key: 'clear', label: 'Clear snooze', onSelect: () => void snooze(detail.id, null) })

  return (
    <article className="detail-body" aria-labelledby="detail-title">
      <header className="detail-head">
        <div className="detail-badges">
          <SeverityBadge severity={detail.severity} />
          <StatusBadge status={detail.status} snoozed={snoozed} />
          <span className="pill">{detail.kind}</span>
        </div>
        <h2 className="detail-title" id="detail-title" tabIndex={-1} ref={headingRef}>
          {detail.title}
        </h2>
        <p className="muted">
          {source ?? providerName(detail.provider)}
          {detail.app ? ` · ${detail.app}` : ''}
          {detail.environment ? ` · ${detail.environment}` : ''} · ×{detail.occurrences}
        </p>
        <dl className="times">
          <div>
            <dt>First seen</dt>
            <dd>
              <AbsoluteAndAgo iso={detail.firstSeenAt} now={now} />
            </dd>
          </div>
          <div>
            <dt>Last seen</dt>
            <dd>
              <AbsoluteAndAgo iso={detail.lastSeenAt} now={now} />
            </dd>
          </div>
        </dl>
        {detail.afterDeploy ? (
          <p className="after-deploy">
            After deploy <strong>{detail.afterDeploy.revision}</strong>
            {detail.afterDeploy.user ? ` by ${detail.afterDeploy.user}` : ''} (
            <RelativeTime iso={new Date(detail.afterDeploy.at).toISOString()} now={now} />)
          </p>
        ) : null}
        {snoozed ? <p className="muted">Snoozed until {absoluteTime(detail.snoozedUntil)}</p> : null}
        {detail.statusBy ? (
          <p className="status-by" data-testid="status-by">
            {detail.statusBy.action[0]!.toUpperCase() + detail.statusBy.action.slice(1)} by{' '}
            <strong>{detail.statusBy.user}</strong>
            {detail.statusBy.teammate ? (
              <span className="teammate-badge" title="a teammate did this on their laptop; the team relay brought it here">
                teammate
              </span>
            ) : null}{' '}
            <RelativeTime iso={detail.statusBy.at} now={now} />
          </p>
        ) : null}
        {detail.provenance ? (
          <p className={`provenance provenance-${detail.provenance.by}`} data-testid="provenance">
            {describeProvenance(detail.provenance)}
          </p>
        ) : null}
        <div className="actions">
          {detail.status === 'open' ? <button onClick={() => void act('acknowledge', detail.id)}>Acknowledge</button> : null}
          {detail.status !== 'resolved' ? (
            <button onClick={() => void act('resolve', detail.id)}>Resolve</button>
          ) : (
            <button onClick={() => void act('reopen', detail.id)}>Reopen</button>
          )}
          <MenuButton
            label="Snooze ▸"
            open={menu === 'snooze'}
            onOpenChange={(open) => openMenu(open ? 'snooze' : null)}
            items={snoozeItems}
          />
          <MenuButton
            label="Forward to ▸"
            open={menu === 'forward'}
            onOpenChange={(open) => openMenu(open ? 'forward' : null)}
            items={targets
              .filter((t) => t.enabled)
              .map((t) => ({ key: t.id, label: t.name, onSelect: () => void forward(detail.id, t.id) }))}
            empty="No forward targets yet: add one in Settings → Forwarding."
          />
          {/* Taking it elsewhere, as one unit: when the row is too narrow the two wrap together, so neither
              is left alone on a row of its own. */}
          <span className="actions-elsewhere">
            <CopyButton text={toMarkdown(detail)} label="Copy as Markdown" small={false} />
            {href ? (
              <a className="button" href={href} target="_blank" rel="noopener noreferrer">
                Open in {providerName(detail.provider)}
              </a>
            ) : null}
          </span>
        </div>
      </header>

      {detail.exception ? <ExceptionView exception={detail.exception} /> : null}
      <PerformanceSection detail={detail} />
      {detail.metric ? <MetricView metric={detail.metric} /> : null}
      <CheckSection detail={detail} />
      <DeploySection detail={detail} />
      <FactsSection detail={detail} />
      <SourceActionsSection detail={detail} />

      <section className="section" aria-labelledby="sec-timeline">
        <h3 id="sec-timeline">Timeline</h3>
        <ol className="timeline">
          {[...detail.timeline].reverse().map((t) => (
            <li key={t.id} className={`tl tl-${t.type}`}>
              <RelativeTime iso={t.at} now={now} /> <span>{t.text}</span>
              {t.actor === 'teammate' ? (
                <span className="teammate-badge" title="from a teammate, through the team relay">
                  teammate
                </span>
              ) : null}
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

/** "Nov 20, 10:02 (3 min ago)"; past a month the date says it all. */
function AbsoluteAndAgo({ iso, now }: { iso: string; now: number }) {
  const ago = relativeTime(iso, now)
  return (
    <time dateTime={iso}>
      {absoluteTime(iso)}
      {/ago$|just now/.test(ago) ? ` (${ago})` : ''}
    </time>
  )
}
