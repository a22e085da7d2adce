// The incidents table's writes: a source's event and a user's action, each as the lifecycle decided
// (core/incident/lifecycle.ts), plus reading one incident. The parts with their own reasons to change live
// beside it: incident-rows (columns), timeline, search-index, deploy-match, incident-list and retention.
import type { Incident, IncidentDetail, StatusBy, TimelineType } from '../../../shared/incident'
import { pickDetails } from '../../../shared/incident'
import { notFound } from '../../../server-common/errors'
import { transaction, type Db } from '../../../server-common/sqlite'
import { applyEvent, decide, isNoop, type Refusal, type Transition, type UserAction } from '../incident/lifecycle'
import type { IncidentEvent } from '../providers/types'
import { groupOf } from '../groups/group-of'
import { createDeployMatcher } from './deploy-match'
import { incidentId } from './incident-id'
import { createIncidentList } from './incident-list'
import { LIST_COLUMNS, incidentWithDetail, stateOf, toIncident, type Detail, type IncidentRow } from './incident-rows'
import { createRetention } from './retention'
import { createSearchIndex } from './search-index'
import { createStateChanges, STATE_CHANGING_ACTIONS } from './state-changes'
import { createTimeline, withSourceNote } from './timeline'
import { rawSnapshotOf, type RawSnapshot } from '../ingest/raw-snapshot'
import type { Effects } from '../incident/effects'

/** The group column's value: the core's group key, or '' for an incident in no group. */
function groupKeyOf(provider: string, kind: string, title: string, detail: Detail): string {
  return groupOf({ provider, kind: kind as Incident['kind'], title, ...detail })?.key ?? ''
}

/** An incident after a change, and the lifecycle's decision that changed it. */
export interface Applied {
  incident: Incident
  transition: Transition
}

/** A user's action: applied (or a no-op, `changed: false`), or refused by the lifecycle with nothing written. */
export type ActResult = ({ ok: true; changed: boolean } & Applied) | { ok: false; refusal: Refusal }

/**
 * The delivery an event came in: its id in the delivery log (the incident's raw view points at it, the body is
 * not copied) and its headers as logged (provenance reads which signature headers were present).
 */
export interface DeliverySource {
  delivery: number
  headers: Record<string, string>
}

export interface IncidentStoreOptions {
  deployWindowMinutes: () => number
  /** What a user's or a teammate's change causes inside its transaction (incident/effects.ts). */
  effects?: Pick<Effects, 'inTransaction'>
}

