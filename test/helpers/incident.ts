// An incident as the store returns it, for unit tests of what reads incidents (the notification policy, the
// notifier): a Sentry exception in shop · production, open, seen once. Each call is a new incident.
import type { Incident, Severity } from '../../src/shared/incident'

let n = 0

export function anIncident(severity: Severity = 'error', extra: Partial<Incident> = {}): Incident {
  n++
  return {
    id: `i${n}`,
    integrationId: 'int-1',
    provider: 'sentry',
    kind: 'exception',
    title: `Incident ${n}`,
    severity,
    status: 'open',
    dedupKey: `k${n}`,
    occurrences: 1,
    firstSeenAt: '2026-11-20T10:00:00Z',
    lastSeenAt: '2026-11-20T10:00:00Z',
    app: 'shop',
    environment: 'production',
    url: null,
    snoozedUntil: null,
    readAt: null,
    ...extra,
  }
}
