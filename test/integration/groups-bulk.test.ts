// Groups and bulk actions through the real core: the group each incident gets from real provider payloads,
// one call for a whole group or a whole filter, what Undo puts back, and what events and timeline it leaves.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PushEvent } from '../../src/shared/contract'
import { fixture } from '../fixtures/load'
import { alertStorm, SECRET } from '../helpers/on-call'
import { SIGNERS } from '../helpers/sign'
import { startCore, type TestCore } from '../helpers/test-core'

let t: TestCore
let events: PushEvent[]

beforeEach(async () => {
  t = await startCore()
  events = []
  t.core.events.subscribe((e: PushEvent) => events.push(e))
})
afterEach(() => t.stop())

async function integration(provider: string) {
  const { integration } = await t.api['integrations.create']({ provider, secret: SECRET })
  return integration.id
}

async function deliver(provider: string, id: string, body: string, extra: Record<string, string> = {}) {
  const response = await t.post(id, body, { ...SIGNERS[provider]!(SECRET, body), ...extra })
  expect(response.status).toBeLessThan(300)
}

describe('groups', () => {
  it('names one group per alert rule, check group and exception fingerprint', async () => {
    const am = await integration('alertmanager')
    await deliver('alertmanager', am, alertStorm(5))
    const checkly = await integration('checkly')
    for (const name of ['Checkout API', 'Login page']) {
      const body = JSON.parse(fixture('checkly', 'failure')) as Record<string, string>
      await deliver('checkly', checkly, JSON.stringify({ ...body, checkId: name, checkName: name, checkResultId: name }))
    }
    // The same Sentry exception reported by two projects (two integrations) is one fingerprint.
    for (const _ of [1, 2]) await deliver('sentry', await integration('sentry'), fixture('sentry', 'event_alert'))
    const { incidents } = await t.api['incidents.list']({ limit: 100 })
    const keys = incidents.map((i) => i.group?.key ?? null)
    expect(keys.filter((k) => k === 'alert:KubePodCrashLooping')).toHaveLength(5)
    expect(keys.filter((k) => k === 'check-group:Production')).toHaveLength(2)
    const exceptionKeys = incidents.filter((i) => i.provider === 'sentry').map((i) => i.group?.key)
    expect(exceptionKeys).toHaveLength(2)
    expect(exceptionKeys[0]).toMatch(/^exception:ValueError@checkout\/views.py:parse_quantity$/)
    expect(exceptionKeys[1]).toBe(exceptionKeys[0])
    expect(incidents.find((i) => i.provider === 'alertmanager')!.group!.label).toBe('KubePodCrashLooping')
  })
})

