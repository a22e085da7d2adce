// Every incident transition as one table: (current state × a source's event or a user's action) → next status,
// toast, occurrence, the timeline line it leaves and the forward event it becomes. Refusals are rows too.
import { describe, expect, it } from 'vitest'
import {
  applyEvent,
  decide,
  forwardEventFor,
  isNoop,
  TABLE,
  type Cause,
  type IncidentState,
} from '../../../src/main/core/incident/lifecycle'
import type { IncidentAction, IncidentEvent } from '../../../src/main/core/providers/types'
import type { Severity, Status } from '../../../src/shared/incident'

const event = (action: IncidentAction, severity: Severity = 'error', extra: Partial<IncidentEvent> = {}): IncidentEvent => ({
  dedupKey: 'k',
  action,
  kind: 'alert',
  title: 't',
  severity,
  ...extra,
})
const state = (status: Status, severity: Severity = 'error', sourceTs: number | null = null): IncidentState => ({
  status,
  severity,
  sourceTs,
})

const SNOOZE_UNTIL = Date.parse('2030-01-01T09:00:00Z')
const CAUSES = {
  trigger: { by: 'source', event: event('trigger') },
  'trigger critical': { by: 'source', event: event('trigger', 'critical') },
  'trigger warning': { by: 'source', event: event('trigger', 'warning') },
  pending: { by: 'source', event: event('pending') },
  acknowledge: { by: 'source', event: event('acknowledge') },
  resolve: { by: 'source', event: event('resolve') },
  log: { by: 'source', event: event('log', 'info') },
  'user acknowledge': { by: 'user', action: { type: 'acknowledge' } },
  'user resolve': { by: 'user', action: { type: 'resolve' } },
  'user reopen': { by: 'user', action: { type: 'reopen' } },
  'user snooze': { by: 'user', action: { type: 'snooze', until: SNOOZE_UNTIL } },
  'user unsnooze': { by: 'user', action: { type: 'snooze', until: null } },
} satisfies Record<string, Cause>

type From = Status | 'new'
type Row = [
  from: From,
  cause: keyof typeof CAUSES,
  status: Status | 'refused',
  toast: string | null,
  occurrence: boolean,
  timeline: string | null,
  forward: string | null,
]

// prettier-ignore
const ROWS: Row[] = [
  // A source's events on a new incident.
  ['new', 'trigger', 'open', 'new', false, 'opened by source', 'incident.created'],
  ['new', 'pending', 'open', null, false, 'received; pending at the source', 'incident.created'],
  ['new', 'acknowledge', 'acknowledged', null, false, 'received already acknowledged', 'incident.created'],
  ['new', 'resolve', 'resolved', null, false, 'received already resolved', 'incident.created'],
  ['new', 'log', 'resolved', 'deploy', false, 'recorded', 'incident.created'],
  // A source's events on an existing one.
  ['open', 'trigger', 'open', null, true, 'occurred again', null],
  ['open', 'trigger critical', 'open', 'escalation', true, 'occurred again', 'incident.updated'],
  ['open', 'trigger warning', 'open', null, true, 'occurred again', null],
  ['acknowledged', 'trigger', 'acknowledged', null, true, 'occurred again', null],
  ['acknowledged', 'trigger critical', 'acknowledged', 'escalation', true, 'occurred again', 'incident.updated'],
  ['resolved', 'trigger', 'open', 'regression', true, 'reopened by source: triggered again after resolve (regression)', 'incident.updated'],
  ['resolved', 'trigger warning', 'open', 'regression', true, 'reopened by source: triggered again after resolve (regression)', 'incident.updated'],
  ['open', 'pending', 'open', null, false, null, null],
  ['acknowledged', 'pending', 'acknowledged', null, false, null, null],
  ['resolved', 'pending', 'resolved', null, false, null, null],
  ['open', 'acknowledge', 'acknowledged', null, false, 'acknowledged by source', 'incident.acknowledged'],
  ['acknowledged', 'acknowledge', 'acknowledged', null, false, null, null],
  ['resolved', 'acknowledge', 'resolved', null, false, null, null],
  ['open', 'resolve', 'resolved', 'resolved', false, 'resolved by source', 'incident.resolved'],
  ['acknowledged', 'resolve', 'resolved', 'resolved', false, 'resolved by source', 'incident.resolved'],
  ['resolved', 'resolve', 'resolved', null, false, null, null],
  ['open', 'log', 'open', null, true, 'received again', null],
  ['acknowledged', 'log', 'acknowledged', null, true, 'received again', null],
  ['resolved', 'log', 'resolved', null, true, 'received again', null],
  // A user's actions.
  ['open', 'user acknowledge', 'acknowledged', null, false, 'acknowledged by you', 'incident.acknowledged'],
  ['acknowledged', 'user acknowledge', 'acknowledged', null, false, null, null],
  ['resolved', 'user acknowledge', 'refused', null, false, null, null],
  ['open', 'user resolve', 'resolved', null, false, 'resolved by you', 'incident.resolved'],
  ['acknowledged', 'user resolve', 'resolved', null, false, 'resolved by you', 'incident.resolved'],
  ['resolved', 'user resolve', 'resolved', null, false, null, null],
  ['open', 'user reopen', 'open', null, false, null, null],
  ['acknowledged', 'user reopen', 'open', null, false, 'reopened by you', 'incident.updated'],
  ['resolved', 'user reopen', 'open', null, false, 'reopened by you', 'incident.updated'],
  ['open', 'user snooze', 'open', null, false, 'snoozed until 2030-01-01T09:00:00.000Z', 'incident.snoozed'],
  ['acknowledged', 'user snooze', 'acknowledged', null, false, 'snoozed until 2030-01-01T09:00:00.000Z', 'incident.snoozed'],
  ['resolved', 'user snooze', 'resolved', null, false, 'snoozed until 2030-01-01T09:00:00.000Z', 'incident.snoozed'],
  ['open', 'user unsnooze', 'open', null, false, 'snooze cleared', 'incident.snoozed'],
]

