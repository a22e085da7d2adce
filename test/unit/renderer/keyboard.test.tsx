// @vitest-environment jsdom
// Every shortcut of the incidents view, where focus lands after each action, and how many requests one
// user action costs (the action itself and at most one refresh).
import './setup-dom'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IncidentsView } from '../../../src/renderer/src/components/IncidentsView'
import { SHORTCUTS } from '../../../src/renderer/src/lib/shortcuts'
import { wireEvents } from '../../../src/renderer/src/store/store'
import type { Incident, IncidentDetail } from '../../../src/shared/incident'
import type { BulkArgs } from '../../../src/shared/model'
import { fakeClient, incident } from './fake-client'
import { renderWithStore } from './render'

const detailOf = (i: Incident): IncidentDetail => ({ ...i, timeline: [], raw: null })

function setup(list: Incident[]) {
  const byId = Object.fromEntries(list.map((i) => [i.id, i]))
  const answer = (patch: Partial<Incident>) => (args: { id: string }) => detailOf({ ...byId[args.id]!, ...patch })
  const fake = fakeClient({
    'incidents.get': (args: { id: string }) => detailOf({ ...byId[args.id]!, readAt: '2026-11-20T10:00:00.000Z' }),
    'incidents.acknowledge': answer({ status: 'acknowledged' }),
    'incidents.resolve': answer({ status: 'resolved' }),
    'incidents.snooze': (args: { id: string; until: string }) => detailOf({ ...byId[args.id]!, snoozedUntil: args.until }),
    'incidents.forward': () => ({ forwardId: 1 }),
    'incidents.list': () => ({ incidents: list, nextCursor: null }),
    'incidents.counts': () => ({
      total: list.length,
      status: { open: list.length, acknowledged: 0, resolved: 0 },
      severity: { critical: 0, error: list.length, warning: 0, info: 0 },
    }),
    'incidents.bulk': (args: BulkArgs) => {
      const chosen = args.ids ? args.ids.map((id) => byId[id]!) : list.filter((i) => !args.group || i.group?.key === args.group)
      return {
        count: chosen.length,
        incidents: chosen.map((i) => ({ ...i, status: 'acknowledged' })),
        truncated: false,
        previous: chosen.map((i) => ({ id: i.id, status: i.status, snoozedUntil: i.snoozedUntil })),
      }
    },
    'incidents.restore': (args: { items: { id: string }[] }) => ({
      count: args.items.length,
      incidents: args.items.map((r) => byId[r.id]!),
      truncated: false,
      previous: [],
    }),
  })
  const view = renderWithStore(<IncidentsView />, fake.client)
  wireEvents(view.store, fake.client)
  act(() =>
    view.store.setState({
      ids: list.map((i) => i.id),
      byId,
      loaded: true,
      counts: {
        total: list.length,
        status: { open: list.length, acknowledged: 0, resolved: 0 },
        severity: { critical: 0, error: list.length, warning: 0, info: 0 },
      },
      targets: [{ id: 't1', name: 'Team Slack', enabled: true } as never],
    }),
  )
  return { ...fake, ...view }
}

const press = async (key: string, target: Element | Window = document.activeElement ?? window, init: KeyboardEventInit = {}) =>
  act(async () => {
    fireEvent.keyDown(target, { key, ...init })
    // A person's next key comes later than the focus move the last one asked for.
    await new Promise((r) => setTimeout(r, 20))
  })

/** Lets focus requests (served on the next animation frame) and pending promises settle. */
const settle = () => act(async () => new Promise((r) => setTimeout(r, 40)))

const rowsNow = () => within(screen.getByRole('listbox', { name: 'Incidents' })).getAllByRole('option')

const focusedRowId = () => document.activeElement?.getAttribute('data-incident-id')

beforeEach(() => {
  localStorage.clear()
})
afterEach(() => vi.useRealTimers())

