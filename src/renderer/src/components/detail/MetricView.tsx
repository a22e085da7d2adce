import type { MetricDetail } from '../../../../shared/incident'
import { absoluteTime, formatNumber } from '../../lib/format'

/** Last / peak / mean on one scale with the threshold as a line: "how far over" at a glance. */
export function MetricView({ metric }: { metric: MetricDetail }) {
  const values = [metric.lastValue, metric.peakValue, metric.meanValue, metric.comparisonValue].filter(
    (v): v is number => v !== null,
  )
  const max = Math.max(...values, 0) * 1.1 || 1
  const pct = (v: number | null) => `${Math.max(0, Math.min(100, ((v ?? 0) / max) * 100))}%`
  const bars: { key: string; label: string; value: number | null; human?: string }[] = [
    { key: 'last', label: 'Last', value: metric.lastValue, human: metric.human.lastValue },
    { key: 'peak', label: 'Peak', value: metric.peakValue, human: metric.human.peakValue },
    { key: 'mean', label: 'Mean', value: metric.meanValue, human: metric.human.meanValue },
  ]
  return (
    <section className="section" aria-label="Anomaly">
      <h3>Metric</h3>
      <p>
        <strong>{metric.name}</strong> <span className="muted">({metric.field})</span>
        {metric.state ? <span className="pill">{metric.state}</span> : null}
      </p>
      <p className="muted">
        Alert when {metric.comparisonOperator ?? '?'} {metric.human.comparisonValue ?? formatNumber(metric.comparisonValue)}
      </p>
      <div
        className="gauge"
        role="img"
        aria-label={`last ${metric.human.lastValue ?? metric.lastValue}, threshold ${metric.comparisonOperator ?? ''} ${metric.human.comparisonValue ?? metric.comparisonValue}`}
      >
        {bars.map((b) => (
          <div className="gauge-row" key={b.key}>
            <span className="gauge-label">{b.label}</span>
            <div className="gauge-track">
              <div className={`gauge-bar gauge-${b.key}`} style={{ width: pct(b.value) }} />
              {metric.comparisonValue !== null ? (
                <div className="gauge-threshold" style={{ left: pct(metric.comparisonValue) }} title="threshold" />
              ) : null}
            </div>
            <span className="gauge-value" data-testid={`metric-${b.key}`}>
              {b.human ?? formatNumber(b.value)}
            </span>
          </div>
        ))}
      </div>
      <dl className="facts">
        {metric.openedAt ? (
          <>
            <dt>Opened</dt>
            <dd>{absoluteTime(metric.openedAt)}</dd>
          </>
        ) : null}
        {metric.closedAt ? (
          <>
            <dt>Closed</dt>
            <dd>{absoluteTime(metric.closedAt)}</dd>
          </>
        ) : null}
        {metric.warmupMinutes !== null && metric.warmupMinutes !== undefined ? (
          <>
            <dt>Warm-up</dt>
            <dd>{metric.warmupMinutes} min</dd>
          </>
        ) : null}
        {metric.cooldownMinutes !== null && metric.cooldownMinutes !== undefined ? (
          <>
            <dt>Cool-down</dt>
            <dd>{metric.cooldownMinutes} min</dd>
          </>
        ) : null}
      </dl>
    </section>
  )
}
