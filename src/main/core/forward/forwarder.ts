// Durable outgoing webhooks: every forward is committed to the outbox before its first attempt, then sent
// with growing, jittered delays until it is delivered, refused for good, or out of attempts. This module
// decides when and what; the parts do one job each: outbox.ts (the table), payload.ts (what is sent),
// render.ts (bytes, headers, signature), send.ts (one attempt and its meaning), retry.ts (when again).
import { randomUUID } from 'node:crypto'
import { SEVERITY_RANK, type Incident } from '../../../shared/incident'
import type { ForwardTestResult, ForwardView, TargetEvent, TargetInput, TemplatePreview } from '../../../shared/target'
import { badRequest, notFound } from '../../../server-common/errors'
import type { Db } from '../../../server-common/sqlite'
import type { IncidentStore } from '../store/incident-store'
import type { Effects } from '../incident/effects'
import { createOutbox, type ForwardRow } from './outbox'
import { SAMPLE_INCIDENT, snapshotOf, type Snapshot } from './payload'
import { PRESETS } from './presets'
import { redactForPreview, render } from './render'
import { nextRetryDelay, RETRY_DELAYS_MS, waitInWords } from './retry'
import { createDrainer } from './drain'
import { send } from './send'
import { normalizeInput, validate, type Target, type Targets } from './targets'

export interface ForwarderDeps {
  db: Db
  targets: Targets
  incidents: IncidentStore
  sourceName: (integrationId: string) => string
  version: string
  now: () => number
  random?: () => number
  log: (message: string) => void
  /** A forward finished (delivered or failed): the incident's timeline changed, the window hears it. */
  effects: Pick<Effects, 'timelineChanged'>
  fetch?: typeof fetch
  /** The retry schedule; tests shorten it. */
  retryDelaysMs?: readonly number[]
}

