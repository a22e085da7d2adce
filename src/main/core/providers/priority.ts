// Priority ladders the paging and monitoring tools share: Opsgenie's and Datadog's P1 (highest) to P5, and
// New Relic's CRITICAL / HIGH / MEDIUM / LOW issue priorities.
// https://docs.opsgenie.com/docs/alert-api (priority P1–P5, P3 the default)
// https://docs.datadoghq.com/monitors/notify/variables/ (monitor priority P1–P5)
import type { Severity } from '../../../shared/incident'

const LADDER: Record<string, Severity> = {
  p1: 'critical',
  p2: 'error',
  p3: 'warning',
  p4: 'info',
  p5: 'info',
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
}

/** The severity of a P1–P5 or CRITICAL–LOW priority; undefined for anything else (the caller picks a default). */
export function severityOfPriority(priority: string | undefined): Severity | undefined {
  return priority ? LADDER[priority.trim().toLowerCase()] : undefined
}
