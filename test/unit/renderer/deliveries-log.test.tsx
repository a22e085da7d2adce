// @vitest-environment jsdom
// The deliveries log: an accepted delivery opens its incident in the window; "Rejected only" asks the core.
import './setup-dom'
import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { DeliveriesLog } from '../../../src/renderer/src/components/settings/DeliveriesLog'
import type { DeliveryView } from '../../../src/shared/model'
import { fakeClient, incident } from './fake-client'
import { renderWithStore } from './render'

const delivery = (id: number, extra: Partial<DeliveryView>): DeliveryView => ({
  id,
  receivedAt: new Date().toISOString(),
  integrationId: 'int-1',
  provider: 'alertmanager',
  via: 'direct',
  status: 202,
  outcome: 'accepted',
  reason: null,
  incidentIds: [],
  size: 900,
  ...extra,
})

describe('DeliveriesLog', () => {
  it('opens the incident an accepted delivery made, by click or keyboard, and filters to refusals', async () => {
    const made = incident({ title: 'HighErrorRate on api' })
    const storm = [incident(), incident(), incident()]
    const all = [
      delivery(3, { incidentIds: [made.id] }),
      delivery(2, { incidentIds: storm.map((i) => i.id) }),
      delivery(1, { status: 401, outcome: 'rejected', reason: 'signature does not match' }),
    ]
    const fake = fakeClient({
      'deliveries.list': (args: { outcome?: string }) => ({
        deliveries: args.outcome ? all.filter((d) => d.outcome === args.outcome) : all,
        nextCursor: null,
      }),
      'incidents.get': () => ({ ...made, timeline: [], raw: null }),
    })
    const { store } = renderWithStore(<DeliveriesLog />, fake.client)
    act(() => store.setState({ view: 'settings', settingsTab: 'deliveries' }))
    const table = await screen.findByRole('table', { name: 'Deliveries' })
    await screen.findByRole('button', { name: 'Open incident' })
    expect(within(table).getByRole('button', { name: 'Open 3 incidents' })).toBeTruthy()
    // The refusal made no incident: nothing to open.
    const refusedRow = within(table).getByText('signature does not match').closest('tr')!
    expect(within(refusedRow).queryByRole('button', { name: /^Open/ })).toBeNull()

    const open = within(table).getByRole('button', { name: 'Open incident' })
    expect(open.tagName).toBe('BUTTON') // Enter and Space work as on any button
    await act(async () => fireEvent.click(open))
    expect(store.getState()).toMatchObject({ view: 'incidents', selectedId: made.id, detailOpen: true })
    expect(fake.calls.find((c) => c.method === 'incidents.get')?.args).toMatchObject({ id: made.id })
    expect(store.getState().focus?.target).toBe('detail')

    await act(async () => fireEvent.click(screen.getByRole('checkbox', { name: 'Rejected only' })))
    expect(fake.calls.filter((c) => c.method === 'deliveries.list').at(-1)?.args).toEqual({ limit: 200, outcome: 'rejected' })
    expect(within(table).getAllByRole('row')).toHaveLength(2) // the header and the refusal
    expect(within(table).getByText('signature does not match')).toBeTruthy()
  })
})
