import type { Incident } from '../../shared/incident'

/** One line saying what went wrong, for toasts, forwarded payloads and templates. */
export function describeIncident(i: Incident): string {
  if (i.exception) return `${i.exception.type}: ${i.exception.message}`
  if (i.metric) {
    const m = i.metric
    return `${m.name} ${m.field}: ${m.human.lastValue ?? m.lastValue ?? '?'} (threshold ${m.comparisonOperator ?? ''} ${m.human.comparisonValue ?? m.comparisonValue ?? '?'})`
  }
  if (i.durationMs !== undefined) return `took ${Math.round(i.durationMs)} ms`
  if (i.check) return i.check.errorMessage || `${i.check.name}: ${i.check.alertType ?? ''}`
  if (i.deploy) return `deploy ${i.deploy.revision}${i.deploy.user ? ` by ${i.deploy.user}` : ''}`
  return i.facts?.description ?? i.title
}