describe('keyboard: rows', () => {
  it('puts the rows in the tab order: one row is tabbable (the selected one), Enter opens it', async () => {
    const [a, b] = [incident({ title: 'First' }), incident({ title: 'Second' })]
    const { store } = setup([a!, b!])
    const rows = rowsNow()
    expect(rows.map((r) => r.tabIndex)).toEqual([0, -1])
    rows[0]!.focus()
    await press('j')
    await settle()
    expect(store.getState().selectedId).toBe(b!.id)
    expect(focusedRowId()).toBe(b!.id)
    expect(rowsNow().map((r) => r.tabIndex)).toEqual([-1, 0])
    await press('Enter')
    await settle()
    expect(document.activeElement?.id).toBe('detail-title')
    expect(document.activeElement?.textContent).toBe('Second')
  })

  it('keeps focus in the list when a reload removes the focused row (a search narrowing it)', async () => {
    const [a, b] = [incident({ title: 'ValueError' }), incident({ title: 'KubePodCrashLooping' })]
    const { store } = setup([a!, b!])
    await act(async () => store.getState().select(a!.id))
    rowsNow()[0]!.focus()
    expect(focusedRowId()).toBe(a!.id)
    // The search's answer arrives after focus went to the list: only the other incident matches.
    act(() => store.setState({ ids: [b!.id], selectedId: null, detail: null }))
    await settle()
    expect(focusedRowId()).toBe(b!.id)
    await press('j')
    expect(store.getState().selectedId).toBe(b!.id)
  })

  it('k, Home and End move; a shortcut typed into the search stays in the search', async () => {
    const list = [incident(), incident(), incident()]
    const { store } = setup(list)
    rowsNow()[0]!.focus()
    await press('End')
    expect(store.getState().selectedId).toBe(list[2]!.id)
    await press('k')
    expect(store.getState().selectedId).toBe(list[1]!.id)
    await press('Home')
    expect(store.getState().selectedId).toBe(list[0]!.id)
    const search = screen.getByRole('searchbox', { name: 'Search incidents' })
    await press('j', search)
    expect(store.getState().selectedId).toBe(list[0]!.id)
  })

  it('Enter on a button does what the button does, not a shortcut', async () => {
    const list = [incident()]
    const { store } = setup(list)
    await act(async () => store.getState().select(list[0]!.id))
    const ack = screen.getByRole('button', { name: 'Acknowledge' })
    ack.focus()
    await press('Enter', ack)
    // The shortcut handler left Enter alone (the browser turns it into a click); focus is still on the button.
    expect(document.activeElement).toBe(ack)
  })
})

