// A user's acknowledge/resolve/reopen/snooze through the API: what the lifecycle allows is written, pushed
// and forwarded once; what it refuses is answered with an error value and changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PushEvent } from '../../src/shared/contract'
import { fixture } from '../fixtures/load'
import { SIGNERS } from '../helpers/sign'
import { startCore, type TestCore } from '../helpers/test-core'

let t: TestCore
let pushed: PushEvent[]
beforeEach(async () => {
  t = await startCore()
  pushed = []
  t.core.events.subscribe((e) => pushed.push(e))
})
afterEach(() => t.stop())

async function openIncident() {
  const { integration, secret } = await t.api['integrations.create']({ provider: 'generic' })
  const body = fixture('generic', 'triggered')
  expect((await t.post(integration.id, body, SIGNERS.generic!(secret!, body))).status).toBe(202)
  const [incident] = (await t.api['incidents.list']({})).incidents
  return incident!
}

const updates = () => pushed.filter((e) => e.type === 'incident.updated')

describe('user actions', () => {
  it('refuses to acknowledge a resolved incident, with a clear error, and changes nothing', async () => {
    const incident = await openIncident()
    await t.api['incidents.resolve']({ id: incident.id })
    const before = await t.api['incidents.get']({ id: incident.id })
    pushed = []

    await expect(t.api['incidents.acknowledge']({ id: incident.id })).rejects.toMatchObject({
      status: 409,
      code: 'incident_resolved',
      message: 'the incident is resolved: reopen it before acknowledging it',
    })

    const after = await t.api['incidents.get']({ id: incident.id })
    expect(after.status).toBe('resolved')
    expect(after.timeline).toEqual(before.timeline)
    expect(updates()).toEqual([])
  })

  it('acknowledges an open incident once: a repeat is a no-op that pushes nothing', async () => {
    const incident = await openIncident()
    pushed = []
    expect(await t.api['incidents.acknowledge']({ id: incident.id })).toMatchObject({ status: 'acknowledged' })
    expect(await t.api['incidents.acknowledge']({ id: incident.id })).toMatchObject({ status: 'acknowledged' })
    expect(updates()).toHaveLength(1)
    const { timeline } = await t.api['incidents.get']({ id: incident.id })
    expect(timeline.filter((e) => e.actor === 'user').map((e) => e.text)).toEqual(['acknowledged by you'])
  })

  it('reopens a resolved incident, then acknowledges it', async () => {
    const incident = await openIncident()
    await t.api['incidents.resolve']({ id: incident.id })
    expect(await t.api['incidents.reopen']({ id: incident.id })).toMatchObject({ status: 'open' })
    expect(await t.api['incidents.acknowledge']({ id: incident.id })).toMatchObject({ status: 'acknowledged' })
    const { timeline } = await t.api['incidents.get']({ id: incident.id })
    expect(timeline.filter((e) => e.actor === 'user').map((e) => e.text)).toEqual([
      'resolved by you',
      'reopened by you',
      'acknowledged by you',
    ])
  })

  it('snoozes and clears the snooze, each leaving a timeline line', async () => {
    const incident = await openIncident()
    const until = new Date(Date.now() + 3_600_000).toISOString()
    expect((await t.api['incidents.snooze']({ id: incident.id, until })).snoozedUntil).toBe(until)
    expect((await t.api['incidents.snooze']({ id: incident.id, until: null })).snoozedUntil).toBeNull()
    const { timeline } = await t.api['incidents.get']({ id: incident.id })
    expect(timeline.filter((e) => e.type === 'snoozed').map((e) => e.text)).toEqual([`snoozed until ${until}`, 'snooze cleared'])
  })
})
