// What a change causes, by what caused it (incident/effects.ts), with fakes for the parts it reaches: which
// forwards, team notes and actions on the source are recorded in the transaction, and what runs after the
// commit. Only your own change acts on the source: a teammate's acknowledge through the relay was already
// sent to the source by their Hookbell, and a delivery came from the source.
import { describe, expect, it } from 'vitest'
import { createEventBus } from '../../../src/main/core/events'
import { createEffects, type Cause } from '../../../src/main/core/incident/effects'
import type { Applied } from '../../../src/main/core/store/incident-store'
import type { PushEvent } from '../../../src/shared/contract'
import type { Incident } from '../../../src/shared/incident'
import type { TargetEvent } from '../../../src/shared/target'
import { anIncident } from '../../helpers/incident'

function setup(options: { rules?: number; team?: boolean; source?: boolean } = {}) {
  const events = createEventBus()
  const pushed: PushEvent[] = []
  events.subscribe((e) => pushed.push(e))
  const log: string[] = []
  const effects = createEffects({ events })
  effects.connect({
    forward: {
      record: (incident: Incident, event: TargetEvent) => (log.push(`forward ${event} ${incident.id}`), options.rules ?? 1),
      wake: () => log.push('wake forwarder'),
    },
    teamNotes: {
      record: (incident: Incident, event: TargetEvent) => (log.push(`note ${event} ${incident.id}`), options.team ?? true),
      send: () => log.push('send notes'),
    },
    sourceActions: {
      record: (incident: Incident, transition: Applied['transition']) => (
        log.push(`source ${transition.previous}→${transition.status} ${incident.id}`),
        options.source ?? true
      ),
      wake: () => log.push('wake source actor'),
    },
    notifier: { onApplied: (applied: Applied[]) => log.push(`toasts ${applied.length}`) },
    status: () => log.push('status'),
  })
  return { effects, log, pushed }
}

const acknowledged = (incident = anIncident()): Applied => ({
  incident: { ...incident, status: 'acknowledged' },
  transition: { previous: 'open', status: 'acknowledged', notes: [] } as unknown as Applied['transition'],
})

describe('in the transaction', () => {
  it.each<[Cause, string[]]>([
    ['user', ['source open→acknowledged', 'forward incident.acknowledged', 'note incident.acknowledged']],
    ['teammate', ['forward incident.acknowledged']],
    ['delivery', ['forward incident.acknowledged']],
  ])('a change by %s records %j', (cause, expected) => {
    const { effects, log } = setup()
    const a = acknowledged()
    effects.inTransaction([a], cause)
    expect(log).toEqual(expected.map((line) => `${line} ${a.incident.id}`))
  })

  it('records nothing for a change that is no forward event (a plain repeat)', () => {
    const { effects, log } = setup()
    const repeat = {
      ...acknowledged(),
      transition: { previous: 'open', status: 'open', notes: [] } as unknown as Applied['transition'],
    }
    effects.inTransaction([repeat], 'user')
    expect(log).toEqual([])
  })
})

describe('after the commit', () => {
  it('your change: pushes each incident, wakes what has something to send, and the status once', () => {
    const { effects, log, pushed } = setup()
    const [a, b] = [acknowledged(), acknowledged()]
    effects.inTransaction([a, b], 'user')
    log.length = 0
    effects.afterCommit([a.incident, b.incident])
    expect(pushed.map((e) => e.type)).toEqual(['incident.updated', 'incident.updated'])
    expect(log).toEqual(['wake forwarder', 'send notes', 'wake source actor', 'status'])
  })

  it("a teammate's change through the relay neither records nor wakes an action on the source", () => {
    const { effects, log } = setup()
    const a = acknowledged()
    effects.inTransaction([a], 'teammate')
    effects.afterCommit([a.incident])
    expect(log.filter((line) => line.startsWith('source') || line.includes('source actor'))).toEqual([])
  })

  it('wakes neither when no rule matched and no note was recorded (two queries saved per change)', () => {
    const { effects, log } = setup({ rules: 0, team: false, source: false })
    const a = acknowledged()
    effects.inTransaction([a], 'user')
    log.length = 0
    effects.afterCommit([a.incident])
    expect(log).toEqual(['status'])
  })

  it('a delivery: its log event, its incidents, then the toasts', () => {
    const { effects, log, pushed } = setup()
    const created: Applied = {
      incident: anIncident('critical'),
      transition: { previous: null, status: 'open', toast: 'new', notes: [] } as unknown as Applied['transition'],
    }
    effects.inTransaction([created], 'delivery')
    log.length = 0
    effects.afterDelivery({ outcome: 'accepted' } as never, [created])
    expect(pushed.map((e) => e.type)).toEqual(['delivery.received', 'incident.created'])
    expect(log).toEqual(['wake forwarder', 'toasts 1'])
  })
})