describe('keyboard: actions, undo and focus', () => {
  it('a acknowledges with one request, confirms with an undo, and keeps focus on the row', async () => {
    const list = [incident({ title: 'Checkout down' }), incident()]
    const { store, calls, push } = setup(list)
    await act(async () => store.getState().select(list[0]!.id))
    rowsNow()[0]!.focus()
    calls.length = 0
    vi.useFakeTimers({ shouldAdvanceTime: true })
    await press('a')
    // The pushed echo of the same change (the core sends it to every window) is not applied twice.
    const acked = { ...list[0]!, status: 'acknowledged' as const }
    act(() => push({ type: 'incident.updated', data: acked }))
    act(() => push({ type: 'status.changed', data: { store: { open: 1 } } as never }))
    await act(async () => vi.advanceTimersByTimeAsync(1000))
    expect(calls.map((c) => c.method)).toEqual(['incidents.acknowledge'])
    expect(store.getState().byId[list[0]!.id]!.status).toBe('acknowledged')
    expect(store.getState().counts!.status).toMatchObject({ open: 1, acknowledged: 1 })
    expect(store.getState().status?.store.open).toBe(1)
    const toast = screen.getByRole('status')
    expect(toast.textContent).toContain('Acknowledged “Checkout down”')
    vi.useRealTimers()
    await settle()
    expect(focusedRowId()).toBe(list[0]!.id)

    await press('u')
    expect(calls.at(-1)).toEqual({
      method: 'incidents.restore',
      args: { items: [{ id: list[0]!.id, status: 'open', snoozedUntil: null }] },
    })
    expect(store.getState().byId[list[0]!.id]!.status).toBe('open')
    // Said in the same bottom toast as every confirmation, not in a banner above the list that moves it.
    expect(screen.getByRole('status').textContent).toContain('Undone: acknowledged “Checkout down”')
    expect(store.getState().notice).toBeNull()
    expect(document.querySelector('.notice')).toBeNull()
    await settle()
    expect(focusedRowId()).toBe(list[0]!.id)
  })

  it('a push that arrives before the answer is held, then recognised as the echo', async () => {
    const list = [incident()]
    const { store, calls, push } = setup(list)
    await act(async () => store.getState().select(list[0]!.id))
    calls.length = 0
    vi.useFakeTimers({ shouldAdvanceTime: true })
    await act(async () => {
      const pending = store.getState().act('acknowledge', list[0]!.id)
      push({ type: 'incident.updated', data: { ...list[0]!, status: 'acknowledged' } })
      await pending
    })
    await act(async () => vi.advanceTimersByTimeAsync(1000))
    expect(calls.map((c) => c.method)).toEqual(['incidents.acknowledge'])
  })

  it('a push after a forward refreshes the detail even when it equals the echo of the snooze before it', async () => {
    const list = [incident()]
    const { store, calls, push } = setup(list)
    await act(async () => store.getState().select(list[0]!.id))
    const until = '2026-11-21T10:00:00.000Z'
    await act(async () => store.getState().snooze(list[0]!.id, until))
    await act(async () => store.getState().forward(list[0]!.id, 'target-1'))
    calls.length = 0
    // The core coalesced the snooze's echo and the forward's result into one push of the latest state.
    await act(async () => push({ type: 'incident.updated', data: { ...list[0]!, snoozedUntil: until } }))
    await settle()
    expect(calls.map((c) => c.method)).toEqual(['incidents.get'])
  })

  it('r resolves; the incident leaves the filter and the next one is selected and focused', async () => {
    const list = [incident(), incident({ title: 'Next one' })]
    const { store, calls } = setup(list)
    await act(async () => store.getState().select(list[0]!.id))
    rowsNow()[0]!.focus()
    calls.length = 0
    await press('r')
    await settle()
    // The action and the one refresh it needs: the next incident's detail.
    expect(calls.map((c) => c.method)).toEqual(['incidents.resolve', 'incidents.get'])
    expect(store.getState().ids).toEqual([list[1]!.id])
    expect(store.getState().selectedId).toBe(list[1]!.id)
    expect(focusedRowId()).toBe(list[1]!.id)
    expect(screen.getByRole('status').textContent).toContain('Resolved')
  })

  it('s asks how long: the menu opens with focus, arrows move, Enter snoozes, focus returns to the row', async () => {
    const list = [incident()]
    const { store, calls } = setup(list)
    await act(async () => store.getState().select(list[0]!.id))
    rowsNow()[0]!.focus()
    await press('s')
    await settle()
    const menu = screen.getByRole('menu', { name: 'Snooze' })
    const items = within(menu).getAllByRole('menuitem')
    expect(document.activeElement).toBe(items[0])
    await press('ArrowDown')
    expect(document.activeElement?.textContent).toBe('4 hours')
    await press('ArrowUp')
    await press('ArrowUp')
    expect(document.activeElement?.textContent).toBe('1 week')
    await press('ArrowDown')
    await press('ArrowDown')
    const before = Date.now()
    await act(async () => fireEvent.click(document.activeElement!))
    await settle()
    const call = calls.find((c) => c.method === 'incidents.snooze')!
    const until = Date.parse((call.args as { until: string }).until)
    expect(until - before).toBeGreaterThanOrEqual(4 * 3600_000 - 1000)
    expect(until - before).toBeLessThan(4 * 3600_000 + 5000)
    expect(screen.queryByRole('menu')).toBeNull()
    expect(focusedRowId()).toBe(list[0]!.id)
    expect(screen.getByRole('status').textContent).toMatch(/^Snoozed/)
  })

  it('f opens Forward with focus in it; Esc closes it and gives focus back to its button', async () => {
    const list = [incident()]
    const { store, calls } = setup(list)
    await act(async () => store.getState().select(list[0]!.id))
    rowsNow()[0]!.focus()
    await press('f')
    await settle()
    expect(document.activeElement?.textContent).toBe('Team Slack')
    await press('Escape')
    expect(screen.queryByRole('menu')).toBeNull()
    expect(document.activeElement?.textContent).toBe('Forward to ▸')
    await press('f', window)
    await settle()
    await act(async () => fireEvent.click(document.activeElement!))
    await settle()
    expect(calls.filter((c) => c.method === 'incidents.forward')).toEqual([
      { method: 'incidents.forward', args: { id: list[0]!.id, targetId: 't1' } },
    ])
    expect(focusedRowId()).toBe(list[0]!.id)
  })
})