describe('the incident lifecycle table', () => {
  it.each(ROWS)(
    '%s + %s → %s, toast %s, occurrence %s, timeline %j, forward %s',
    (from, cause, status, toast, occurrence, timeline, forward) => {
      const decision = decide(from === 'new' ? null : state(from), CAUSES[cause])
      if (status === 'refused') {
        expect(decision).toEqual({
          ok: false,
          refusal: { code: 'incident_resolved', message: 'the incident is resolved: reopen it before acknowledging it' },
        })
        return
      }
      if (!decision.ok) throw new Error(`refused: ${decision.refusal.message}`)
      const t = decision.transition
      expect({ status: t.status, toast: t.toast, occurrence: t.occurrence, stale: t.stale }).toEqual({
        status,
        toast,
        occurrence,
        stale: false,
      })
      expect(t.notes[0]?.text ?? null).toBe(timeline)
      expect(forwardEventFor(t)).toBe(forward)
    },
  )

  it('has a row here for every cell of the module table', () => {
    const tested = new Set(
      ROWS.map(([from, cause]) => {
        const c = CAUSES[cause]
        return `${c.by}:${c.by === 'source' ? c.event.action : c.action.type}@${from}`
      }),
    )
    const cells = Object.entries(TABLE).flatMap(([key, row]) => Object.keys(row).map((from) => `${key}@${from}`))
    expect(cells.filter((cell) => !tested.has(cell))).toEqual([])
  })

  it('a user action that changes nothing is a no-op, and a change is not', () => {
    const noop = decide(state('resolved'), CAUSES['user resolve'])
    expect(noop.ok && isNoop(noop.transition)).toBe(true)
    const change = decide(state('open'), CAUSES['user resolve'])
    expect(change.ok && isNoop(change.transition)).toBe(false)
    const snooze = decide(state('open'), CAUSES['user snooze'])
    expect(snooze.ok && snooze.transition.snoozedUntil).toBe(SNOOZE_UNTIL)
  })

  it('timeline lines name who made the change', () => {
    const actor = (from: Status, cause: keyof typeof CAUSES) => {
      const d = decide(state(from), CAUSES[cause])
      return d.ok ? d.transition.notes[0]?.actor : 'refused'
    }
    expect(actor('open', 'resolve')).toBe('source')
    expect(actor('open', 'user resolve')).toBe('user')
  })
})

