// Acting on the source: your acknowledge, resolve, reopen or snooze becomes a request to the tool that sent
// the alert, when its integration has a connection (Settings → Integrations → Act on the source). This module
// decides when and what; the parts do one job each: outbox.ts (the tables), tools/ (each tool's requests),
// send.ts (one attempt and what its answer means), forward/retry.ts (when again, the forwarder's schedule).
// - A row is committed in the transaction of your own change (incident/effects.ts, cause 'user'): a crash
//   after the commit sends it once on the next start, a crash before sends nothing. A delivery or a
//   teammate's note never acts on the source: the tool already knows, or the teammate's Hookbell acted.
// - Sending never blocks or undoes the local change; each outcome is a line on the incident's timeline.
// - An attempt is counted before its request leaves; one that may have arrived (a retry, a restart after a
//   crash mid-send) lets a tool look first (types.ts, `lookup`): Alertmanager's retried POST reuses the silence
//   the lost one made instead of adding another.
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
import { nextRetryDelay, RETRY_DELAYS_MS, waitInWords } from '../forward/retry'
import { createSourceOutbox, type SourceActionRow } from './outbox'
import { sendToSource, type SourceOutcome } from './send'
import { sourceToolFor } from './tools'
import type { ActionInput, SourceActionKind, SourceConnection, SourceRequest, SourceTool } from './types'

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

/**
 * What must still be true of the incident when an action is sent (late: retried, or behind another): an
 * acknowledge of an incident reopened meanwhile would silence what someone must look at, and an undo of an
 * incident acknowledged again meanwhile would unmute it at the source while Hookbell shows it acknowledged.
 */
const STILL_TRUE: Record<SourceActionKind, (status: Incident['status']) => boolean> = {
  acknowledge: (s) => s === 'acknowledged',
  extend: (s) => s === 'acknowledged',
  resolve: (s) => s === 'resolved',
  unacknowledge: (s) => s !== 'acknowledged',
  reopen: (s) => s !== 'resolved',
  snooze: () => true,
}

/** Actions that undo what an earlier one left at the tool (an Alertmanager silence): they target its ref. */
const UNDOES: ReadonlySet<SourceActionKind> = new Set(['unacknowledge', 'reopen', 'resolve'])