describe('keyboard: search, selection and help', () => {
  it('/ focuses the search; Esc leaves it keeping the query; Esc in the list clears it', async () => {
    const list = [incident()]
    const { store } = setup(list)
    rowsNow()[0]!.focus()
    await press('/')
    await settle()
    const search = screen.getByRole('searchbox', { name: 'Search incidents' })
    expect(document.activeElement).toBe(search)
    await act(async () => fireEvent.change(search, { target: { value: 'timeout' } }))
    await press('Escape', search)
    await settle()
    expect(store.getState().filters.q).toBe('timeout')
    expect(focusedRowId()).toBe(list[0]!.id)
    // The next `j` goes to the list, not into the search box.
    await press('j')
    expect((search as HTMLInputElement).value).toBe('timeout')
    await press('Escape')
    expect(store.getState().filters.q).toBe('')
  })

  it('/ then keys at machine speed: every key lands in the search box, none runs as a list shortcut', async () => {
    const list = [incident(), incident()]
    const { calls } = setup(list)
    rowsNow()[0]!.focus()
    // No pause between keys: each keydown goes where focus is at that instant, as a browser sends them.
    act(() => {
      fireEvent.keyDown(document.activeElement!, { key: '/' })
      for (const key of 'ara') fireEvent.keyDown(document.activeElement!, { key })
    })
    const search = screen.getByRole('searchbox', { name: 'Search incidents' })
    expect(document.activeElement).toBe(search)
    await settle()
    expect(calls.filter((c) => c.method !== 'incidents.get').map((c) => c.method)).toEqual([])
  })

  it('j then / before the list took focus: the search keeps it (the list request is not served late)', async () => {
    const list = [incident(), incident()]
    const { store } = setup(list)
    rowsNow()[0]!.focus()
    // `j` asks for focus on the list after its render; `/` comes before that request is served.
    act(() => {
      fireEvent.keyDown(document.activeElement!, { key: 'j' })
      fireEvent.keyDown(document.activeElement!, { key: '/' })
    })
    await settle()
    expect(store.getState().selectedId).toBe(list[1]!.id)
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search incidents' }))
  })

  it('/ after a cleared search keeps the first letter typed (the box is not selected again after it)', async () => {
    setup([incident()])
    rowsNow()[0]!.focus()
    const search = screen.getByRole('searchbox', { name: 'Search incidents' }) as HTMLInputElement
    act(() => {
      fireEvent.keyDown(document.activeElement!, { key: '/' })
    })
    // The browser types the letter into the focused box before the next render's effects run.
    act(() => {
      fireEvent.change(search, { target: { value: 'c' } })
    })
    await settle()
    expect(search.selectionStart).toBe(search.value.length)
  })

  it('Esc in a search that found nothing clears it and gives the keys back to the list', async () => {
    const list = [incident({ title: 'ValueError' })]
    const { store } = setup(list)
    rowsNow()[0]!.focus()
    await press('/')
    const search = screen.getByRole('searchbox', { name: 'Search incidents' })
    await act(async () => fireEvent.change(search, { target: { value: 'zzz' } }))
    // The search's answer: nothing matches.
    act(() => store.setState({ filters: { ...store.getState().filters, q: 'zzz' }, ids: [], selectedId: null }))
    await press('Escape', search)
    expect(document.activeElement).not.toBe(search)
    expect(store.getState().filters.q).toBe('')
    expect((search as HTMLInputElement).value).toBe('')
  })

  it('a selected group the search hid shows the empty detail, not a stale panel', async () => {
    const member = incident({
      provider: 'alertmanager',
      kind: 'alert',
      group: { key: 'alert:KubePodCrashLooping', label: 'KubePodCrashLooping' },
    })
    const { store } = setup([member])
    act(() => store.getState().selectGroup('alert:KubePodCrashLooping'))
    await settle()
    expect(screen.getByTestId('group-summary')).toBeTruthy()
    act(() => store.setState({ ids: [], groups: {} }))
    expect(screen.queryByTestId('group-summary')).toBeNull()
    expect(screen.getByText(/Select an incident/)).toBeTruthy()
  })

  it('x selects rows and a acts on all of them through one call', async () => {
    const list = [incident(), incident(), incident()]
    const { store, calls } = setup(list)
    rowsNow()[0]!.focus()
    await press('j')
    await press('x')
    await press('j')
    await press('x')
    expect(screen.getByTestId('bulk-count').textContent).toBe('2 selected')
    calls.length = 0
    await press('a')
    expect(calls.map((c) => c.method)).toEqual(['incidents.bulk'])
    expect(calls[0]!.args).toMatchObject({ action: 'acknowledge', ids: [list[1]!.id, list[2]!.id] })
    expect(store.getState().checked).toEqual({})
    expect(screen.getByRole('status').textContent).toContain('Acknowledged 2 incidents')
  })

  it('shift-click selects a range; "select all matching" acts on the whole filter', async () => {
    const list = [incident(), incident(), incident(), incident()]
    const { store, calls } = setup(list)
    const rows = rowsNow
    fireEvent.click(rows()[0]!, { ctrlKey: true })
    fireEvent.click(rows()[2]!, { shiftKey: true })
    expect(Object.keys(store.getState().checked)).toEqual(list.slice(0, 3).map((i) => i.id))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Select all 4 matching this filter' })))
    calls.length = 0
    await act(async () => fireEvent.click(within(screen.getByRole('region', { name: 'Bulk actions' })).getByText('Acknowledge')))
    expect(calls).toHaveLength(1)
    expect(calls[0]!.args).toMatchObject({ action: 'acknowledge', query: { status: ['open', 'acknowledged'] } })
    expect((calls[0]!.args as BulkArgs).ids).toBeUndefined()
  })

  it('? lists every shortcut from the same table the handler uses; Esc closes it', async () => {
    setup([incident()])
    await press('?', window)
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    for (const s of SHORTCUTS) expect(within(dialog).getByText(s.description)).toBeTruthy()
    expect(document.activeElement?.textContent).toBe('Close')
    await press('Escape')
    expect(screen.queryByRole('dialog')).toBeNull()
  })
})

