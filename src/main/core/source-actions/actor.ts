// Acting on the source: your acknowledge, resolve, reopen or snooze becomes a request to the tool that sent
// the alert, when its integration has a connection (Settings → Integrations → Act on the source). This module
// decides when and what; the parts do one job each: outbox.ts (the tables), tools/ (each tool's requests),
// send.ts (one attempt and what its answer means), forward/retry.ts (when again, the forwarder's schedule).
// - A row is committed in the transaction of your own change (incident/effects.ts, cause 'user'): a crash
//   after the commit sends it once on the next start, a crash before sends nothing. A delivery or a
//   teammate's note never acts on the source: the tool already knows, or the teammate's Hookbell acted.
// - Sending never blocks or undoes the local change; each outcome is a line on the incident's timeline.
// - A silence is extended while its incident stays acknowledged: a sweep (bounded, at most 50 a pass) when
//   half its time is up.
import type { Incident } from '../../../shared/incident'
import type { SourceTestResult } from '../../../shared/model'
import { notFound } from '../../../server-common/errors'
import type { Db } from '../../../server-common/sqlite'
import type { Effects } from '../incident/effects'
import type { Transition } from '../incident/lifecycle'
import type { Settings } from '../settings/settings'
import type { IncidentStore } from '../store/incident-store'
import { createDrainer } from '../forward/drain'
import { nextRetryDelay, RETRY_DELAYS_MS } from '../forward/retry'
import { createSourceOutbox, type SourceActionRow } from './outbox'
import { sendToSource } from './send'
import { sourceToolFor } from './tools'
import type { ActionInput, SourceActionKind, SourceConnection, SourceTool } from './types'

export interface SourceActorDeps {
  db: Db
  settings: Settings
  incidents: IncidentStore
  now: () => number
  log: (message: string) => void
  /** An outcome was noted on an incident's timeline: the window hears it. */
  effects: Pick<Effects, 'timelineChanged'>
  fetch?: typeof fetch
  random?: () => number
  /** The retry schedule (the forwarder's by default); tests shorten it. */
  retryDelaysMs?: readonly number[]
  timeoutMs?: number
  /** How often the extension sweep runs at most; tests shorten it. */
  sweepMs?: number
}

/** The status an action still needs when it is sent; undoing (reopen, un-acknowledge) needs none. */
const STATUS_FOR: Partial<Record<SourceActionKind, Incident['status']>> = {
  acknowledge: 'acknowledged',
  extend: 'acknowledged',
  resolve: 'resolved',
}

/** Which action on the source a change you made is, if any. */
export function sourceActionFor(transition: Transition): { action: SourceActionKind; until: number | null } | null {
  if (transition.previous === null || transition.stale) return null
  if (transition.snoozedUntil !== undefined) return { action: 'snooze', until: transition.snoozedUntil }
  if (transition.status === transition.previous) return null
  if (transition.status === 'acknowledged') return { action: 'acknowledge', until: null }
  if (transition.status === 'resolved') return { action: 'resolve', until: null }
  return { action: transition.previous === 'acknowledged' ? 'unacknowledge' : 'reopen', until: null }
}

