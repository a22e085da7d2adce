// Acknowledgements shared by the team. When you acknowledge, resolve, reopen or snooze an incident that came
// through the team relay, a note (integration, dedup key, action, your name, time) is committed to an outbox
// and posted to the channel; every other laptop reading the channel applies it and shows "acknowledged by
// dana-laptop" (the name the relay's operator gave that reader, not one the note chooses). The relay is
// trusted for who posted a note, not for incidents: a note only changes an incident this laptop already has,
// of an integration fed through the relay, never creates one, and its timeline marks it as a teammate's.
import type { Incident } from '../../../shared/incident'
import type { TargetEvent } from '../../../shared/target'
import { parseTeamNote, type TeamAction, type TeamNote } from '../../../server-common/relay-protocol'
import type { Db } from '../../../server-common/sqlite'
import type { Settings } from '../settings/settings'
import type { DeliveryLog } from '../store/delivery-log'
import type { UserAction } from '../incident/lifecycle'
import type { IncidentStore } from '../store/incident-store'
import type { Effects } from '../incident/effects'
import { printable, type NoteAuthor } from './relay-items'

/** Retry schedule for a note the relay did not take (ms); the last one repeats. */
const RETRY_MS = [1000, 5000, 30_000, 120_000, 600_000]
/** Notes waiting beyond this are the oldest news: dropped first, with a log line, so the outbox stays bounded. */
const MAX_WAITING = 1000
/** The longest a teammate's note can snooze an incident here (your own snooze has no cap; theirs does). */
export const TEAMMATE_SNOOZE_MAX_MS = 86_400_000
/** Shown for a note from a relay that does not say which reader posted it. */
export const UNNAMED_READER = 'an unnamed reader'

export interface TeamNotesDeps {
  db: Db
  settings: Settings
  incidents: IncidentStore
  deliveries: DeliveryLog
  now: () => number
  log: (message: string) => void
  fetch?: typeof fetch
  /** A teammate's note changed an incident (its forwards committed with it): what follows the commit. */
  effects: Pick<Effects, 'afterCommit'>
}

/** The changes of yours a teammate hears about, by the event they are for forwarding. */
const TEAM_ACTIONS_BY_EVENT: Partial<Record<TargetEvent, TeamAction>> = {
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.updated': 'reopened',
  'incident.snoozed': 'snoozed',
}