describe('opened from elsewhere (a toast, the tray, a delivery in the log)', () => {
  it('the title takes focus once the detail has arrived, however late', async () => {
    const list = [incident({ title: 'Payment API down' }), incident()]
    let arrive: () => void = () => {}
    const arrived = new Promise<void>((resolve) => (arrive = resolve))
    const fake = fakeClient({
      'incidents.get': async (args: { id: string }) => {
        await arrived
        return detailOf(list.find((i) => i.id === args.id)!)
      },
    })
    const { store } = renderWithStore(<IncidentsView />, fake.client)
    act(() => store.setState({ ids: list.map((i) => i.id), byId: Object.fromEntries(list.map((i) => [i.id, i])), loaded: true }))
    act(() => store.getState().openIncident(list[0]!.id))
    // Longer than the focus request's own turn: the heading is not there yet.
    await act(async () => new Promise((r) => setTimeout(r, 30)))
    expect(document.getElementById('detail-title')).toBeNull()
    await act(async () => arrive())
    // The focus request is served on a later turn; wait for it rather than for a fixed time.
    await waitFor(() => expect(document.activeElement?.id).toBe('detail-title'), { timeout: 5000 })
    expect(document.activeElement?.textContent).toContain('Payment API down')
  })
})

describe('Esc before the search answered', () => {
  it('clears the search once its answer comes back empty (Esc pressed while it was on its way)', async () => {
    const list = [incident({ title: 'ValueError' })]
    let answer: ((page: { incidents: Incident[]; nextCursor: null }) => void) | null = null
    const counts = {
      total: 0,
      status: { open: 0, acknowledged: 0, resolved: 0 },
      severity: { critical: 0, error: 0, warning: 0, info: 0 },
    }
    const fake = fakeClient({
      'incidents.list': () => new Promise((resolve) => (answer = resolve)),
      'incidents.counts': () => counts,
    })
    const { store } = renderWithStore(<IncidentsView />, fake.client)
    act(() => store.setState({ ids: list.map((i) => i.id), byId: { [list[0]!.id]: list[0]! }, loaded: true }))
    rowsNow()[0]!.focus()
    await press('/')
    const search = screen.getByRole('searchbox', { name: 'Search incidents' })
    await act(async () => fireEvent.change(search, { target: { value: 'zzz' } }))
    // The search is asked for; its answer has not come back: the old rows are still listed.
    act(() => store.getState().setFilters({ q: 'zzz' }))
    expect(store.getState().loading).toBe(true)
    await press('Escape', search)
    expect(document.activeElement).not.toBe(search)
    expect(store.getState().filters.q).toBe('zzz')
    // Nothing matched.
    await act(async () => answer!({ incidents: [], nextCursor: null }))
    await settle()
    expect(store.getState().filters.q).toBe('')
    expect((search as HTMLInputElement).value).toBe('')
  })

  it('keeps a search whose late answer found something', async () => {
    const list = [incident({ title: 'ValueError' })]
    let answer: ((page: { incidents: Incident[]; nextCursor: null }) => void) | null = null
    const counts = {
      total: 1,
      status: { open: 1, acknowledged: 0, resolved: 0 },
      severity: { critical: 0, error: 1, warning: 0, info: 0 },
    }
    const fake = fakeClient({
      'incidents.list': () => new Promise((resolve) => (answer = resolve)),
      'incidents.counts': () => counts,
    })
    const { store } = renderWithStore(<IncidentsView />, fake.client)
    act(() => store.setState({ ids: list.map((i) => i.id), byId: { [list[0]!.id]: list[0]! }, loaded: true }))
    const search = screen.getByRole('searchbox', { name: 'Search incidents' })
    search.focus()
    await act(async () => fireEvent.change(search, { target: { value: 'Value' } }))
    act(() => store.getState().setFilters({ q: 'Value' }))
    await press('Escape', search)
    await act(async () => answer!({ incidents: list, nextCursor: null }))
    await settle()
    expect(store.getState().filters.q).toBe('Value')
  })
})

