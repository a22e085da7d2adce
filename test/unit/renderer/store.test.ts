import { describe, expect, it } from 'vitest'
import { createAppStore, wireEvents } from '../../../src/renderer/src/store/store'
import { formatRoute, parseRoute } from '../../../src/renderer/src/lib/route'
import { fakeClient, incident } from './fake-client'

describe('app store', () => {
  it('inserts a pushed incident in order when it matches the filters, and skips it otherwise', () => {
    const store = createAppStore(fakeClient({ 'incidents.get': () => ({}) }).client)
    const older = incident({ lastSeenAt: '2026-11-20T10:00:00.000Z' })
    const newer = incident({ lastSeenAt: '2026-11-20T12:00:00.000Z' })
    store.setState({ ids: [newer.id, older.id], byId: { [newer.id]: newer, [older.id]: older } })
    const middle = incident({ lastSeenAt: '2026-11-20T11:00:00.000Z' })
    store.getState().received(middle)
    expect(store.getState().ids).toEqual([newer.id, middle.id, older.id])
    store.getState().received(incident({ status: 'resolved' }))
    expect(store.getState().ids).toHaveLength(3)
  })

  it('moves a repeated incident to the top and drops one that left the filter', () => {
    const store = createAppStore(fakeClient().client)
    const a = incident({ lastSeenAt: '2026-11-20T10:00:00.000Z' })
    const b = incident({ lastSeenAt: '2026-11-20T11:00:00.000Z' })
    store.setState({ ids: [b.id, a.id], byId: { [a.id]: a, [b.id]: b } })
    store.getState().received({ ...a, lastSeenAt: '2026-11-20T12:00:00.000Z', occurrences: 2 })
    expect(store.getState().ids).toEqual([a.id, b.id])
    store.getState().received({ ...b, status: 'resolved' })
    expect(store.getState().ids).toEqual([a.id])
  })
})

describe('push events', () => {
  it('reloads the page in view once when the core says a storm changed many incidents', async () => {
    const fresh = incident({ lastSeenAt: '2026-11-20T12:00:00.000Z' })
    const fake = fakeClient({
      'incidents.list': () => ({ incidents: [fresh], nextCursor: null }),
      'incidents.counts': () => ({ total: 1, status: {}, severity: {} }),
      'status.get': () => ({}),
    })
    const store = createAppStore(fake.client)
    wireEvents(store, fake.client)
    fake.push({ type: 'incidents.changed', data: { count: 480 } })
    await new Promise((r) => setTimeout(r, 0))
    expect(fake.calls.filter((c) => c.method === 'incidents.list')).toHaveLength(1)
    expect(store.getState().ids).toEqual([fresh.id])
  })
})

describe('routes in the hash', () => {
  it('round-trips filters and the selected incident', () => {
    const route = {
      view: 'incidents' as const,
      filters: { status: ['open' as const], severity: ['critical' as const], integration: ['i1'], kind: [], q: 'time out' },
      selected: 'abc',
    }
    expect(parseRoute(formatRoute(route))).toEqual(route)
  })
  it('keeps "all statuses" distinct from the default', () => {
    expect(
      parseRoute('#/incidents?status=').view === 'incidents' &&
        (parseRoute('#/incidents?status=') as { filters: { status: string[] } }).filters.status,
    ).toEqual([])
    expect((parseRoute('') as { filters: { status: string[] } }).filters.status).toEqual(['open', 'acknowledged'])
  })
  it('reads toast links and settings tabs', () => {
    expect(parseRoute('#/incident/xyz')).toMatchObject({ view: 'incidents', selected: 'xyz' })
    expect(parseRoute('#/settings/targets')).toEqual({ view: 'settings', tab: 'targets' })
  })
})

describe('target headers editor', () => {
  it('reads "Name: value" lines, keeping colons in values', async () => {
    const { parseHeaders } = await import('../../../src/renderer/src/components/settings/TargetsSettings')
    expect(parseHeaders("Authorization: Basic {{secret 'AUTH'}}\nX-Url: https://a.example:8443/x\nincomplete")).toEqual({
      Authorization: "Basic {{secret 'AUTH'}}",
      'X-Url': 'https://a.example:8443/x',
    })
  })
})
