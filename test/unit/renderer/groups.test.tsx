// @vitest-environment jsdom
// Groups in the list (folded, counted, worst severity, expandable, acted on at once) and the still list.
import './setup-dom'
import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { IncidentList, ROW_HEIGHT } from '../../../src/renderer/src/components/IncidentList'
import { IncidentsView } from '../../../src/renderer/src/components/IncidentsView'
import { buildRows } from '../../../src/renderer/src/lib/list-rows'
import type { Incident } from '../../../src/shared/incident'
import type { BulkArgs } from '../../../src/shared/model'
import { fakeClient, incident } from './fake-client'
import { renderWithStore } from './render'

const storm = (n: number, extra: Partial<Incident> = {}) =>
  Array.from({ length: n }, (_, i) =>
    incident({
      provider: 'alertmanager',
      kind: 'alert',
      title: `Pod checkout-${i} is crash looping`,
      severity: i === 3 ? 'critical' : 'warning',
      group: { key: 'alert:KubePodCrashLooping', label: 'KubePodCrashLooping' },
      ...extra,
    }),
  )

const NOW = new Date().toISOString()
const byIdOf = (list: Incident[]) => Object.fromEntries(list.map((i) => [i.id, i]))

describe('list rows', () => {
  it('folds a group into one row at its newest member, with count and worst severity; a group of one stays a row', () => {
    const lone = incident({ group: { key: 'alert:Lonely', label: 'Lonely' } })
    const members = storm(5)
    const plain = incident()
    const ids = [lone.id, members[0]!.id, plain.id, ...members.slice(1).map((m) => m.id)]
    const rows = buildRows(ids, byIdOf([lone, plain, ...members]), {})
    expect(rows.map((r) => r.type)).toEqual(['incident', 'group', 'incident'])
    const group = rows[1]!
    if (group.type !== 'group') throw new Error('expected a group')
    expect(group.group).toMatchObject({ label: 'KubePodCrashLooping', worst: 'critical', status: { open: 5 } })
    expect(group.group.ids).toHaveLength(5)
    const open = buildRows(ids, byIdOf([lone, plain, ...members]), { 'alert:KubePodCrashLooping': true })
    expect(open.map((r) => (r.type === 'incident' ? (r.member ? 'member' : 'incident') : 'group'))).toEqual([
      'incident',
      'group',
      'member',
      'member',
      'member',
      'member',
      'member',
      'incident',
    ])
  })
})

describe('groups in the window', () => {
  it('shows the group row; → expands it; acknowledging the group is one call for the filter and the group', async () => {
    const members = storm(30)
    const fake = fakeClient({
      'incidents.bulk': (_args: BulkArgs) => ({
        count: 30,
        incidents: members.map((m) => ({ ...m, status: 'acknowledged' })),
        truncated: false,
        previous: members.map((m) => ({ id: m.id, status: 'open', snoozedUntil: null })),
      }),
    })
    const { store } = renderWithStore(<IncidentsView />, fake.client)
    act(() => store.setState({ ids: members.map((m) => m.id), byId: byIdOf(members), loaded: true }))
    const listbox = screen.getByRole('listbox', { name: 'Incidents' })
    const row = within(listbox).getByRole('option', {
      name: /^Group, collapsed:\s*KubePodCrashLooping\s*30 incidents\s*critical\s*30 open · 0 acknowledged/,
    })
    row.focus()
    await act(async () => fireEvent.keyDown(row, { key: 'j' }))
    expect(store.getState().selectedGroup).toBe('alert:KubePodCrashLooping')
    await act(async () => fireEvent.keyDown(row, { key: 'ArrowRight' }))
    expect(within(listbox).getAllByRole('option').length).toBeGreaterThan(1)
    expect(row.textContent).toContain('Group, expanded: KubePodCrashLooping')
    const detail = screen.getByRole('region', { name: 'Incident detail' })
    expect(within(detail).getByTestId('group-summary').textContent).toMatch(/^30 incidents · 30 open · 0 acknowledged/)
    await act(async () => fireEvent.click(within(detail).getByRole('button', { name: 'Acknowledge all' })))
    expect(fake.calls).toEqual([
      {
        method: 'incidents.bulk',
        args: {
          action: 'acknowledge',
          until: null,
          query: { status: ['open', 'acknowledged'], severity: [], integration: [], kind: [], q: undefined },
          group: 'alert:KubePodCrashLooping',
        },
      },
    ])
    expect(within(detail).getByTestId('group-summary').textContent).toMatch(/^30 incidents · 0 open · 30 acknowledged/)
    expect(screen.getByRole('status').textContent).toContain('Acknowledged 30 in KubePodCrashLooping')
  })
})

