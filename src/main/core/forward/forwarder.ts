// Durable outgoing webhooks: every forward is committed to the outbox before its first attempt, then sent
// with growing, jittered delays until it is delivered, refused for good, or out of attempts.
import { randomUUID } from 'node:crypto'
import { SEVERITY_RANK, type Incident } from '../../../shared/incident'
import type { ForwardTestResult, ForwardView, TargetEvent, TargetInput, TemplatePreview } from '../../../shared/target'
import { badRequest, notFound } from '../../../server-common/errors'
import type { Db } from '../../../server-common/sqlite'
import type { IncidentStore } from '../store/incident-store'
import { PRESETS } from './presets'
import { signatureHeaders } from './signing'
import { normalizeInput, validate, type Target, type Targets } from './targets'
import { describeIncident } from '../describe-incident'
import { checkJson, renderTemplate, templateVariables } from './template'

/** Delay before attempt n+1 (ms): immediately, 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h — about 5 h. */
export const RETRY_DELAYS_MS = [0, 5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000]
const TIMEOUT_MS = 15_000
const MAX_RETRY_AFTER_MS = 3 * 3_600_000

interface Snapshot {
  event: TargetEvent
  timestamp: string
  incident: Incident
  sourceName: string
}

interface ForwardRow {
  id: number
  incident_id: string
  target_id: string
  event: string
  message_id: string
  snapshot: string
  state: 'pending' | 'delivered' | 'failed'
  attempts: number
  next_attempt_at: number | null
  last_status: number | null
  last_error: string | null
  created_at: number
}

export interface ForwarderDeps {
  db: Db
  targets: Targets
  incidents: IncidentStore
  sourceName: (integrationId: string) => string
  version: string
  now: () => number
  random?: () => number
  log: (message: string) => void
  /** A forward finished (delivered or failed): the incident's timeline changed. */
  onFinished: (incidentId: string) => void
  fetch?: typeof fetch
  /** The retry schedule; tests shorten it. */
  retryDelaysMs?: readonly number[]
}

type Outcome = {
  kind: 'delivered' | 'retry' | 'failed' | 'gone'
  status: number | null
  error: string | null
  retryAfterMs?: number
}

