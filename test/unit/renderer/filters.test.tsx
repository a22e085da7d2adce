// @vitest-environment jsdom
import './setup-dom'
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { FilterBar } from '../../../src/renderer/src/components/FilterBar'
import { fakeClient, incident } from './fake-client'
import { renderWithStore } from './render'

const NOW = new Date().toISOString()
const counts = {
  total: 12,
  status: { open: 5, acknowledged: 2, resolved: 5 },
  severity: { critical: 1, error: 6, warning: 4, info: 1 },
}

function setup() {
  const fake = fakeClient({ 'incidents.list': () => ({ incidents: [], nextCursor: null }), 'incidents.counts': () => counts })
  const view = renderWithStore(<FilterBar />, fake.client)
  act(() => view.store.setState({ counts }))
  return { ...fake, ...view }
}

describe('FilterBar', () => {
  it('shows counts per status and severity; open and acknowledged are on by default', () => {
    setup()
    expect(screen.getByRole('button', { name: /open 5/ }).getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByRole('button', { name: /acknowledged 2/ }).getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByRole('button', { name: /resolved 5/ }).getAttribute('aria-pressed')).toBe('false')
    expect(screen.getByRole('button', { name: /critical 1/ })).toBeTruthy()
  })

  it('toggling a chip reloads the list with that filter', async () => {
    const { calls, store } = setup()
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /resolved 5/ })))
    expect(store.getState().filters.status).toEqual(['open', 'acknowledged', 'resolved'])
    expect(calls.find((c) => c.method === 'incidents.list')?.args).toMatchObject({ status: ['open', 'acknowledged', 'resolved'] })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /critical 1/ })))
    expect(calls.filter((c) => c.method === 'incidents.list').at(-1)?.args).toMatchObject({ severity: ['critical'] })
  })

  it('searches through the API once typing pauses', async () => {
    vi.useFakeTimers()
    const { calls } = setup()
    fireEvent.change(screen.getByLabelText('Search incidents'), { target: { value: 'time' } })
    fireEvent.change(screen.getByLabelText('Search incidents'), { target: { value: 'timeout' } })
    expect(calls.filter((c) => c.method === 'incidents.list')).toHaveLength(0)
    await act(async () => vi.advanceTimersByTime(250))
    vi.useRealTimers()
    const lists = calls.filter((c) => c.method === 'incidents.list')
    expect(lists).toHaveLength(1)
    expect(lists[0]!.args).toMatchObject({ q: 'timeout' })
  })

  it('counts follow the search: a new incident under a search is counted by the core, not guessed', async () => {
    const { calls, store } = setup()
    act(() => store.setState({ filters: { ...store.getState().filters, q: 'checkout' } }))
    vi.useFakeTimers()
    act(() => void store.getState().received(incident({ firstSeenAt: NOW, lastSeenAt: NOW, severity: 'critical' })))
    // Not added by hand (it may not match the search)…
    expect(screen.getByRole('button', { name: /open 5/ })).toBeTruthy()
    expect(screen.getByRole('button', { name: /critical 1/ })).toBeTruthy()
    await act(async () => vi.advanceTimersByTime(350))
    vi.useRealTimers()
    // …but asked for, with the search.
    expect(calls.filter((c) => c.method === 'incidents.counts').at(-1)?.args).toMatchObject({ q: 'checkout' })
    // Without a search the same push is counted at once.
    act(() => store.setState({ filters: { ...store.getState().filters, q: '' } }))
    act(() => void store.getState().received(incident({ firstSeenAt: NOW, lastSeenAt: NOW, severity: 'critical' })))
    expect(screen.getByRole('button', { name: /open 6/ })).toBeTruthy()
    expect(screen.getByRole('button', { name: /critical 2/ })).toBeTruthy()
  })
})