describe('a late answer does not take the keys back', () => {
  it('a, then s before the acknowledge answered: focus stays in the snooze menu when the answer comes', async () => {
    const item = incident({ title: 'Checkout down' })
    let answer: ((d: IncidentDetail) => void) | null = null
    const fake = fakeClient({
      'incidents.get': () => detailOf({ ...item, readAt: '2026-11-20T10:00:00.000Z' }),
      'incidents.acknowledge': () => new Promise((resolve) => (answer = resolve)),
      'incidents.list': () => ({ incidents: [item], nextCursor: null }),
    })
    const { store } = renderWithStore(<IncidentsView />, fake.client)
    act(() => store.setState({ ids: [item.id], byId: { [item.id]: item }, loaded: true }))
    await act(async () => store.getState().select(item.id))
    rowsNow()[0]!.focus()
    await press('a')
    expect(answer).not.toBeNull()
    await press('s')
    await settle()
    const first = within(screen.getByRole('menu', { name: 'Snooze' })).getAllByRole('menuitem')[0]
    expect(document.activeElement).toBe(first)
    // The acknowledge answers now: the toast says so, and the keys stay in the menu the user opened.
    await act(async () => answer!(detailOf({ ...item, status: 'acknowledged' })))
    await settle()
    expect(screen.getByRole('status').textContent).toContain('Acknowledged “Checkout down”')
    expect(document.activeElement).toBe(first)
  })
})
