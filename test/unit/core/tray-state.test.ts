import { describe, expect, it } from 'vitest'
import { computeTrayState, trayEntries, type TrayInput } from '../../../src/main/core/notify/tray-state'
import type { Incident } from '../../../src/shared/incident'
import type { GroupTotals } from '../../../src/shared/model'
import { pauseUntil } from '../../../src/shared/pause'

const input = (change: Partial<TrayInput> = {}): TrayInput => ({
  worst: null,
  openCount: 0,
  openGroups: 0,
  paused: false,
  disconnected: null,
  recent: [],
  ...change,
})

describe('computeTrayState', () => {
  it.each([
    [{}, 'ok'],
    [{ worst: 'info' as const, openCount: 1 }, 'ok'],
    [{ worst: 'warning' as const, openCount: 1 }, 'warning'],
    [{ worst: 'error' as const, openCount: 1 }, 'critical'],
    [{ worst: 'critical' as const, openCount: 1 }, 'critical'],
    [{ worst: 'critical' as const, paused: true }, 'paused'],
    [{ worst: 'critical' as const, paused: true, disconnected: 'relay: ECONNREFUSED' }, 'disconnected'],
  ])('%o shows the %s icon', (change, icon) => {
    expect(computeTrayState(input(change)).icon).toBe(icon)
  })

  it('shows that something is still waiting for an answer: its own icon, and a line in the tooltip', () => {
    const one = computeTrayState(input({ worst: 'critical', openCount: 2, waiting: { count: 1, worst: 'critical' } }))
    expect(one.icon).toBe('waiting')
    expect(one.tooltip).toBe('Hookbell — 2 open incidents — 1 critical waiting for an answer')
    const many = computeTrayState(input({ worst: 'critical', openCount: 4, waiting: { count: 3, worst: 'critical' } }))
    expect(many.tooltip).toBe('Hookbell — 4 open incidents — 3 waiting for an answer (the worst critical)')
    // Paused or disconnected says that first: repeats are held, or may not be arriving.
    expect(computeTrayState(input({ paused: true, waiting: { count: 1, worst: 'critical' } })).icon).toBe('paused')
    expect(computeTrayState(input({ disconnected: 'relay: timeout', waiting: { count: 1, worst: 'error' } })).icon).toBe(
      'disconnected',
    )
    expect(computeTrayState(input({ worst: 'critical', openCount: 1, waiting: { count: 0, worst: null } })).icon).toBe('critical')
  })

  it('says the count and state in the tooltip and title', () => {
    const state = computeTrayState(input({ worst: 'critical', openCount: 3, paused: true, disconnected: 'relay: timeout' }))
    expect(state.tooltip).toBe('Hookbell — 3 open incidents — notifications paused — disconnected: relay: timeout')
    expect(state.title).toBe('3')
    expect(computeTrayState(input()).title).toBe('')
  })

  it('lists the five most recent open incidents, then the actions', () => {
    const recent = Array.from({ length: 7 }, (_, i) => ({
      id: `i${i}`,
      title: i === 0 ? 'x'.repeat(80) : `Incident ${i}`,
      severity: 'critical' as const,
    }))
    const state = computeTrayState(input({ worst: 'critical', openCount: 7, recent }))
    const labels = state.menu.map((m) => ('label' in m ? m.label : '—'))
    expect(state.menu.filter((m) => m.kind === 'incident')).toHaveLength(5)
    expect(labels[0]).toBe(`‼ ${'x'.repeat(59)}…`)
    expect(labels.slice(5)).toEqual([
      '—',
      'Acknowledge all',
      'Pause notifications',
      '—',
      'Open Hookbell',
      'Settings…',
      'Quit Hookbell',
    ])
  })

  it('offers pause choices, or resume while paused; acknowledge all only with something open', () => {
    const pause = computeTrayState(input()).menu.find((m) => m.kind === 'pause')
    expect(pause && 'options' in pause && pause.options.map((o) => o.label)).toEqual([
      'For 1 hour',
      'Until tomorrow',
      'Until I resume',
    ])
    expect(computeTrayState(input({ paused: true })).menu.some((m) => m.kind === 'action' && m.action === 'resume')).toBe(true)
    expect(computeTrayState(input()).menu.find((m) => m.kind === 'action' && m.action === 'acknowledge-all')).toMatchObject({
      enabled: false,
    })
  })
})

describe('groups in the tray', () => {
  const member = (id: string, key: string | null, severity: Incident['severity'] = 'warning') =>
    ({ id, title: `Pod ${id} is crash looping`, severity, group: key ? { key, label: key.slice(6) } : null }) as Incident
  const totals = (count: number, critical = 0): GroupTotals => ({
    count,
    status: { open: count, acknowledged: 0, resolved: 0 },
    severity: { critical, error: 0, warning: count - critical, info: 0 },
  })

  it('folds a group into one line at its newest member, with the count and worst severity of all its open incidents', () => {
    const incidents = [
      member('a1', 'alert:Crash'),
      member('x', null, 'error'),
      member('a2', 'alert:Crash'),
      member('d1', 'alert:Disk'),
    ]
    // Disk has one member open: a group of one is just its incident, as in the window.
    const entries = trayEntries({ incidents, groups: { 'alert:Crash': totals(30, 1), 'alert:Disk': totals(1) } })
    expect(entries).toEqual([
      { id: 'a1', title: 'Crash', severity: 'critical', count: 30 },
      { id: 'x', title: 'Pod x is crash looping', severity: 'error' },
      { id: 'd1', title: 'Pod d1 is crash looping', severity: 'warning' },
    ])
    const state = computeTrayState(input({ worst: 'critical', openCount: 32, openGroups: 3, recent: entries }))
    expect(state.menu[0]).toEqual({ kind: 'incident', id: 'a1', label: '‼ Crash — 30 open' })
    expect(state.tooltip).toBe('Hookbell — 32 open incidents in 3 groups')
    // Without groups the tooltip says nothing about them.
    expect(computeTrayState(input({ worst: 'error', openCount: 2, openGroups: 2 })).tooltip).toBe('Hookbell — 2 open incidents')
  })

  it('keeps a long group name and its count within the line', () => {
    const label = computeTrayState(input({ recent: [{ id: 'a', title: 'A'.repeat(90), severity: 'info', count: 120 }] })).menu[0]
    expect(label && 'label' in label && label.label).toBe(`· ${'A'.repeat(48)}… — 120 open`)
  })
})

describe('pauseUntil', () => {
  it('computes 1 hour, tomorrow 08:00 local, and forever', () => {
    const now = new Date(2026, 10, 20, 15, 30)
    expect(pauseUntil(60, now)).toBe(new Date(2026, 10, 20, 16, 30).toISOString())
    expect(pauseUntil('tomorrow', now)).toBe(new Date(2026, 10, 21, 8, 0).toISOString())
    expect(pauseUntil('forever', now)).toBe('forever')
  })
})
