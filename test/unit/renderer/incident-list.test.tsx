// @vitest-environment jsdom
import './setup-dom'
import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { IncidentList } from '../../../src/renderer/src/components/IncidentList'
import { fakeClient, incident } from './fake-client'
import { renderWithStore } from './render'

describe('IncidentList', () => {
  it('shows severity (mark and word), title, source, status, count, time and an unread marker', () => {
    const { client } = fakeClient()
    const { store } = renderWithStore(<IncidentList />, client)
    const a = incident({ title: 'Payment API down', severity: 'critical', occurrences: 14 })
    const b = incident({ title: 'Slow search', severity: 'warning', status: 'acknowledged', readAt: new Date().toISOString() })
    act(() =>
      store.setState({
        ids: [a.id, b.id],
        byId: { [a.id]: a, [b.id]: b },
        integrations: [{ id: 'int-1', name: 'Sentry prod' } as never],
      }),
    )
    const rows = screen.getAllByRole('option')
    expect(rows).toHaveLength(2)
    expect(within(rows[0]!).getByText('Payment API down')).toBeTruthy()
    expect(within(rows[0]!).getByText('critical').className).toContain('sev-text-critical')
    expect(rows[0]!.className).toContain('sev-edge-critical')
    expect(rows[0]!.textContent).toContain('open, unread: Payment API down')
    expect(rows[1]!.textContent).toContain('acknowledged: Slow search')
    expect(within(rows[0]!).getByText('×14')).toBeTruthy()
    expect(within(rows[0]!).getByText(/Sentry prod · checkout · production/)).toBeTruthy()
    expect(rows[0]!.className).toContain('unread')
    expect(rows[1]!.className).not.toContain('unread')
    expect(within(rows[1]!).getByTitle('acknowledged').textContent).toBe('◐')
  })

  it('renders only the rows on screen for 10,000 incidents', () => {
    const { client } = fakeClient()
    const { store } = renderWithStore(<IncidentList />, client)
    const many = Array.from({ length: 10_000 }, () => incident())
    act(() => store.setState({ ids: many.map((i) => i.id), byId: Object.fromEntries(many.map((i) => [i.id, i])) }))
    const rendered = screen.getAllByRole('option').length
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(60)
  })

  it('keeps the row in view in place when incidents arrive above it', () => {
    const { client } = fakeClient()
    const { store } = renderWithStore(<IncidentList />, client)
    const list = Array.from({ length: 100 }, (_, i) =>
      incident({ lastSeenAt: new Date(Date.UTC(2026, 10, 20, 10, 0, 100 - i)).toISOString() }),
    )
    act(() => store.setState({ ids: list.map((i) => i.id), byId: Object.fromEntries(list.map((i) => [i.id, i])) }))
    const listbox = screen.getByRole('listbox')
    act(() => {
      listbox.scrollTop = 10 * 52 + 7
      fireEvent.scroll(listbox)
    })
    act(() => store.getState().received(incident({ lastSeenAt: '2026-11-20T11:00:00.000Z' })))
    expect(listbox.scrollTop).toBe(11 * 52 + 7)
    // At the top, a new incident simply appears first.
    act(() => {
      listbox.scrollTop = 0
      fireEvent.scroll(listbox)
    })
    act(() => store.getState().received(incident({ lastSeenAt: '2026-11-20T12:00:00.000Z' })))
    expect(listbox.scrollTop).toBe(0)
  })

  it('selects an incident on click', async () => {
    const target = incident({ title: 'Click me' })
    const { client, calls } = fakeClient({
      'incidents.get': () => ({ ...target, readAt: new Date().toISOString(), timeline: [], raw: null }),
    })
    const { store } = renderWithStore(<IncidentList />, client)
    act(() => store.setState({ ids: [target.id], byId: { [target.id]: target } }))
    await act(async () => fireEvent.click(screen.getByText('Click me')))
    expect(store.getState().selectedId).toBe(target.id)
    // One request: the detail, marked read on the way.
    expect(calls).toEqual([{ method: 'incidents.get', args: { id: target.id, markRead: true } }])
    expect(store.getState().byId[target.id]!.readAt).not.toBeNull()
  })

  it('renders payload text as text, never as HTML', () => {
    const { client } = fakeClient()
    const { store, container } = renderWithStore(<IncidentList />, client)
    const evil = incident({ title: '<img src=x onerror="window.hacked=1">' })
    act(() => store.setState({ ids: [evil.id], byId: { [evil.id]: evil } }))
    expect(container.querySelector('img')).toBeNull()
    expect(screen.getByText('<img src=x onerror="window.hacked=1">')).toBeTruthy()
  })
})
