// Every lifecycle transition as a table: event × current state → next state, and whether it toasts.
import { describe, expect, it } from 'vitest'
import { applyEvent, type IncidentState } from '../../../src/main/core/ingest/lifecycle'
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

describe('a new incident', () => {
  it.each([
    ['trigger', 'open', 'new'],
    ['pending', 'open', null],
    ['acknowledge', 'acknowledged', null],
    ['resolve', 'resolved', null],
    ['log', 'resolved', 'deploy'],
  ] as const)('%s creates it %s, toast %s', (action, status, toast) => {
    const t = applyEvent(null, event(action))
    expect(t).toMatchObject({ status, toast, stale: false })
  })
})

describe('an existing incident', () => {
  it.each([
    // current, event, severity → status, toast, occurrence
    ['open', 'trigger', 'error', 'open', null, true],
    ['open', 'trigger', 'critical', 'open', 'escalation', true],
    ['open', 'trigger', 'warning', 'open', null, true],
    ['acknowledged', 'trigger', 'error', 'acknowledged', null, true],
    ['acknowledged', 'trigger', 'critical', 'acknowledged', 'escalation', true],
    ['resolved', 'trigger', 'error', 'open', 'regression', true],
    ['resolved', 'trigger', 'warning', 'open', 'regression', true],
    ['open', 'resolve', 'error', 'resolved', 'resolved', false],
    ['acknowledged', 'resolve', 'error', 'resolved', 'resolved', false],
    ['resolved', 'resolve', 'error', 'resolved', null, false],
    ['open', 'acknowledge', 'error', 'acknowledged', null, false],
    ['acknowledged', 'acknowledge', 'error', 'acknowledged', null, false],
    ['resolved', 'acknowledge', 'error', 'resolved', null, false],
    ['open', 'pending', 'error', 'open', null, false],
    ['resolved', 'pending', 'error', 'resolved', null, false],
    ['resolved', 'log', 'info', 'resolved', null, true],
  ] as const)('%s + %s (%s) → %s, toast %s', (current, action, severity, status, toast, occurrence) => {
    const t = applyEvent(state(current), event(action, severity))
    expect(t).toMatchObject({ status, toast, occurrence, stale: false })
  })

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

  it('ignores a delivery older than the state already applied, whatever it says', () => {
    for (const action of ['trigger', 'resolve', 'acknowledge'] as const) {
      const t = applyEvent(state('resolved', 'error', 2000), event(action, 'critical', { sourceTimestamp: 1000 }))
      expect(t).toMatchObject({
        status: 'resolved',
        severity: 'error',
        stale: true,
        toast: null,
        occurrence: false,
        updateDetail: false,
      })
    }
  })

  it('applies a delivery newer than the state already applied', () => {
    expect(applyEvent(state('resolved', 'error', 1000), event('trigger', 'error', { sourceTimestamp: 2000 }))).toMatchObject({
      status: 'open',
      toast: 'regression',
    })
  })
})
