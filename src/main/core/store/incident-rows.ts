// An incidents row and the Incident it is: the one place that knows the columns.
import type { Incident, IncidentDetails, Severity, Status, StatusBy } from '../../../shared/incident'
import { pickDetails } from '../../../shared/incident'
import { groupOf } from '../groups/group-of'
import type { IncidentState } from '../incident/lifecycle'

export interface IncidentRow {
  seq: number
  id: string
  integration_id: string
  provider: string
  kind: string
  dedup_key: string
  title: string
  severity: string
  status: string
  occurrences: number
  first_seen_at: number
  last_seen_at: number
  app: string | null
  environment: string | null
  url: string | null
  snoozed_until: number | null
  read_at: number | null
  source_ts: number | null
  detail: string
  /** JSON StatusBy: who last changed it by hand (you or a teammate). */
  status_by: string | null
  /** Only where a query asks for it (the ingest lookup): when it was resolved, for retention. */
  resolved_at?: number | null
}

/** The `detail` column: the detail view's sections, and the deploy an incident followed. */
export type Detail = IncidentDetails & Pick<Incident, 'afterDeploy'>

export const LIST_COLUMNS =
  'seq, id, integration_id, provider, kind, dedup_key, title, severity, status, occurrences, first_seen_at, last_seen_at, app, environment, url, snoozed_until, read_at, source_ts, detail, status_by'

/** What the lifecycle needs to decide a change. */
export function stateOf(row: IncidentRow): IncidentState {
  return { status: row.status as Status, severity: row.severity as Severity, sourceTs: row.source_ts }
}

export function toIncident(row: IncidentRow): Incident {
  return incidentWithDetail(row, JSON.parse(row.detail) as Detail)
}

/** The row's Incident, with its `detail` column given already parsed: ingest has just written it. */
export function incidentWithDetail(row: IncidentRow, detail: Detail): Incident {
  const incident: Incident = {
    id: row.id,
    integrationId: row.integration_id,
    provider: row.provider,
    kind: row.kind as Incident['kind'],
    title: row.title,
    severity: row.severity as Severity,
    status: row.status as Status,
    dedupKey: row.dedup_key,
    occurrences: row.occurrences,
    firstSeenAt: new Date(row.first_seen_at).toISOString(),
    lastSeenAt: new Date(row.last_seen_at).toISOString(),
    app: row.app,
    environment: row.environment,
    url: row.url,
    snoozedUntil: row.snoozed_until ? new Date(row.snoozed_until).toISOString() : null,
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  }
  Object.assign(incident, pickDetails(detail))
  if (detail.afterDeploy !== undefined) incident.afterDeploy = detail.afterDeploy
  incident.group = groupOf(incident)
  if (row.status_by) incident.statusBy = JSON.parse(row.status_by) as StatusBy
  return incident
}