describe("groups counted by the core's totals", () => {
  const KEY = 'alert:KubePodCrashLooping'
  const totals = (open: number, acknowledged: number, critical = 1) => ({
    count: open + acknowledged,
    status: { open, acknowledged, resolved: 0 },
    severity: { critical, error: 0, warning: open + acknowledged - critical, info: 0 },
  })

  it('a group with 3 of its 30 incidents loaded says 30, with the totals of all 30; one loaded member is still the group', () => {
    const members = storm(3, { severity: 'warning' })
    const rows = buildRows([members[0]!.id], byIdOf(members), {}, { [KEY]: totals(20, 10) })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      type: 'group',
      group: { count: 30, worst: 'critical', status: { open: 20, acknowledged: 10, resolved: 0 }, ids: [members[0]!.id] },
    })
    // Without totals a lone member is just its incident.
    expect(buildRows([members[0]!.id], byIdOf(members), {})[0]).toMatchObject({ type: 'incident' })
  })

  it('shows the totals in the row and the detail, follows a new member, and reloads after acting on unloaded members', async () => {
    const members = storm(3, { severity: 'warning' })
    const unloaded = storm(27, { severity: 'warning' })
    const fake = fakeClient({
      'incidents.bulk': () => ({
        count: 30,
        incidents: [...members, ...unloaded].map((m) => ({ ...m, status: 'acknowledged' })),
        truncated: false,
        previous: [],
      }),
      'incidents.list': () => ({ incidents: [], nextCursor: null, groups: {} }),
      'incidents.counts': () => ({ total: 0, status: { open: 0, acknowledged: 0, resolved: 0 }, severity: {} }),
    })
    const { store } = renderWithStore(<IncidentsView />, fake.client)
    act(() =>
      store.setState({ ids: members.map((m) => m.id), byId: byIdOf(members), groups: { [KEY]: totals(30, 0) }, loaded: true }),
    )
    const listbox = screen.getByRole('listbox', { name: 'Incidents' })
    const row = within(listbox).getByRole('option', { name: /KubePodCrashLooping\s*30 incidents\s*critical\s*30 open/ })
    // A new member arrives: 31, without a request.
    act(() => void store.getState().received(storm(1, { severity: 'warning', firstSeenAt: NOW, lastSeenAt: NOW })[0]!))
    expect(row.textContent).toContain('31 incidents')
    expect(fake.calls.filter((c) => c.method !== 'incidents.get')).toEqual([])
    await act(async () => fireEvent.click(row))
    const detail = screen.getByRole('region', { name: 'Incident detail' })
    expect(within(detail).getByTestId('group-summary').textContent).toMatch(/^31 incidents · 31 open/)
    expect(within(detail).getByTestId('group-loaded').textContent).toBe(
      'The newest 4 of 31 are listed; the actions above apply to all 31.',
    )
    await act(async () => fireEvent.click(within(detail).getByRole('button', { name: 'Acknowledge all' })))
    // 27 members were never loaded: their totals come from the core again.
    expect(fake.calls.map((c) => c.method)).toEqual(['incidents.bulk', 'incidents.list', 'incidents.counts'])
  })

  it('opening a member of a collapsed group (a toast, the tray) shows it inside its expanded group', async () => {
    const members = storm(4)
    const { client } = fakeClient({
      'incidents.get': (a: { id: string }) => ({ ...byIdOf(members)[a.id], timeline: [], raw: null }),
    })
    const { store } = renderWithStore(<IncidentList />, client)
    act(() => store.setState({ ids: members.map((m) => m.id), byId: byIdOf(members) }))
    expect(screen.getAllByRole('option')).toHaveLength(1)
    await act(async () => store.getState().select(members[2]!.id))
    expect(store.getState().expanded[KEY]).toBe(true)
    const selected = screen.getAllByRole('option').find((o) => o.getAttribute('aria-selected') === 'true')
    expect(selected?.getAttribute('data-incident-id')).toBe(members[2]!.id)
  })
})

describe('the still list', () => {
  it('keeps the selected row where it is when a burst arrives, and offers "N new" to go up to them', async () => {
    const list = Array.from({ length: 40 }, (_, i) =>
      incident({ lastSeenAt: new Date(Date.UTC(2026, 10, 20, 10, 0, 40 - i)).toISOString() }),
    )
    const { client } = fakeClient({
      'incidents.get': (a: { id: string }) => ({ ...byIdOf(list)[a.id], timeline: [], raw: null }),
    })
    const { store } = renderWithStore(<IncidentList />, client)
    act(() => store.setState({ ids: list.map((i) => i.id), byId: byIdOf(list) }))
    const listbox = screen.getByRole('listbox')
    // At the very top, with the third row selected (in view).
    await act(async () => store.getState().select(list[2]!.id))
    const selectedTop = () => 2 * ROW_HEIGHT - listbox.scrollTop
    expect(selectedTop()).toBe(2 * ROW_HEIGHT)
    for (let i = 0; i < 30; i++)
      act(() => store.getState().received(incident({ lastSeenAt: new Date(Date.UTC(2026, 10, 20, 11, 0, i)).toISOString() })))
    // The row did not move on screen: the list scrolled by exactly the 30 rows that arrived above it.
    expect(store.getState().ids.indexOf(list[2]!.id)).toBe(32)
    expect(32 * ROW_HEIGHT - listbox.scrollTop).toBe(2 * ROW_HEIGHT)
    const pill = screen.getByRole('button', { name: '↑ 30 new' })
    await act(async () => fireEvent.click(pill))
    expect(listbox.scrollTop).toBe(0)
    expect(screen.queryByRole('button', { name: /new$/ })).toBeNull()
  })
})
