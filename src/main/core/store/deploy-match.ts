// "After deploy abc123": an incident that appears soon after a deploy of the same app and environment is
// linked to it, so the detail view can say which release probably caused it.
import type { AfterDeploy } from '../../../shared/incident'
import type { Db } from '../../../server-common/sqlite'
import type { IncidentEvent } from '../providers/types'
import type { Detail } from './incident-rows'

export function createDeployMatcher(db: Db, windowMinutes: () => number) {
  const lastDeploy = db.prepare(`SELECT id, detail, first_seen_at FROM incidents
    WHERE app IS ? AND environment IS ? AND kind = 'deploy' AND first_seen_at >= ? AND first_seen_at <= ?
    ORDER BY first_seen_at DESC LIMIT 1`)

  /** The latest deploy of the event's app and environment within the window before `at`, if any. */
  return function findAfterDeploy(event: IncidentEvent, at: number): AfterDeploy | undefined {
    if (event.kind === 'deploy' || !event.app) return undefined
    const windowMs = windowMinutes() * 60_000
    const row = lastDeploy.get(event.app, event.environment ?? null, at - windowMs, at) as
      { id: string; detail: string; first_seen_at: number } | undefined
    if (!row) return undefined
    const deploy = (JSON.parse(row.detail) as Detail).deploy
    if (!deploy) return undefined
    return { incidentId: row.id, revision: deploy.revision, user: deploy.user, at: row.first_seen_at }
  }
}