export function createForwarder(deps: ForwarderDeps) {
  const doFetch = deps.fetch ?? fetch
  const random = deps.random ?? Math.random
  const delays = deps.retryDelaysMs ?? RETRY_DELAYS_MS
  const outbox = createOutbox(deps.db)
  const drainer = createDrainer({
    outbox,
    attempt: (row: ForwardRow) => attempt(row),
    now: deps.now,
    log: deps.log,
    label: '[forward] attempt',
  })
  const drain = drainer.drain

  // Aborted on stop: quitting must not wait for a slow receiver's 15 s timeout.
  const sendNow = (url: string, body: string, headers: Record<string, string>) =>
    send(url, body, headers, { fetch: doFetch, now: deps.now, signal: drainer.signal() })

  async function attempt(row: ForwardRow): Promise<void> {
    const target = deps.targets.get(row.target_id)
    const now = deps.now()
    const attempts = row.attempts + 1
    const finish = (state: 'delivered' | 'failed', status: number | null, error: string | null, at = now) =>
      outbox.record(row.id, { state, attempts, nextAttemptAt: null, status, error, finishedAt: at })
    if (!target || !target.enabled) {
      finish(
        'failed',
        null,
        target ? `target disabled${target.disabledReason ? `: ${target.disabledReason}` : ''}` : 'target deleted',
      )
      note(row, target?.name ?? 'a deleted target', `not sent: ${target ? 'target disabled' : 'target deleted'}`)
      return
    }
    const snapshot = JSON.parse(row.snapshot) as Snapshot
    const rendered = render(target, snapshot, row.message_id, now, deps.version)
    if (!rendered.ok) {
      finish('failed', null, rendered.error)
      note(row, target.name, `failed: ${rendered.error}`)
      return
    }
    const outcome = await sendNow(target.url, rendered.body, rendered.headers)
    if (drainer.stopped()) {
      // Shutting down mid-attempt: leave it pending; it is sent again on the next start (receivers dedupe
      // on webhook-id / the event id).
      return
    }
    const at = deps.now()
    switch (outcome.kind) {
      case 'delivered':
        finish('delivered', outcome.status, null, at)
        note(row, target.name, attempts === 1 ? `→ ${outcome.status}` : `→ ${outcome.status} on attempt ${attempts}`)
        return
      case 'gone':
        finish('failed', outcome.status, outcome.error, at)
        deps.targets.disable(target.id, `410 Gone at ${new Date(at).toISOString()}: the receiver asked not to send again`)
        note(row, target.name, '→ 410 Gone; target disabled')
        deps.log(`[forward] target "${target.name}" answered 410 Gone and was disabled`)
        return
      case 'failed':
        finish('failed', outcome.status, outcome.error, at)
        note(row, target.name, `failed: ${outcome.error}`)
        return
      case 'retry': {
        const delay = nextRetryDelay(attempts, delays, random, outcome.retryAfterMs)
        if (delay === null) {
          finish('failed', outcome.status, `${outcome.error}; gave up after ${attempts} attempts`, at)
          note(row, target.name, `failed after ${attempts} attempts: ${outcome.error}`)
          return
        }
        outbox.record(row.id, {
          state: 'pending',
          attempts,
          nextAttemptAt: at + delay,
          status: outcome.status,
          error: outcome.error,
          finishedAt: null,
        })
        // Every attempt is its own line, with its time and answer: three 500s are three lines, not one.
        note(row, target.name, `attempt ${attempts} failed (${outcome.error}); retrying in ${waitInWords(delay)}`)
        return
      }
    }
  }

  /** The incident's timeline says what became of each forward and each attempt ("forwarded to Slack → 200"). */
  function note(row: ForwardRow, targetName: string, text: string): void {
    const label = row.event === 'incident.forwarded' ? 'forwarded' : `${row.event} sent`
    try {
      deps.incidents.note(row.incident_id, 'forward', `${label} to ${targetName} ${text}`, deps.now())
      const incident = deps.incidents.get(row.incident_id)
      if (incident) deps.effects.timelineChanged(incident)
    } catch {
      // The incident was pruned meanwhile; the forward's own row still says what happened.
    }
  }

  /** Commits one outbox row (inside the caller's transaction when there is one); sending is drain's job. */
  function insert(incident: Incident, target: Target, event: TargetEvent): number {
    const snapshot = snapshotOf(event, incident, deps.sourceName(incident.integrationId), deps.now())
    return outbox.add(target.id, snapshot, `msg_${randomUUID().replaceAll('-', '')}`, deps.now())
  }

  function enqueue(incident: Incident, target: Target, event: TargetEvent): number {
    const id = insert(incident, target, event)
    queueMicrotask(() => void drain())
    return id
  }

  function matches(target: Target, incident: Incident, event: TargetEvent): boolean {
    if (!target.enabled || !(target.events ?? []).includes(event)) return false
    const f = target.filters ?? {}
    if (f.integrations?.length && !f.integrations.includes(incident.integrationId)) return false
    if (f.minSeverity && SEVERITY_RANK[incident.severity] < SEVERITY_RANK[f.minSeverity]) return false
    return true
  }

  return {
    targets: deps.targets,
    start: drainer.start,
    /** Stops scheduling and waits for attempts in flight, so nothing touches the database after it closes. */
    stop: drainer.stop,
    /**
     * Auto-forward rules, inside the transaction of the change that caused `event` (a delivery, your action,
     * a teammate's note; incident/effects.ts): the outbox rows commit with the change, or not at all. Returns
     * how many; call `wake` after the commit to send them.
     */
    record(incident: Incident, event: TargetEvent): number {
      let recorded = 0
      for (const target of deps.targets.all()) {
        if (!matches(target, incident, event)) continue
        insert(incident, target, event)
        recorded++
      }
      return recorded
    },
    wake(): void {
      void drain()
    },
    forwardByHand(incident: Incident, targetId: string): number {
      const target = deps.targets.get(targetId)
      if (!target) throw notFound(`no target ${targetId}`)
      if (!target.enabled)
        throw badRequest(`target "${target.name}" is disabled${target.disabledReason ? `: ${target.disabledReason}` : ''}`)
      const id = enqueue(incident, target, 'incident.forwarded')
      deps.incidents.note(incident.id, 'forward', `queued forward to ${target.name}`, deps.now())
      return id
    },
    /** Sends the sample incident once, outside the outbox: the target editor's Test button. */
    async test(targetId: string): Promise<ForwardTestResult> {
      const target = deps.targets.get(targetId)
      if (!target) throw notFound(`no target ${targetId}`)
      const snapshot = snapshotOf('incident.forwarded', SAMPLE_INCIDENT, 'Hookbell test', deps.now())
      const messageId = `msg_test_${randomUUID().replaceAll('-', '')}`
      const rendered = render(target, snapshot, messageId, deps.now(), deps.version)
      if (!rendered.ok) return { ok: false, status: null, latencyMs: 0, bodyExcerpt: '', error: rendered.error }
      const outcome = await sendNow(target.url, rendered.body, rendered.headers)
      return {
        ok: outcome.kind === 'delivered',
        status: outcome.status,
        latencyMs: outcome.latencyMs,
        bodyExcerpt: outcome.excerpt,
        error: outcome.error,
      }
    },
    /** What a target being edited would send, for an incident or the sample; nothing is sent. */
    preview(input: TargetInput, incident?: Incident): TemplatePreview {
      let target: Target
      try {
        target = validate({ id: 'preview', createdAt: '', disabledReason: null, ...normalizeInput(input, null) })
      } catch (error) {
        return { ok: false, body: '', headers: {}, error: (error as Error).message }
      }
      const sourceName = incident ? deps.sourceName(incident.integrationId) : 'Sentry'
      const snapshot = snapshotOf('incident.forwarded', incident ?? SAMPLE_INCIDENT, sourceName, deps.now())
      const rendered = render(target, snapshot, 'msg_preview', deps.now(), deps.version)
      if (!rendered.ok) return { ok: false, body: '', headers: {}, error: rendered.error }
      return { ok: true, body: rendered.body, headers: redactForPreview(rendered.headers), error: null }
    },
    presets: (): TargetInput[] => PRESETS,
    failed(): ForwardView[] {
      const names = new Map(deps.targets.all().map((t) => [t.id, t.name]))
      return outbox.failed((id) => names.get(id))
    },
    retryNow(id: number): boolean {
      if (!outbox.retry(id, deps.now())) return false
      void drain()
      return true
    },
    /** For tests and shutdown: resolves when nothing is due right now. */
    drain,
  }
}

export type Forwarder = ReturnType<typeof createForwarder>