export function createTeamNotes(deps: TeamNotesDeps) {
  const doFetch = deps.fetch ?? fetch
  const stmt = {
    insert: deps.db.prepare('INSERT INTO team_outbox (channel_url, note, created_at, next_attempt_at) VALUES (?, ?, ?, ?)'),
    trim: deps.db.prepare('DELETE FROM team_outbox WHERE id <= (SELECT MAX(id) FROM team_outbox) - ?'),
    due: deps.db.prepare(
      'SELECT id, channel_url, note, attempts FROM team_outbox WHERE next_attempt_at <= ? ORDER BY id LIMIT 20',
    ),
    next: deps.db.prepare('SELECT MIN(next_attempt_at) AS at FROM team_outbox'),
    done: deps.db.prepare('DELETE FROM team_outbox WHERE id = ?'),
    now: deps.db.prepare('UPDATE team_outbox SET next_attempt_at = ? WHERE next_attempt_at > ?'),
    retry: deps.db.prepare('UPDATE team_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?'),
  }
  let timer: NodeJS.Timeout | null = null
  let draining: Promise<void> | null = null
  let running = false
  const inflight = new Set<AbortController>()

  function relay(): { url: string; token: string } | null {
    const r = deps.settings.preferences().relay
    if (!r.enabled || !r.url || !r.readToken) return null
    return { url: r.url.replace(/\/+$/, ''), token: r.readToken }
  }

  function schedule(): void {
    if (!running) return
    if (timer) clearTimeout(timer)
    timer = null
    const at = (stmt.next.get() as { at: number | null }).at
    if (at === null) return
    timer = setTimeout(() => void drain(), Math.max(0, at - deps.now()))
    timer.unref?.()
  }

  async function post(url: string, token: string, note: string): Promise<{ ok: boolean; permanent: boolean; error: string }> {
    const controller = new AbortController()
    inflight.add(controller)
    try {
      const response = await doFetch(`${url}/notes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: note,
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(15_000)]),
      })
      await response.body?.cancel()
      // A 4xx other than 429 will not get better by retrying (wrong token, a note the relay refuses).
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 429
      return { ok: response.ok, permanent, error: `the relay answered ${response.status}` }
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } }
      return { ok: false, permanent: false, error: e.cause?.code ?? e.message }
    } finally {
      inflight.delete(controller)
    }
  }

  async function postDue(): Promise<void> {
    for (;;) {
      const rows = stmt.due.all(deps.now()) as { id: number; channel_url: string; note: string; attempts: number }[]
      if (rows.length === 0 || !running) break
      for (const row of rows) {
        if (!running) break
        const current = relay()
        if (!current || current.url !== row.channel_url) {
          // The team channel changed or was switched off: the note belongs to a channel no longer read.
          deps.log(`[relay] dropped a team note for ${row.channel_url}: that channel is no longer configured`)
          stmt.done.run(row.id)
          continue
        }
        const result = await post(current.url, current.token, row.note)
        if (result.ok) stmt.done.run(row.id)
        else if (result.permanent) {
          deps.log(`[relay] the relay refused a team note (${result.error}); dropped`)
          stmt.done.run(row.id)
        } else stmt.retry.run(deps.now() + RETRY_MS[Math.min(row.attempts, RETRY_MS.length - 1)]!, result.error, row.id)
      }
    }
  }

  /** One drain at a time; `finally` runs after the assignment, so a drain with nothing to do clears too. */
  function drain(): Promise<void> {
    draining ??= postDue()
      .catch((error: unknown) => deps.log(`[relay] posting team notes failed: ${String(error)}`))
      .finally(() => {
        draining = null
        schedule()
      })
    return draining
  }

  /**
   * Inside the transaction of your change: the note to tell the team, if the incident came through the team
   * relay. Returns whether one was recorded; `send` after the commit posts it.
   */
  function record(incident: Incident, event: TargetEvent): boolean {
    const action = TEAM_ACTIONS_BY_EVENT[event]
    const r = relay()
    if (!action || !r || !deps.deliveries.comesThroughRelay(incident.integrationId)) return false
    const note: TeamNote = {
      integrationId: incident.integrationId,
      dedupKey: incident.dedupKey,
      action,
      user: deps.settings.preferences().userName,
      at: new Date(deps.now()).toISOString(),
      ...(action === 'snoozed' ? { until: incident.snoozedUntil } : {}),
    }
    stmt.insert.run(r.url, JSON.stringify(note), deps.now(), deps.now())
    const { changes } = stmt.trim.run(MAX_WAITING)
    if (Number(changes) > 0) deps.log(`[relay] more than ${MAX_WAITING} team notes waiting; dropped the oldest ${changes}`)
    return true
  }

  /**
   * A note from the channel, posted by `author` (the relay's word: the reader and the name its operator gave
   * it; null from a relay that predates authorship). Returns what happened, for the log and tests. It acts
   * only on an incident this laptop already has, of an integration whose verified deliveries come through
   * the relay; never creates one; a teammate's snooze lasts at most TEAMMATE_SNOOZE_MAX_MS; and the name
   * shown is the reader's, the note's own `user` only as what that reader claimed.
   */
  function apply(
    raw: unknown,
    author: NoteAuthor | null = null,
  ): 'applied' | 'unchanged' | 'unknown-incident' | 'not-team' | 'invalid' {
    const parsed = parseTeamNote(raw)
    if ('error' in parsed) {
      deps.log(`[relay] ignored a team note: ${parsed.error}`)
      return 'invalid'
    }
    const { note } = parsed
    // An integration fed directly is not the team's: a reader must not reach its incidents through a note.
    if (!deps.deliveries.comesThroughRelay(note.integrationId)) return 'not-team'
    const incident = deps.incidents.getByKey(note.integrationId, note.dedupKey)
    if (!incident) return 'unknown-incident'
    const now = deps.now()
    // A teammate's clock (or word) cannot date what they did after it reached us.
    const at = Math.min(Date.parse(note.at), now)
    const until = note.until ? Math.min(Date.parse(note.until), now + TEAMMATE_SNOOZE_MAX_MS) : null
    const action: UserAction =
      note.action === 'snoozed'
        ? { type: 'snooze', until }
        : { type: ({ acknowledged: 'acknowledge', resolved: 'resolve', reopened: 'reopen' } as const)[note.action] }
    const user = author?.name ?? UNNAMED_READER
    const claimed = printable(note.user, 100)
    const label = claimed && claimed.toLowerCase() !== user.toLowerCase() ? `${user} (whose note says "${claimed}")` : user
    // The same lifecycle as your own actions: a teammate cannot acknowledge what is resolved here either.
    const result = deps.incidents.act(incident.id, action, now, { user, teammate: true, at, label })
    if (!result.ok) return 'unchanged'
    if (!result.changed) return 'unchanged'
    deps.effects.afterCommit([result.incident])
    return 'applied'
  }

  return {
    record,
    /** After the commit of notes `record` wrote: post them. */
    send(): void {
      if (running) void drain()
    },
    apply,
    start(): void {
      running = true
      void drain()
    },
    /** The relay came back: post what waited, now. */
    wake(): void {
      if (!running) return
      stmt.now.run(deps.now(), deps.now())
      void drain()
    },
    async stop(): Promise<void> {
      running = false
      if (timer) clearTimeout(timer)
      for (const c of inflight) c.abort()
      await draining
    },
    waiting: (): number => (deps.db.prepare('SELECT COUNT(*) AS n FROM team_outbox').get() as { n: number }).n,
  }
}

export type TeamNotes = ReturnType<typeof createTeamNotes>