describe('a source event, beyond the table', () => {
  it('a reminder counts an occurrence without a toast', () => {
    const t = applyEvent(state('open'), event('trigger', 'error', { reminder: true }))
    expect(t).toMatchObject({ occurrence: true, toast: null })
    expect(t.notes[0]!.text).toBe('reminder from source')
  })

  it('notes severity changes in the timeline', () => {
    expect(applyEvent(state('open', 'warning'), event('trigger', 'critical')).notes.map((n) => n.text)).toContain(
      'severity raised from warning to critical',
    )
    expect(applyEvent(state('open', 'critical'), event('trigger', 'warning')).notes.map((n) => n.text)).toContain(
      'severity lowered from critical to warning',
    )
  })

  it('takes the severity of a trigger, keeps it for anything else', () => {
    expect(applyEvent(state('open', 'warning'), event('trigger', 'critical')).severity).toBe('critical')
    expect(applyEvent(state('open', 'warning'), event('resolve', 'info')).severity).toBe('warning')
    expect(applyEvent(null, event('resolve', 'info')).severity).toBe('info')
  })

  it('ignores a delivery older than the state already applied, whatever it says', () => {
    for (const action of ['trigger', 'resolve', 'acknowledge'] as const) {
      const t = applyEvent(state('resolved', 'error', 2000), event(action, 'critical', { sourceTimestamp: 1000 }))
      expect(t).toMatchObject({
        status: 'resolved',
        severity: 'error',
        stale: 'older',
        toast: null,
        occurrence: false,
        updateDetail: false,
      })
      expect(forwardEventFor(t)).toBeNull()
    }
  })

  it('applies a delivery newer than the state already applied', () => {
    expect(applyEvent(state('resolved', 'error', 1000), event('trigger', 'error', { sourceTimestamp: 2000 }))).toMatchObject({
      status: 'open',
      toast: 'regression',
    })
  })

  it('applies a repeat with the same event time as the same firing: no occurrence, no line (Alertmanager re-sends a firing alert with its startsAt)', () => {
    const t = applyEvent(state('open', 'error', 1000), event('trigger', 'error', { sourceTimestamp: 1000 }))
    expect(t).toMatchObject({ status: 'open', stale: false, occurrence: false, toast: null, notes: [] })
    expect(forwardEventFor(t)).toBeNull()
  })

  it('still says what a same-time repeat changes (severity), and a reminder or a later event time counts', () => {
    const raised = applyEvent(state('open', 'warning', 1000), event('trigger', 'critical', { sourceTimestamp: 1000 }))
    expect(raised).toMatchObject({ occurrence: false, toast: 'escalation', severity: 'critical' })
    expect(raised.notes.map((n) => n.text)).toEqual(['severity raised from warning to critical'])
    const reminder = applyEvent(
      state('open', 'error', 1000),
      event('trigger', 'error', { sourceTimestamp: 1000, reminder: true }),
    )
    expect(reminder).toMatchObject({ occurrence: true, notes: [{ text: 'reminder from source' }] })
    const later = applyEvent(state('open', 'error', 1000), event('trigger', 'error', { sourceTimestamp: 2000 }))
    expect(later).toMatchObject({ occurrence: true, notes: [{ text: 'occurred again' }] })
  })

  it('ignores a replayed resolve or acknowledge on an incident that moved on since, and says so', () => {
    for (const action of ['resolve', 'acknowledge'] as const) {
      const t = applyEvent(state('open', 'critical'), event(action, 'info'), true)
      expect(t).toMatchObject({ status: 'open', severity: 'critical', stale: 'replay', toast: null, occurrence: false })
      expect(t.notes).toEqual([
        {
          type: 'stale',
          actor: 'hookbell',
          text: `ignored a replayed ${action} delivery: it already changed this incident once`,
        },
      ])
      expect(forwardEventFor(t)).toBeNull()
    }
  })

  it('leaves no line for a replay that would change nothing anyway (a resolve of a resolved incident)', () => {
    const t = applyEvent(state('resolved'), event('resolve', 'info'), true)
    expect(t).toMatchObject({ status: 'resolved', stale: 'replay', notes: [] })
  })

  it('a replay wins over ordering: a replayed resolve with a newer event time still changes nothing', () => {
    const t = applyEvent(state('open', 'error', 1000), event('resolve', 'info', { sourceTimestamp: 5000 }), true)
    expect(t).toMatchObject({ status: 'open', stale: 'replay' })
  })
})