export function createSourceActor(deps: SourceActorDeps) {
  const doFetch = deps.fetch ?? fetch
  const random = deps.random ?? Math.random
  const delays = deps.retryDelaysMs ?? RETRY_DELAYS_MS
  const sweepMs = deps.sweepMs ?? 60_000
  const outbox = createSourceOutbox(deps.db)
  let sweeper: NodeJS.Timeout | null = null
  const drainer = createDrainer({
    due: outbox.due,
    nextDueAt: outbox.nextDueAt,
    attempt: (row: SourceActionRow) => attempt(row),
    now: deps.now,
    log: deps.log,
    label: '[source] action',
    postpone: (row, error, at) =>
      outbox.record(row.id, {
        state: 'pending',
        attempts: row.attempts,
        nextAttemptAt: at,
        status: row.last_status,
        error,
        finishedAt: null,
      }),
  })
  const drain = drainer.drain

  /** The integration's connection with the tool that acts for it, or null when it has none. */
  function connectionOf(integrationId: string): { tool: SourceTool; connection: SourceConnection } | null {
    const integration = deps.settings.integration(integrationId)
    const tool = integration ? sourceToolFor(integration.provider) : undefined
    if (!integration?.source?.apiUrl || !tool) return null
    return { tool, connection: integration.source }
  }

  function note(incidentId: string, text: string): void {
    try {
      deps.incidents.note(incidentId, 'source', text, deps.now())
      const incident = deps.incidents.get(incidentId)
      if (incident) deps.effects.timelineChanged(incident)
    } catch {
      // The incident was pruned meanwhile; the action's own row still says what happened.
    }
  }

  async function attempt(row: SourceActionRow): Promise<void> {
    const now = deps.now()
    const attempts = row.attempts + 1
    const finish = (state: 'done' | 'skipped' | 'failed', status: number | null, error: string | null) =>
      outbox.record(row.id, { state, attempts, nextAttemptAt: null, status, error, finishedAt: deps.now() })
    const quiet = row.action === 'extend'
    const incident = deps.incidents.get(row.incident_id)
    const setup = connectionOf(row.integration_id)
    if (!incident || !setup) {
      const why = !incident ? 'the incident was deleted' : 'the connection to the source was removed'
      finish('failed', null, why)
      if (incident) note(row.incident_id, `Not sent to the source: ${why}`)
      if (quiet) stopExtending(row.incident_id)
      return
    }
    const { tool, connection } = setup
    let ref = outbox.ref(row.incident_id)
    // Undoing what has ended by itself (a silence past its endsAt, the laptop asleep meanwhile) has nothing to
    // undo: Alertmanager refuses to expire an expired silence, and retrying that for hours helps no one.
    if (ref && ref.until !== null && ref.until <= now && (row.action === 'unacknowledge' || row.action === 'reopen')) {
      outbox.forgetRef(row.incident_id)
      ref = null
    }
    const input: ActionInput = {
      action: row.action,
      incident,
      connection,
      user: row.user,
      previousRef: ref?.ref ?? null,
      until: row.until,
      now,
    }
    // An action sent late (retried, or behind another) must still be true here: acknowledging the source of an
    // incident that was reopened meanwhile would silence what someone must look at. Undoing is always sent.
    const expected = STATUS_FOR[row.action]
    if (expected && incident.status !== expected) {
      finish('skipped', null, `the incident is ${incident.status} now`)
      if (!quiet) note(row.incident_id, `Not sent to ${tool.name}: the incident is ${incident.status} now`)
      return
    }
    const planned = tool.actions.includes(row.action)
      ? tool.plan(input)
      : ({ kind: 'skip', why: `${tool.name} has no ${row.action}` } as const)
    if (planned.kind === 'skip') {
      finish('skipped', null, planned.why)
      if (!quiet) note(row.incident_id, `Not sent to ${tool.name}: ${planned.why}`)
      return
    }
    if (planned.kind === 'impossible') {
      finish('failed', null, planned.reason)
      note(row.incident_id, `Not sent to ${tool.name}: ${planned.reason}`)
      if (quiet) stopExtending(row.incident_id)
      return
    }
    const outcome = await sendToSource(tool, connection, planned.request, {
      fetch: doFetch,
      now: deps.now,
      signal: drainer.signal(),
      timeoutMs: deps.timeoutMs,
    })
    // Shutting down mid-attempt: left pending, sent again on the next start.
    if (drainer.stopped()) return
    switch (outcome.kind) {
      case 'done': {
        const done = tool.done(input, outcome.answer)
        finish('done', outcome.answer.status, null)
        const at = deps.now()
        if (done.forgetRef) outbox.forgetRef(row.incident_id)
        else if (done.ref !== null || done.refUntil !== undefined) {
          const until = done.refUntil ?? null
          outbox.setRef(
            row.incident_id,
            {
              ref: done.ref ?? ref?.ref ?? '',
              until,
              // Extended when half its time is up, so one missed sweep (a laptop asleep) does not let it lapse.
              extendAt: until !== null && tool.actions.includes('extend') ? at + Math.max(0, (until - at) / 2) : null,
            },
            at,
          )
        }
        // An extension that kept the same silence is routine: no line every half-hour.
        if (!quiet || (done.ref !== null && done.ref !== ref?.ref)) note(row.incident_id, done.text)
        return
      }
      case 'failed':
        finish('failed', outcome.status, outcome.error)
        note(row.incident_id, outcome.error)
        if (quiet) stopExtending(row.incident_id)
        return
      case 'retry': {
        const delay = nextRetryDelay(attempts, delays, random, outcome.retryAfterMs)
        if (delay === null) {
          finish('failed', outcome.status, `${outcome.error}; gave up after ${attempts} attempts`)
          note(row.incident_id, `${tool.name}: failed after ${attempts} attempts (${outcome.error})`)
          if (quiet) stopExtending(row.incident_id)
          return
        }
        outbox.record(row.id, {
          state: 'pending',
          attempts,
          nextAttemptAt: deps.now() + delay,
          status: outcome.status,
          error: outcome.error,
          finishedAt: null,
        })
        if (attempts === 1) note(row.incident_id, `${tool.name}: attempt failed (${outcome.error}); retrying`)
        return
      }
    }
  }

  function stopExtending(incidentId: string): void {
    const ref = outbox.ref(incidentId)
    if (ref) outbox.setRef(incidentId, { ...ref, extendAt: null }, deps.now())
  }

  /** Extends the silences whose half-time is up (their incidents still acknowledged), then tidies up. */
  function sweep(): void {
    if (drainer.stopped()) return
    const now = deps.now()
    let added = 0
    try {
      for (const incidentId of outbox.toExtend(now)) {
        const incident = deps.incidents.get(incidentId)
        if (!incident) continue
        outbox.add({
          incidentId,
          integrationId: incident.integrationId,
          provider: incident.provider,
          action: 'extend',
          user: deps.settings.preferences().userName,
          until: null,
          now,
        })
        // In progress: not picked again until this extension is done (which sets the next time) or fails.
        stopExtending(incidentId)
        added++
      }
      outbox.tidy(now)
    } catch (error) {
      deps.log(`[source] extending silences failed: ${String(error)}`)
    }
    if (added > 0) void drain()
    scheduleSweep()
  }

  function scheduleSweep(): void {
    if (drainer.stopped()) return
    if (sweeper) clearTimeout(sweeper)
    const next = outbox.nextExtendAt()
    // At least a second apart: a ref whose time has come but whose incident has an action pending waits for it.
    const wait = next === null ? sweepMs : Math.min(sweepMs, Math.max(1_000, next - deps.now()))
    sweeper = setTimeout(sweep, wait)
    sweeper.unref?.()
  }

  return {
    start(): void {
      drainer.start()
      scheduleSweep()
    },
    stop(): Promise<void> {
      if (sweeper) clearTimeout(sweeper)
      sweeper = null
      return drainer.stop()
    },
    /**
     * Inside the transaction of a change you made (incident/effects.ts): commits the action on the source it
     * becomes, when the incident's integration acts on its source and the tool has that action.
     */
    record(incident: Incident, transition: Transition): boolean {
      const wanted = sourceActionFor(transition)
      if (!wanted) return false
      const setup = connectionOf(incident.integrationId)
      if (!setup || !setup.tool.actions.includes(wanted.action)) return false
      outbox.add({
        incidentId: incident.id,
        integrationId: incident.integrationId,
        provider: incident.provider,
        action: wanted.action,
        user: deps.settings.preferences().userName,
        until: wanted.until,
        now: deps.now(),
      })
      return true
    },
    wake(): void {
      void drain()
    },
    retryNow(id: number): boolean {
      if (!outbox.retry(id, deps.now())) return false
      void drain()
      return true
    },
    forIncident: (incidentId: string) => outbox.ofIncident(incidentId, (provider) => sourceToolFor(provider)?.name ?? provider),
    /** The last ref an action left for an incident (Alertmanager: the silence id), for tests and the detail. */
    refOf: (incidentId: string) => outbox.ref(incidentId),
    /** Settings' "Test connection": the tool's harmless read with this connection, and what it says. */
    async test(integrationId: string, connection: SourceConnection): Promise<SourceTestResult> {
      const integration = deps.settings.integration(integrationId)
      if (!integration) throw notFound(`no integration ${integrationId}`)
      const tool = sourceToolFor(integration.provider)
      if (!tool) return { ok: false, status: null, message: `Hookbell cannot act on ${integration.provider} yet` }
      const outcome = await sendToSource(tool, connection, tool.probe(connection), {
        fetch: doFetch,
        now: deps.now,
        signal: drainer.signal(),
        timeoutMs: deps.timeoutMs,
      })
      if (outcome.kind === 'done') return { ok: true, status: outcome.answer.status, message: tool.describeProbe(outcome.answer) }
      return { ok: false, status: outcome.status, message: outcome.error }
    },
    drain,
    /** For tests: runs the extension sweep now. */
    sweep,
  }
}

export type SourceActor = ReturnType<typeof createSourceActor>
