// The window's event stream in a storm: bounded events per second, each flush with the latest state; a lone
// alert still goes out at once.
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { PushEvent } from '../../../src/shared/contract'
import type { Incident } from '../../../src/shared/incident'
import type { DeliveryView } from '../../../src/shared/model'
import { createEventBus } from '../../../src/main/core/events'
import { createUiEvents, FLUSH_MS } from '../../../src/main/core/ui-events'

beforeEach(() => void vi.useFakeTimers())
afterEach(() => void vi.useRealTimers())

const incident = (n: number, change: Partial<Incident> = {}): Incident => ({
  id: `inc-${n}`,
  integrationId: 'int-1',
  provider: 'alertmanager',
  kind: 'alert',
  title: `KubePodCrashLooping checkout-api-${n}`,
  severity: 'critical',
  status: 'open',
  dedupKey: `fp-${n}`,
  occurrences: 1,
  firstSeenAt: '2026-11-20T10:00:00.000Z',
  lastSeenAt: '2026-11-20T10:00:00.000Z',
  app: 'checkout-api',
  environment: 'production',
  url: null,
  snoozedUntil: null,
  readAt: null,
  ...change,
})
const delivery = (id: number): DeliveryView => ({
  id,
  receivedAt: '2026-11-20T10:00:00.000Z',
  integrationId: 'int-1',
  provider: 'alertmanager',
  via: 'direct',
  status: 202,
  outcome: 'accepted',
  reason: null,
  incidentIds: [`inc-${id}`],
  size: 1500,
})

function setup() {
  const bus = createEventBus()
  const ui = createUiEvents(bus)
  const heard: PushEvent[] = []
  ui.subscribe((e) => heard.push(e))
  return { bus, ui, heard }
}

it('sends a lone alert on the next tick, as it came', () => {
  const { bus, heard } = setup()
  bus.emit('incident.created', incident(1))
  bus.emit('delivery.received', delivery(1))
  expect(heard).toEqual([])
  vi.advanceTimersByTime(0)
  expect(heard).toEqual([
    { type: 'incident.created', data: incident(1) },
    { type: 'delivery.received', data: delivery(1) },
  ])
})

it('keeps a storm to a few events a second, and the last flush has the latest state', () => {
  const { bus, heard } = setup()
  // 10,000 deliveries over 5 s: 2,000 a second, each a new incident.
  for (let n = 0; n < 10_000; n++) {
    bus.emit('incident.created', incident(n))
    bus.emit('delivery.received', delivery(n))
    if (n % 20 === 19) vi.advanceTimersByTime(10)
  }
  vi.advanceTimersByTime(FLUSH_MS)
  const seconds = 5
  // At most one flush per FLUSH_MS (plus the first), each one incidents.changed and one delivery.
  expect(heard.length).toBeLessThanOrEqual(2 * (seconds * (1000 / FLUSH_MS) + 2))
  expect(heard.filter((e) => e.type === 'incidents.changed').length).toBeGreaterThan(1)
  const total = heard.reduce((sum, e) => sum + (e.type === 'incidents.changed' ? e.data.count : 0), 0)
  expect(total).toBe(10_000) // every incident counted in some flush
  const deliveries = heard.filter((e) => e.type === 'delivery.received')
  expect(deliveries.at(-1)!.data).toEqual(delivery(9_999))
})

it('sends an incident that changed several times within a flush once, in its latest state', () => {
  const { bus, heard } = setup()
  bus.emit('incident.created', incident(7))
  vi.advanceTimersByTime(0)
  heard.length = 0
  bus.emit('incident.updated', incident(7, { occurrences: 2 }))
  bus.emit('incident.updated', incident(7, { occurrences: 3, status: 'acknowledged' }))
  vi.advanceTimersByTime(FLUSH_MS)
  expect(heard).toEqual([{ type: 'incident.updated', data: incident(7, { occurrences: 3, status: 'acknowledged' }) }])
})

it('passes rare events at once', () => {
  const { bus, heard } = setup()
  bus.emit('ui.open', { incidentId: 'inc-1' })
  expect(heard).toEqual([{ type: 'ui.open', data: { incidentId: 'inc-1' } }])
})