export function createForwarder(deps: ForwarderDeps) {
  const doFetch = deps.fetch ?? fetch
  const random = deps.random ?? Math.random
  const delays = deps.retryDelaysMs ?? RETRY_DELAYS_MS
  const { db } = deps
  const stmt = {
    insert: db.prepare(
      `INSERT INTO forwards (incident_id, target_id, event, message_id, snapshot, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    due: db.prepare(`SELECT * FROM forwards WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 20`),
    nextDue: db.prepare(`SELECT MIN(next_attempt_at) AS at FROM forwards WHERE state = 'pending'`),
    update: db.prepare(
      `UPDATE forwards SET state = ?, attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?, finished_at = ? WHERE id = ?`,
    ),
    failed: db.prepare(`SELECT * FROM forwards WHERE state = 'failed' ORDER BY id DESC LIMIT 200`),
    byId: db.prepare(`SELECT * FROM forwards WHERE id = ?`),
  }
  let timer: NodeJS.Timeout | null = null
  let draining: Promise<void> | null = null
  let stopped = true
  // Aborts requests in flight on stop: quitting must not wait for a slow receiver's 15 s timeout.
  let halt = new AbortController()

  function render(target: Target, snapshot: Snapshot, messageId: string, now: number) {
    const json = /json/i.test(target.contentType ?? 'application/json')
    const secrets = target.secrets ?? {}
    let body: string
    if (target.template) {
      const rendered = renderTemplate(target.template, templateVariables(snapshot), { json, secrets })
      if (!rendered.ok) return { ok: false as const, error: rendered.error }
      body = rendered.text
      if (json) {
        const problem = checkJson(body)
        if (problem) return { ok: false as const, error: problem }
      }
    } else {
      body = JSON.stringify(defaultBody(snapshot))
    }
    const headers: Record<string, string> = {
      'content-type': target.contentType || 'application/json',
      'user-agent': `Hookbell/${deps.version}`,
      'x-webhook-event': snapshot.event,
    }
    for (const [name, template] of Object.entries(target.headers ?? {})) {
      const value = renderTemplate(template, templateVariables(snapshot), { json: false, secrets })
      if (!value.ok) return { ok: false as const, error: `header ${name}: ${value.error}` }
      headers[name.toLowerCase()] = value.text
    }
    Object.assign(headers, signatureHeaders(target.signing ?? 'none', target.secret ?? null, messageId, now, body))
    return { ok: true as const, body, headers }
  }

  async function send(
    url: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<Outcome & { latencyMs: number; excerpt: string }> {
    const started = performance.now()
    try {
      const response = await doFetch(url, {
        method: 'POST',
        body,
        headers,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), halt.signal]),
      })
      const text = await response.text().catch(() => '')
      const latencyMs = Math.round(performance.now() - started)
      const excerpt = text.slice(0, 500)
      const status = response.status
      if (status >= 200 && status < 300) return { kind: 'delivered', status, error: null, latencyMs, excerpt }
      if (status === 410) return { kind: 'gone', status, error: 'the receiver answered 410 Gone', latencyMs, excerpt }
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), deps.now())
      if (status === 408 || status === 429 || status >= 500) {
        return { kind: 'retry', status, error: `HTTP ${status}`, retryAfterMs, latencyMs, excerpt }
      }
      const why = status >= 300 && status < 400 ? 'redirects are not followed: update the target URL' : 'the receiver refused it'
      return { kind: 'failed', status, error: `HTTP ${status}: ${why}`, latencyMs, excerpt }
    } catch (error) {
      const latencyMs = Math.round(performance.now() - started)
      const name = (error as Error).name
      const message =
        name === 'TimeoutError'
          ? `no answer within ${TIMEOUT_MS / 1000} s`
          : `could not connect (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`
      return { kind: 'retry', status: null, error: message, latencyMs, excerpt: '' }
    }
  }

  async function attempt(row: ForwardRow): Promise<void> {
    const target = deps.targets.get(row.target_id)
    const now = deps.now()
    const attempts = row.attempts + 1
    const finish = (state: 'delivered' | 'failed', status: number | null, error: string | null) => {
      stmt.update.run(state, attempts, null, status, error, now, row.id)
    }
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
    const rendered = render(target, snapshot, row.message_id, now)
    if (!rendered.ok) {
      finish('failed', null, rendered.error)
      note(row, target.name, `failed: ${rendered.error}`)
      return
    }
    const outcome = await send(target.url, rendered.body, rendered.headers)
    if (stopped) {
      // Shutting down mid-attempt: leave it pending; it is sent again on the next start (receivers dedupe
      // on webhook-id / the event id).
      return
    }
    const at = deps.now()
    switch (outcome.kind) {
      case 'delivered':
        stmt.update.run('delivered', attempts, null, outcome.status, null, at, row.id)
        note(row, target.name, `→ ${outcome.status}`)
        return
      case 'gone':
        stmt.update.run('failed', attempts, null, outcome.status, outcome.error, at, row.id)
        deps.targets.disable(target.id, `410 Gone at ${new Date(at).toISOString()}: the receiver asked not to send again`)
        note(row, target.name, '→ 410 Gone; target disabled')
        deps.log(`[forward] target "${target.name}" answered 410 Gone and was disabled`)
        return
      case 'failed':
        stmt.update.run('failed', attempts, null, outcome.status, outcome.error, at, row.id)
        note(row, target.name, `failed: ${outcome.error}`)
        return
      case 'retry': {
        if (attempts >= delays.length) {
          stmt.update.run(
            'failed',
            attempts,
            null,
            outcome.status,
            `${outcome.error}; gave up after ${attempts} attempts`,
            at,
            row.id,
          )
          note(row, target.name, `failed after ${attempts} attempts: ${outcome.error}`)
          return
        }
        const base = delays[attempts]!
        const jittered = base * (0.8 + random() * 0.4)
        const delay = Math.min(Math.max(jittered, outcome.retryAfterMs ?? 0), MAX_RETRY_AFTER_MS)
        stmt.update.run('pending', attempts, at + Math.round(delay), outcome.status, outcome.error, null, row.id)
        if (attempts === 1) note(row, target.name, `attempt failed (${outcome.error}); retrying`)
        return
      }
    }
  }

  function note(row: ForwardRow, targetName: string, text: string): void {
    try {
      deps.incidents.note(row.incident_id, 'forward', `${eventLabel(row.event)} to ${targetName} ${text}`, deps.now())
      deps.onFinished(row.incident_id)
    } catch {
      // The incident was pruned meanwhile; the forward's own row still says what happened.
    }
  }

  /** Sends what is due, batch after batch, until nothing is. One drain at a time; stop() waits for it. */
  function drain(): Promise<void> {
    if (stopped) return Promise.resolve()
    draining ??= sendDue().finally(() => {
      draining = null
      schedule()
    })
    return draining
  }

  async function sendDue(): Promise<void> {
    while (!stopped) {
      const rows = stmt.due.all(deps.now()) as unknown as ForwardRow[]
      if (rows.length === 0) return
      // The batch goes out together: one slow receiver must not hold up the others.
      await Promise.all(
        rows.map((row) =>
          attempt(row).catch((error: unknown) => deps.log(`[forward] attempt ${row.id} failed unexpectedly: ${String(error)}`)),
        ),
      )
    }
  }

  function schedule(): void {
    if (stopped) return
    if (timer) clearTimeout(timer)
    const { at } = stmt.nextDue.get() as { at: number | null }
    if (at === null) return
    timer = setTimeout(() => void drain(), Math.max(0, at - deps.now()))
    timer.unref?.()
  }

  function enqueue(incident: Incident, target: Target, event: TargetEvent): number {
    const snapshot: Snapshot = {
      event,
      timestamp: new Date(deps.now()).toISOString(),
      incident,
      sourceName: deps.sourceName(incident.integrationId),
    }
    const { id } = stmt.insert.get(
      incident.id,
      target.id,
      event,
      `msg_${randomUUID().replaceAll('-', '')}`,
      JSON.stringify(snapshot),
      deps.now(),
      deps.now(),
    ) as { id: number }
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
    start(): void {
      stopped = false
      halt = new AbortController()
      void drain()
    },
    /** Stops scheduling and waits for attempts in flight, so nothing touches the database after it closes. */
    stop(): Promise<void> {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      halt.abort()
      return draining ?? Promise.resolve()
    },
    /** Auto-forward rules: called for incident events (ingest and user actions). */
    onIncidentEvent(incident: Incident, event: TargetEvent): number[] {
      return deps.targets
        .all()
        .filter((t) => matches(t, incident, event))
        .map((t) => enqueue(incident, t, event))
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
    async test(targetId: string): Promise<ForwardTestResult> {
      const target = deps.targets.get(targetId)
      if (!target) throw notFound(`no target ${targetId}`)
      const rendered = render(
        target,
        {
          event: 'incident.forwarded',
          timestamp: new Date(deps.now()).toISOString(),
          incident: SAMPLE_INCIDENT,
          sourceName: 'Hookbell test',
        },
        `msg_test_${randomUUID().replaceAll('-', '')}`,
        deps.now(),
      )
      if (!rendered.ok) return { ok: false, status: null, latencyMs: 0, bodyExcerpt: '', error: rendered.error }
      const outcome = await send(target.url, rendered.body, rendered.headers)
      return {
        ok: outcome.kind === 'delivered',
        status: outcome.status,
        latencyMs: outcome.latencyMs,
        bodyExcerpt: outcome.excerpt,
        error: outcome.error,
      }
    },
    preview(input: TargetInput, incident?: Incident): TemplatePreview {
      let target: Target
      try {
        target = validate({ id: 'preview', createdAt: '', disabledReason: null, ...normalizeInput(input, null) })
      } catch (error) {
        return { ok: false, body: '', headers: {}, error: (error as Error).message }
      }
      const snapshot: Snapshot = {
        event: 'incident.forwarded',
        timestamp: new Date(deps.now()).toISOString(),
        incident: incident ?? SAMPLE_INCIDENT,
        sourceName: incident ? deps.sourceName(incident.integrationId) : 'Sentry',
      }
      const rendered = render(target, snapshot, 'msg_preview', deps.now())
      if (!rendered.ok) return { ok: false, body: '', headers: {}, error: rendered.error }
      // Signature and secret-bearing header values are not shown in a preview.
      const headers = Object.fromEntries(
        Object.entries(rendered.headers).map(([k, v]) => [k, /signature|authorization/i.test(k) ? '[redacted]' : v]),
      )
      return { ok: true, body: rendered.body, headers, error: null }
    },
    presets: (): TargetInput[] => PRESETS,
    failed(): ForwardView[] {
      const names = new Map(deps.targets.all().map((t) => [t.id, t.name]))
      return (stmt.failed.all() as unknown as ForwardRow[]).map((r) => ({
        id: r.id,
        incidentId: r.incident_id,
        targetId: r.target_id,
        targetName: names.get(r.target_id) ?? '(deleted target)',
        event: r.event,
        state: r.state,
        attempts: r.attempts,
        lastStatus: r.last_status,
        lastError: r.last_error,
        nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at).toISOString() : null,
        createdAt: new Date(r.created_at).toISOString(),
      }))
    },
    retryNow(id: number): boolean {
      const row = stmt.byId.get(id) as ForwardRow | undefined
      if (!row || row.state !== 'failed') return false
      stmt.update.run('pending', 0, deps.now(), row.last_status, row.last_error, null, id)
      void drain()
      return true
    },
    /** For tests and shutdown: resolves when nothing is due right now. */
    drain,
  }
}

export type Forwarder = ReturnType<typeof createForwarder>

function eventLabel(event: string): string {
  return event === 'incident.forwarded' ? 'forwarded' : `${event} sent`
}

/** Retry-After in seconds or as an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

const URGENCY: Record<Incident['severity'], string> = { critical: 'HIGH', error: 'HIGH', warning: 'MEDIUM', info: 'LOW' }

/** The default body: seed 001's outgoing shape, plus the incident's own detail under `hookbell`. */
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
