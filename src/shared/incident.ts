// The normalized incident model shared by the core and the UI. Field names are a stable, user-facing
// contract (forwarded payloads and the HTTP API carry them): add fields, never rename them.

import type { Provenance } from './provenance'

export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

export const STATUSES = ['open', 'acknowledged', 'resolved'] as const
export type Status = (typeof STATUSES)[number]

export const KINDS = ['exception', 'performance', 'anomaly', 'deploy', 'check', 'alert', 'issue'] as const
export type Kind = (typeof KINDS)[number]

/** Higher is worse; used for escalation and for the tray's "worst open severity". */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2, critical: 3 }

/** The most severe of these; 'info' for none. */
export function worstSeverity(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((w, s) => (SEVERITY_RANK[s] > SEVERITY_RANK[w] ? s : w), 'info')
}

export interface StackFrame {
  file: string
  line: number | null
  function: string
  inApp: boolean
}

export interface ExceptionDetail {
  type: string
  message: string
  frames: StackFrame[]
}

export interface MetricDetail {
  name: string
  field: string
  lastValue: number | null
  peakValue: number | null
  meanValue: number | null
  comparisonOperator: string | null
  comparisonValue: number | null
  human: {
    lastValue?: string
    peakValue?: string
    meanValue?: string
    comparisonValue?: string
  }
  state?: string
  openedAt?: string | null
  closedAt?: string | null
  warmupMinutes?: number | null
  cooldownMinutes?: number | null
}

export interface DeployDetail {
  revision: string
  user: string | null
  repository: string | null
}

export interface CheckDetail {
  name: string
  checkId: string
  checkType?: string
  alertType?: string
  location?: string
  responseTimeMs?: number | null
  statusCode?: number | null
  statusText?: string
  errorMessage?: string
  resultLink?: string
  sslDaysRemaining?: number | null
  sslDomain?: string
  tags?: string[]
  group?: string
}

/** Provider-specific facts worth showing that have no dedicated field (action, path, hostname...). */
export type Facts = Record<string, string>

export interface StatusBy {
  action: 'acknowledged' | 'resolved' | 'reopened' | 'snoozed'
  user: string
  /** True when a teammate did it on their laptop and the team relay brought it here. */
  teammate: boolean
  at: string
}

export interface AfterDeploy {
  incidentId: string
  revision: string
  user: string | null
  at: number
}

/** Incidents that belong together (one alert rule, one check group, one exception fingerprint). */
export interface IncidentGroupRef {
  key: string
  label: string
}

/**
 * What an event may carry beyond its headline and an incident keeps: the detail view's sections. One list for
 * the provider event, the stored detail and the copy between them; add a field here and all three follow.
 */
export interface IncidentDetails {
  exception?: ExceptionDetail
  metric?: MetricDetail
  durationMs?: number
  deploy?: DeployDetail
  check?: CheckDetail
  facts?: Facts
  /** How the delivery behind these details proved its origin: signed by the provider, or vouched for by a relay. */
  provenance?: Provenance
}

const DETAIL_KEYS = {
  exception: true,
  metric: true,
  durationMs: true,
  deploy: true,
  check: true,
  facts: true,
  provenance: true,
} as const satisfies Record<keyof IncidentDetails, true>

export const DETAIL_FIELDS = Object.keys(DETAIL_KEYS) as (keyof IncidentDetails)[]

/** The detail fields `source` sets, and only those (no undefined keys). */
export function pickDetails(source: IncidentDetails): IncidentDetails {
  const out: Record<string, unknown> = {}
  for (const key of DETAIL_FIELDS) if (source[key] !== undefined) out[key] = source[key]
  return out as IncidentDetails
}

export interface Incident extends IncidentDetails {
  id: string
  integrationId: string
  provider: string
  kind: Kind
  title: string
  severity: Severity
  status: Status
  dedupKey: string
  occurrences: number
  firstSeenAt: string
  lastSeenAt: string
  app: string | null
  environment: string | null
  url: string | null
  snoozedUntil: string | null
  /** Set when the user has opened the incident; the list shows an unread marker until then. */
  readAt: string | null
  afterDeploy?: AfterDeploy
  /** Computed by the core from the fields above; null when the incident stands alone. */
  group?: IncidentGroupRef | null
  /** Who last acknowledged, resolved, reopened or snoozed it by hand: you, or a teammate through the team relay. */
  statusBy?: StatusBy
}

/** `source`: what became of an action on the tool that sent the alert (a silence, a refusal). */
export type TimelineType = 'received' | 'occurrence' | 'status' | 'severity' | 'snoozed' | 'stale' | 'forward' | 'note' | 'source'

/** One action on the tool that sent the alert (acknowledge → an Alertmanager silence) and where it stands. */
export interface SourceActionView {
  id: number
  /** The tool's name ("Alertmanager"). */
  tool: string
  action: 'acknowledge' | 'unacknowledge' | 'resolve' | 'reopen' | 'snooze' | 'extend'
  /** `skipped`: nothing to do at the tool (no silence to expire), or no longer true when it was due. */
  state: 'pending' | 'done' | 'skipped' | 'failed'
  attempts: number
  lastStatus: number | null
  lastError: string | null
  nextAttemptAt: string | null
  createdAt: string
  /** Failed and the incident's latest action: Retry may send it (an older one was overtaken by a later action). */
  retryable: boolean
}

export interface TimelineEntry {
  id: number
  at: string
  type: TimelineType
  /** `source` (the monitoring tool), `user` (you), `teammate` (through the team relay), or `hookbell`. */
  actor: 'source' | 'user' | 'teammate' | 'hookbell'
  /** One readable line ("resolved by source", "forwarded to Slack → 200"). */
  text: string
  count?: number
}

export interface IncidentDetail extends Incident {
  timeline: TimelineEntry[]
  /** The latest payload and its request headers, signature values redacted. */
  raw: { headers: Record<string, string>; body: unknown } | null
  /** The latest actions on the source for this incident, newest first (a failed one can be retried). */
  sourceActions?: SourceActionView[]
}
