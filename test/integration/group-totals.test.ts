// Groups as the core serves them, so the window, the tray and the toasts agree: totals that count every
// matching incident (not only a page), counts that follow the search, the tray's open groups, a storm that
// toasts as one group summary, and groups for incidents stored before groups were a column.
import { join } from 'node:path'
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from '../../src/server-common/sqlite'
import { createIncidentStore } from '../../src/main/core/store/incident-store'
import { MIGRATIONS } from '../../src/main/core/store/migrations'
import { computeTrayState, trayEntries } from '../../src/main/core/notify/tray-state'
import { fixture } from '../fixtures/load'
import { alertStorm, SECRET } from '../helpers/on-call'
import { SIGNERS } from '../helpers/sign'
import { startCore, tempDir, type TestCore } from '../helpers/test-core'

const STORM = 'alert:KubePodCrashLooping'
let t: TestCore | null = null
afterEach(async () => {
  await t?.stop()
  t = null
})

async function deliver(provider: string, body: string): Promise<string> {
  const { integration } = await t!.api['integrations.create']({ provider, secret: SECRET })
  const response = await t!.post(integration.id, body, SIGNERS[provider]!(SECRET, body))
  expect(response.status).toBeLessThan(300)
  return integration.id
}

/** A 30-alert storm and two unrelated incidents. */
async function onCallMorning() {
  t = await startCore()
  await deliver('alertmanager', alertStorm(30))
  await deliver('generic', fixture('generic', 'triggered'))
  await deliver('sentry', fixture('sentry', 'event_alert'))
}

describe('group totals', () => {
  it('count every incident of a group under the filter, not only the ones on the page', async () => {
    await onCallMorning()
    const page = await t!.api['incidents.list']({ limit: 5 })
    const onPage = page.incidents.filter((i) => i.group?.key === STORM).length
    expect(onPage).toBeGreaterThan(0)
    expect(onPage).toBeLessThanOrEqual(5)
    expect(page.groups[STORM]).toEqual({
      count: 30,
      status: { open: 30, acknowledged: 0, resolved: 0 },
      severity: { critical: 30, error: 0, warning: 0, info: 0 },
    })
    // Only groups with a member on the page are counted.
    expect(Object.keys(page.groups).sort()).toEqual(
      [STORM, ...page.incidents.filter((i) => i.provider === 'sentry').map((i) => i.group!.key)].sort(),
    )

    const some = (await t!.api['incidents.list']({ limit: 100 })).incidents.filter((i) => i.group?.key === STORM).slice(0, 12)
    await t!.api['incidents.bulk']({ action: 'acknowledge', ids: some.map((i) => i.id) })
    const open = await t!.api['incidents.list']({ status: ['open'], limit: 2 })
    expect(open.groups[STORM]).toMatchObject({ count: 18, status: { open: 18, acknowledged: 0, resolved: 0 } })
    const all = await t!.api['incidents.list']({ limit: 2 })
    expect(all.groups[STORM]).toMatchObject({ count: 30, status: { open: 18, acknowledged: 12, resolved: 0 } })
  })

  it('follow the search, as the filter chips do', async () => {
    await onCallMorning()
    const pod = 'checkout-api-7f9c6d-07'
    const page = await t!.api['incidents.list']({ q: pod, limit: 50 })
    expect(page.incidents).toHaveLength(1)
    expect(page.groups[STORM]!.count).toBe(1)
    const counts = await t!.api['incidents.counts']({ q: pod })
    expect(counts.total).toBe(1)
    expect(counts.status).toEqual({ open: 1, acknowledged: 0, resolved: 0 })
    expect(counts.severity).toEqual({ critical: 1, error: 0, warning: 0, info: 0 })
    // The storm's alert name finds the 30 alerts and nothing else; the chips say so.
    const storm = await t!.api['incidents.counts']({ q: 'KubePodCrashLooping' })
    expect(storm.total).toBe(30)
    const unfiltered = await t!.api['incidents.counts']({})
    expect(unfiltered.total).toBe(32)
  })
})

describe('tray and toasts', () => {
  it('the tray lists the storm as one line and counts open groups as the window lists rows', async () => {
    await onCallMorning()
    const status = await t!.api['status.get']({})
    expect(status.store).toMatchObject({ open: 32, openGroups: 3 })
    const recent = await t!.api['incidents.list']({ status: ['open'], limit: 100 })
    const state = computeTrayState({
      worst: status.worst,
      openCount: status.store.open,
      openGroups: status.store.openGroups,
      paused: false,
      disconnected: null,
      recent: trayEntries(recent),
    })
    expect(state.tooltip).toBe('Hookbell — 32 open incidents in 3 groups')
    const lines = state.menu.filter((m) => m.kind === 'incident').map((m) => ('label' in m ? m.label : ''))
    expect(lines).toHaveLength(3)
    expect(lines).toContain('‼ KubePodCrashLooping — 30 open')
  })

  it('a 30-alert Alertmanager delivery toasts once, as its group', async () => {
    t = await startCore()
    await deliver('alertmanager', alertStorm(30))
    await new Promise((r) => setTimeout(r, 100))
    expect(t.toasts).toHaveLength(1)
    expect(t.toasts[0]).toMatchObject({
      title: 'KubePodCrashLooping: 30 alerts firing (checkout-api)',
      body: '30 Prometheus Alertmanager — 30 critical: KubePodCrashLooping',
      severity: 'critical',
    })
    // A click opens the group's newest alert, which the window shows inside its group.
    const newest = (await t.api['incidents.list']({ limit: 1 })).incidents[0]!
    expect(t.toasts[0]!.incidentId).toBe(newest.id)
  })
})

describe('stored before groups were a column', () => {
  it('get their group when the store opens', () => {
    const dir = tempDir()
    try {
      const db = openDb(join(dir, 'hookbell.db'), MIGRATIONS)
      const store = createIncidentStore(db, { deployWindowMinutes: () => 30 })
      const event = {
        dedupKey: 'fp1',
        action: 'trigger' as const,
        kind: 'alert' as const,
        title: 'High error rate',
        severity: 'error' as const,
        facts: { labels: 'alertname=HighErrorRate, service=api' },
      }
      store.apply('int-1', 'alertmanager', event, { headers: {}, body: {} }, Date.now())
      store.apply('int-1', 'alertmanager', { ...event, dedupKey: 'fp2' }, { headers: {}, body: {} }, Date.now())
      // As a database from before migration 6 would have them.
      db.exec('UPDATE incidents SET group_key = NULL')
      expect(store.list({}).groups).toEqual({})
      const reopened = createIncidentStore(db, { deployWindowMinutes: () => 30 })
      expect(reopened.list({}).groups['alert:HighErrorRate']?.count).toBe(2)
      db.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