export function createIncidentStore(db: Db, options: IncidentStoreOptions) {
  const stmt = {
    byKey: db.prepare(`SELECT ${LIST_COLUMNS}, resolved_at FROM incidents WHERE integration_id = ? AND dedup_key = ?`),
    byId: db.prepare(`SELECT ${LIST_COLUMNS} FROM incidents WHERE id = ?`),
    // The raw view: the delivery the incident points at, or the JSON text rows from before migration 11 kept.
    rawOf: db.prepare(`SELECT i.raw, d.provider, d.headers, d.body FROM incidents i
      LEFT JOIN deliveries d ON d.id = i.raw_delivery WHERE i.seq = ?`),
    insert: db.prepare(`INSERT INTO incidents (id, integration_id, provider, kind, dedup_key, title, severity, status,
      occurrences, first_seen_at, last_seen_at, app, environment, url, source_ts, resolved_at, detail, raw_delivery,
      group_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${LIST_COLUMNS}`),
    update: db.prepare(`UPDATE incidents SET title = ?, severity = ?, status = ?, occurrences = ?, last_seen_at = ?,
      app = ?, environment = ?, url = ?, source_ts = ?, resolved_at = ?, detail = ?, raw = NULL, raw_delivery = ?, group_key = ?, status_by = ? WHERE seq = ? RETURNING ${LIST_COLUMNS}`),
    setStatus: db.prepare('UPDATE incidents SET status = ?, resolved_at = ? WHERE seq = ?'),
    setSnooze: db.prepare('UPDATE incidents SET snoozed_until = ? WHERE seq = ?'),
    setStatusBy: db.prepare('UPDATE incidents SET status_by = ? WHERE seq = ?'),
    setRead: db.prepare('UPDATE incidents SET read_at = ? WHERE seq = ? AND read_at IS NULL'),
    setGroup: db.prepare('UPDATE incidents SET group_key = ? WHERE seq = ?'),
    ungrouped: db.prepare(`SELECT ${LIST_COLUMNS} FROM incidents WHERE group_key IS NULL LIMIT 500`),
  }
  // Incidents stored before groups were a column get theirs now, a batch per transaction.
  for (let rows = stmt.ungrouped.all() as unknown as IncidentRow[]; rows.length > 0; rows = stmt.ungrouped.all() as never) {
    transaction(db, () => {
      for (const row of rows) stmt.setGroup.run(toIncident(row).group?.key ?? '', row.seq)
    })
  }
  const timeline = createTimeline(db)
  const search = createSearchIndex(db)
  const findAfterDeploy = createDeployMatcher(db, options.deployWindowMinutes)
  const stateChanges = createStateChanges(db)

  function detailOf(event: IncidentEvent, previous?: Detail): Detail {
    return { ...pickDetails(event), afterDeploy: previous?.afterDeploy }
  }

  /**
   * Applies one normalized event. Call inside the delivery's transaction. `fingerprint` names the delivery:
   * one that resolves or acknowledges is remembered with the incident, so a replay of it changes nothing.
   */
  function apply(
    integrationId: string,
    provider: string,
    event: IncidentEvent,
    source: DeliverySource,
    now: number,
    fingerprint?: string,
  ): Applied {
    const remembered = fingerprint !== undefined && STATE_CHANGING_ACTIONS.has(event.action) ? fingerprint : null
    const applied = applyToRow(integrationId, provider, event, source, now, remembered)
    if (remembered !== null) stateChanges.remember(remembered, applied.seq, now)
    return { incident: applied.incident, transition: applied.transition }
  }

  function applyToRow(
    integrationId: string,
    provider: string,
    event: IncidentEvent,
    source: DeliverySource,
    now: number,
    stateChange: string | null,
  ): Applied & { seq: number } {
    const at = event.occurredAt ?? now
    const row = stmt.byKey.get(integrationId, event.dedupKey) as IncidentRow | undefined
    if (!row) {
      const transition = applyEvent(null, event)
      const detail = detailOf(event)
      const afterDeploy = findAfterDeploy(event, at)
      if (afterDeploy) detail.afterDeploy = afterDeploy
      // The row comes back from the write itself (RETURNING): no second lookup by id per delivery.
      const inserted = stmt.insert.get(
        incidentId(),
        integrationId,
        provider,
        event.kind,
        event.dedupKey,
        event.title,
        transition.severity,
        transition.status,
        at,
        at,
        event.app ?? null,
        event.environment ?? null,
        event.url ?? null,
        event.sourceTimestamp ?? null,
        transition.status === 'resolved' ? now : null,
        JSON.stringify(detail),
        source.delivery,
        groupKeyOf(provider, event.kind, event.title, detail),
      ) as unknown as IncidentRow
      const seq = inserted.seq
      for (const n of withSourceNote(transition.notes, event)) timeline.add(seq, now, n)
      if (afterDeploy) timeline.add(seq, now, { type: 'note', actor: 'hookbell', text: `after deploy ${afterDeploy.revision}` })
      search.index(seq, event.title, detail, event.app ?? null, event.environment ?? null, true)
      return { seq, incident: incidentWithDetail(inserted, detail), transition }
    }

    const replay = stateChange !== null && stateChanges.changed(stateChange, row.seq)
    const transition = applyEvent(stateOf(row), event, replay)
    for (const n of withSourceNote(transition.notes, event)) timeline.add(row.seq, now, n)
    if (transition.stale) return { seq: row.seq, incident: toIncident(row), transition }
    const previous = JSON.parse(row.detail) as Detail
    const detail = transition.updateDetail ? detailOf(event, previous) : previous
    const title = transition.updateDetail ? event.title : row.title
    const app = event.app ?? row.app
    const env = event.environment ?? row.environment
    const updated = stmt.update.get(
      title,
      transition.severity,
      transition.status,
      row.occurrences + (transition.occurrence ? 1 : 0),
      transition.occurrence ? Math.max(row.last_seen_at, at) : row.last_seen_at,
      app,
      env,
      event.url ?? row.url,
      event.sourceTimestamp ?? row.source_ts,
      // A repeated resolve (Alertmanager and Grafana resend them) keeps the first resolve's time: retention
      // counts from it, and a NULL here would keep the incident forever.
      transition.status === 'resolved' ? (row.status === 'resolved' ? (row.resolved_at ?? now) : now) : null,
      JSON.stringify(detail),
      source.delivery,
      groupKeyOf(provider, row.kind, title, detail),
      // "Acknowledged by Dana" stops being true once the source moves the incident on (a regression, a resolve).
      transition.status !== row.status ? null : row.status_by,
      row.seq,
    ) as unknown as IncidentRow
    if (transition.updateDetail) search.index(row.seq, title, detail, app, env, false)
    return { seq: row.seq, incident: incidentWithDetail(updated, detail), transition }
  }

  function rowOrThrow(id: string): IncidentRow {
    const row = stmt.byId.get(id) as IncidentRow | undefined
    if (!row) throw notFound(`no incident ${id}`)
    return row
  }

  /**
   * A user's acknowledge, resolve, reopen or snooze: the lifecycle decides, this writes what it decided.
   * `by` names who did it (you, or a teammate through the team relay), kept so the list can say who. What
   * the change causes (forwards, the team note) commits with it; the caller runs the after-commit half.
   */
  function act(
    id: string,
    action: UserAction,
    now: number,
    by?: { user: string; teammate: boolean; at?: number; label?: string },
  ): ActResult {
    return transaction(db, () => {
      const row = rowOrThrow(id)
      // `label` is how the timeline names a teammate when it says more than the name (what their note claimed).
      const decision = decide(stateOf(row), { by: 'user', action, teammate: by?.teammate ? (by.label ?? by.user) : undefined })
      if (!decision.ok) return decision
      const { transition } = decision
      // A teammate's snooze seen twice (a replay after a crash) changes nothing the second time.
      const sameSnooze = by?.teammate && action.type === 'snooze' && row.snoozed_until === action.until
      if (isNoop(transition) || sameSnooze) return { ok: true, changed: false, incident: toIncident(row), transition }
      if (transition.status !== row.status)
        stmt.setStatus.run(transition.status, transition.status === 'resolved' ? now : null, row.seq)
      if (transition.snoozedUntil !== undefined) stmt.setSnooze.run(transition.snoozedUntil, row.seq)
      for (const n of transition.notes) timeline.add(row.seq, now, n)
      if (by) {
        const done = ({ acknowledge: 'acknowledged', resolve: 'resolved', reopen: 'reopened', snooze: 'snoozed' } as const)[
          action.type
        ]
        const statusBy: StatusBy = {
          action: done,
          user: by.user,
          teammate: by.teammate,
          at: new Date(by.at ?? now).toISOString(),
        }
        stmt.setStatusBy.run(JSON.stringify(statusBy), row.seq)
      }
      const changed = { ok: true as const, changed: true, incident: toIncident(rowOrThrow(id)), transition }
      options.effects?.inTransaction([changed], by?.teammate ? 'teammate' : 'user')
      return changed
    })
  }

  /** The incident a provider's dedup key names under an integration (how a teammate's note finds it). */
  function getByKey(integrationId: string, dedupKey: string): Incident | undefined {
    const row = stmt.byKey.get(integrationId, dedupKey) as IncidentRow | undefined
    return row ? toIncident(row) : undefined
  }

  function markRead(id: string, now: number): Incident {
    const row = rowOrThrow(id)
    stmt.setRead.run(now, row.seq)
    return toIncident(rowOrThrow(id))
  }

  function note(id: string, type: TimelineType, text: string, now: number): void {
    timeline.add(rowOrThrow(id).seq, now, { type, actor: 'hookbell', text })
  }

  function get(id: string): Incident | undefined {
    const row = stmt.byId.get(id) as IncidentRow | undefined
    return row ? toIncident(row) : undefined
  }

  function getDetail(id: string): IncidentDetail {
    const row = rowOrThrow(id)
    const stored = stmt.rawOf.get(row.seq) as {
      raw: string | null
      provider: string | null
      headers: string | null
      body: Uint8Array | null
    }
    const raw =
      stored.headers !== null
        ? rawSnapshotOf({ provider: stored.provider, headers: stored.headers, body: stored.body })
        : stored.raw
          ? (JSON.parse(stored.raw) as RawSnapshot)
          : null
    return { ...toIncident(row), timeline: timeline.of(row.seq), raw }
  }

  return {
    apply,
    act,
    getByKey,
    markRead,
    note,
    get,
    getDetail,
    ...createIncidentList(db),
    pruneBatch: createRetention(db, search),
    /** For the group commit: the full-text index's writes, gathered and written once per transaction. */
    searchBatch: search.batch,
  }
}

export type IncidentStore = ReturnType<typeof createIncidentStore>