/** Which action on the source a change you made is, if any. */
export function sourceActionFor(transition: Transition): { action: SourceActionKind; until: number | null } | null {
  if (transition.previous === null || transition.stale) return null
  // Ending a snooze (un-snooze, or undoing one) is no action: no tool has an un-snooze, and a "snooze" without
  // an end could never be sent (the tools' snooze needs one).
  if (transition.snoozedUntil !== undefined)
    return transition.snoozedUntil === null ? null : { action: 'snooze', until: transition.snoozedUntil }
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
    outbox,
    attempt: (row: SourceActionRow) => attempt(row),
    now: deps.now,
    log: deps.log,
    label: '[source] action',
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
    if (ref && ref.until !== null && ref.until <= now && UNDOES.has(row.action)) {
      outbox.forgetRef(row.incident_id)
      ref = null
    }
    // An undo expires what it was made for (its row's target, taken when it was made), and only while that is
    // still the incident's current ref: one replaced or forgotten since has ended, and the current one belongs
    // to a later acknowledge. Rows made with an action in flight, or before the column, target the current one.
    const current = ref?.ref ?? null
    const previousRef = UNDOES.has(row.action) && row.target_ref !== null && row.target_ref !== current ? null : current
    const input: ActionInput = {
      action: row.action,
      actionId: row.id,
      // Attempted before: counted (below, before each send) or failed and retried from the detail view.
      attempted: row.attempts > 0 || row.last_error !== null,
      incident,
      connection,
      user: row.user,
      previousRef,
      until: row.until,
      now,
    }
    // An action sent late (retried, or behind another) must still be true here (STILL_TRUE).
    if (!STILL_TRUE[row.action](incident.status)) {
      finish('skipped', null, `the incident is ${incident.status} now`)
      if (!quiet) note(row.incident_id, `Not sent to ${tool.name}: the incident is ${incident.status} now`)
      return
    }
    if (!tool.actions.includes(row.action)) {
      finish('skipped', null, `${tool.name} has no ${row.action}`)
      if (!quiet) note(row.incident_id, `Not sent to ${tool.name}: ${tool.name} has no ${row.action}`)
      return
    }
    // Counted before it leaves: a crash or a stop while it is in flight leaves attempts > 0, so the next start
    // knows it may have arrived (`attempted`) and a tool that creates looks first (types.ts, `lookup`).
    const started = () =>
      outbox.record(row.id, {
        state: 'pending',
        attempts,
        nextAttemptAt: row.next_attempt_at,
        status: row.last_status,
        error: row.last_error,
        finishedAt: null,
      })
    const send = (request: SourceRequest) =>
      sendToSource(tool, connection, request, {
        fetch: doFetch,
        now: deps.now,
        signal: drainer.signal(),
        timeoutMs: deps.timeoutMs,
      })
    const lookup = tool.lookup?.(input) ?? null
    if (lookup) {
      started()
      const looked = await send(lookup)
      // Shutting down mid-attempt: left pending, sent again on the next start.
      if (drainer.stopped()) return
      if (looked.kind !== 'done') return notDone(row, tool, attempts, looked)
      input.found = looked.answer
    }
    const planned = tool.plan(input)
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
    if (!lookup) started()
    const outcome = await send(planned.request)
    if (drainer.stopped()) return
    if (outcome.kind !== 'done') return notDone(row, tool, attempts, outcome)
    const done = tool.done(input, outcome.answer)
    finish('done', outcome.answer.status, null)
    const at = deps.now()
    if (done.forgetRef) outbox.forgetRef(row.incident_id)
    else if (done.ref !== null || done.refUntil !== undefined) {
      const until = done.refUntil ?? null
      outbox.setRef(
        row.incident_id,
        {
          ref: done.ref ?? current ?? '',
          until,
          // Extended when half its time is up, so one missed sweep (a laptop asleep) does not let it lapse.
          extendAt: until !== null && tool.actions.includes('extend') ? at + Math.max(0, (until - at) / 2) : null,
        },
        at,
      )
    }
    // An extension that kept the same silence is routine: no line every half-hour.
    if (!quiet || (done.ref !== null && done.ref !== current)) note(row.incident_id, done.text)
  }

  /** A request that was not a success: failed for good, or retried on the forwarder's schedule. */
  function notDone(
    row: SourceActionRow,
    tool: SourceTool,
    attempts: number,
    outcome: Exclude<SourceOutcome, { kind: 'done' }>,
  ): void {
    const quiet = row.action === 'extend'
    const fail = (error: string) =>
      outbox.record(row.id, {
        state: 'failed',
        attempts,
        nextAttemptAt: null,
        status: outcome.status,
        error,
        finishedAt: deps.now(),
      })
    if (outcome.kind === 'failed') {
      fail(outcome.error)
      note(row.incident_id, outcome.error)
      if (quiet) stopExtending(row.incident_id)
      return
    }
    const delay = nextRetryDelay(attempts, delays, random, outcome.retryAfterMs)
    if (delay === null) {
      fail(`${outcome.error}; gave up after ${attempts} attempts`)
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
    // Every attempt is its own line, with its time and answer and when the next one goes, as forwards are.
    note(row.incident_id, `${tool.name}: attempt ${attempts} failed (${outcome.error}); retrying in ${waitInWords(delay)}`)
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
      // An undo targets the ref there is now ('' none), so a retry much later cannot expire a newer silence.
      // With an action still in flight (an acknowledge whose silence is not made yet) the target is not known
      // yet: null, the current ref when it is sent, which is right since one incident's actions go in order.
      const targetRef = UNDOES.has(wanted.action) && !outbox.hasPending(incident.id) ? (outbox.ref(incident.id)?.ref ?? '') : null
      outbox.add({
        incidentId: incident.id,
        integrationId: incident.integrationId,
        provider: incident.provider,
        action: wanted.action,
        user: deps.settings.preferences().userName,
        until: wanted.until,
        targetRef,
        now: deps.now(),
      })
      return true
    },
    wake(): void {
      void drain()
    },
    /** Retry from the detail view: only a failed action that is its incident's latest ('superseded' otherwise). */
    retryNow(id: number): 'ok' | 'not-failed' | 'superseded' {
      const result = outbox.retry(id, deps.now())
      if (result === 'ok') void drain()
      return result
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