describe('incidents.bulk', () => {
  it('acknowledges a 30-alert group in one call, under the current filter, with one timeline note each', async () => {
    const am = await integration('alertmanager')
    await deliver('alertmanager', am, alertStorm(30))
    await deliver('generic', await integration('generic'), fixture('generic', 'triggered'))
    events.length = 0
    const result = await t.api['incidents.bulk']({
      action: 'acknowledge',
      query: { status: ['open', 'acknowledged'] },
      group: 'alert:KubePodCrashLooping',
    })
    expect(result.count).toBe(30)
    expect(result.truncated).toBe(false)
    expect(result.incidents.every((i) => i.status === 'acknowledged')).toBe(true)
    expect(result.previous.every((p) => p.status === 'open')).toBe(true)
    const counts = await t.api['incidents.counts']({})
    expect(counts.status).toMatchObject({ open: 1, acknowledged: 30 })
    // One push per changed incident for every window, and one status for the tray and badges.
    expect(events.filter((e) => e.type === 'incident.updated')).toHaveLength(30)
    await new Promise((r) => setTimeout(r, 20))
    expect(events.filter((e) => e.type === 'status.changed')).toHaveLength(1)
    const detail = await t.api['incidents.get']({ id: result.incidents[0]!.id })
    expect(detail.timeline.filter((e) => e.text === 'acknowledged by you')).toHaveLength(1)
  })

  it('acts on everything matching a filter, skipping incidents the action does not apply to', async () => {
    const am = await integration('alertmanager')
    await deliver('alertmanager', am, alertStorm(4))
    const { incidents } = await t.api['incidents.list']({})
    await t.api['incidents.resolve']({ id: incidents[0]!.id })
    const result = await t.api['incidents.bulk']({ action: 'acknowledge', query: {} })
    // The resolved one stays resolved: an acknowledge means "I'm on it", not "reopen".
    expect(result.count).toBe(3)
    const after = await t.api['incidents.counts']({})
    expect(after.status).toMatchObject({ open: 0, acknowledged: 3, resolved: 1 })
  })

  it('snoozes chosen ids until a time; Undo (restore) puts status and snooze back', async () => {
    await deliver('alertmanager', await integration('alertmanager'), alertStorm(3))
    const { incidents } = await t.api['incidents.list']({})
    const ids = incidents.slice(0, 2).map((i) => i.id)
    const until = new Date(Date.now() + 4 * 3600_000).toISOString()
    const snoozed = await t.api['incidents.bulk']({ action: 'snooze', ids, until })
    expect(snoozed.incidents.map((i) => i.snoozedUntil)).toEqual([until, until])
    const resolved = await t.api['incidents.bulk']({ action: 'resolve', ids })
    const undone = await t.api['incidents.restore']({ items: resolved.previous })
    expect(undone.count).toBe(2)
    for (const id of ids) {
      const i = await t.api['incidents.get']({ id })
      expect(i.status).toBe('open')
      expect(i.snoozedUntil).toBe(until)
    }
  })

  it('refuses unclear or unknown input with a clear error', async () => {
    await expect(t.api['incidents.bulk']({ action: 'explode' as never, ids: [] })).rejects.toThrow(/action must be one of/)
    await expect(t.api['incidents.bulk']({ action: 'acknowledge' })).rejects.toThrow(/say which incidents/)
    await expect(t.api['incidents.bulk']({ action: 'acknowledge', ids: ['nope'] })).rejects.toThrow(/no incident nope/)
    await expect(
      t.api['incidents.bulk']({ action: 'snooze', ids: [], until: new Date(Date.now() - 1000).toISOString() }),
    ).rejects.toThrow(/future/)
    await expect(
      t.api['incidents.restore']({ items: [{ id: 'x', status: 'gone' as never, snoozedUntil: null }] }),
    ).rejects.toThrow(/status/)
  })
})

describe('single actions', () => {
  it('answer with the whole detail, and opening with markRead is one call', async () => {
    await deliver('alertmanager', await integration('alertmanager'), alertStorm(1))
    const [incident] = (await t.api['incidents.list']({})).incidents
    const opened = await t.api['incidents.get']({ id: incident!.id, markRead: true })
    expect(opened.readAt).not.toBeNull()
    expect(events.some((e) => e.type === 'incident.updated' && e.data.id === incident!.id)).toBe(true)
    const acked = await t.api['incidents.acknowledge']({ id: incident!.id })
    expect(acked.timeline.at(-1)!.text).toBe('acknowledged by you')
  })
})

describe('labels as data', () => {
  it('finds alerts by alert name and label values, and checks by group and tag', async () => {
    const am = await integration('alertmanager')
    await deliver('alertmanager', am, alertStorm(3))
    const checkly = await integration('checkly')
    await deliver('checkly', checkly, fixture('checkly', 'failure'))
    const titles = async (q: string) => (await t.api['incidents.list']({ q })).incidents.map((i) => i.title)
    expect(await titles('KubePodCrashLooping')).toHaveLength(3)
    expect(await titles('checkout-api-7f9c6d-01')).toEqual(['Pod checkout/checkout-api-7f9c6d-01 is crash looping'])
    expect(await titles('namespace checkout')).toHaveLength(3)
    // The check group (and the alerts' env=production label) match; the title says neither.
    expect(await titles('Production')).toHaveLength(4)
    expect(await titles('Production')).toContain('Check "Checkout API" has failed')
  })
})
