// What a forward carries: the incident frozen when the forward was queued (so a retry hours later sends what
// happened then), the default JSON body built from it, and the sample incident for tests and previews.
import type { Incident } from '../../../shared/incident'
import type { TargetEvent } from '../../../shared/target'
import { describeIncident } from '../describe-incident'
import type { TemplateContext } from './template'

export interface Snapshot extends TemplateContext {
  event: TargetEvent
}

export function snapshotOf(event: TargetEvent, incident: Incident, sourceName: string, now: number): Snapshot {
  return { event, timestamp: new Date(now).toISOString(), incident, sourceName }
}

const URGENCY: Record<Incident['severity'], string> = { critical: 'HIGH', error: 'HIGH', warning: 'MEDIUM', info: 'LOW' }

/**
 * The default body, for targets without a template: the generic outgoing-webhook shape (event, timestamp,
 * data with title, status, urgency, service; see docs/ARCHITECTURE.md "Forwarding"), plus the incident's own
 * detail under `hookbell`.
 */
export function defaultBody(s: Snapshot): unknown {
  const i = s.incident
  return {
    event: s.event,
    timestamp: s.timestamp,
    data: {
      id: i.id,
      title: i.title,
      description: describeIncident(i),
      status: i.status.toUpperCase(),
      urgency: URGENCY[i.severity],
      priority: null,
      service: { id: i.integrationId, name: s.sourceName },
      assignee: null,
      createdAt: i.firstSeenAt,
      hookbell: {
        provider: i.provider,
        kind: i.kind,
        severity: i.severity,
        app: i.app,
        environment: i.environment,
        url: i.url,
        occurrences: i.occurrences,
        lastSeenAt: i.lastSeenAt,
        exception: i.exception
          ? { type: i.exception.type, message: i.exception.message, frames: i.exception.frames.slice(-10) }
          : undefined,
        metric: i.metric,
        durationMs: i.durationMs,
        check: i.check,
        deploy: i.deploy ?? undefined,
        afterDeploy: i.afterDeploy,
      },
    },
  }
}

/** What "Test" and the preview render when no real incident is chosen. */
export const SAMPLE_INCIDENT: Incident = {
  id: '00000000-0000-4000-8000-000000000000',
  integrationId: 'sample',
  provider: 'sentry',
  kind: 'exception',
  title: 'TypeError: Cannot read properties of undefined (reading "id")',
  severity: 'error',
  status: 'open',
  dedupKey: 'sample',
  occurrences: 3,
  firstSeenAt: '2026-01-15T10:30:00.000Z',
  lastSeenAt: '2026-01-15T10:42:00.000Z',
  app: 'checkout-api',
  environment: 'production',
  url: 'https://sentry.io/organizations/acme/issues/1/',
  snoozedUntil: null,
  readAt: null,
  exception: {
    type: 'TypeError',
    message: 'Cannot read properties of undefined (reading "id")',
    frames: [
      { file: 'node_modules/express/lib/router/layer.js', line: 95, function: 'Layer.handle', inApp: false },
      { file: 'src/routes/cart.ts', line: 41, function: 'loadCart', inApp: true },
    ],
  },
}
