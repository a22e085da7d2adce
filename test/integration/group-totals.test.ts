// Groups as the core serves them, so the window, the tray and the toasts agree: totals that count every
// matching incident (not only a page), counts that follow the search, the tray's open groups, a storm that
// toasts as one group summary, and groups for incidents stored before groups were a column.
import { join } from 'node:path'
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb, transaction } from '../../src/server-common/sqlite'
import { createIncidentStore } from '../../src/main/core/store/incident-store'
import { MIGRATIONS } from '../../src/main/core/store/migrations'
import { SEARCH_COUNT_LIMIT } from '../../src/main/core/store/incident-list'
import { computeTrayState, trayEntries } from '../../src/main/core/notify/tray-state'
import type { IncidentEvent } from '../../src/main/core/providers/types'
import type { IncidentQuery } from '../../src/shared/model'
import { fixture } from '../fixtures/load'
import { alertStorm, SECRET } from '../helpers/on-call'
import { SIGNERS } from '../helpers/sign'
import { eventually, startCore, tempDir, type TestCore } from '../helpers/test-core'

const STORM = 'alert:KubePodCrashLooping'
const RAW = { delivery: 1, headers: {} }
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
    await eventually(() => expect(t!.toasts).toHaveLength(1))
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

describe('counting under a search that matches more than the core counts', () => {
  it('counts the newest matches and says so (capped), so a common word cannot stall ingest', () => {
    const dir = tempDir()
    try {
      const db = openDb(join(dir, 'hookbell.db'), MIGRATIONS)
      const store = createIncidentStore(db, { deployWindowMinutes: () => 30 })
      const t0 = Date.parse('2026-11-20T10:00:00Z')
      // Older matches the newest ones hide: a filter that finds them walks the index further, page by page.
      transaction(db, () => {
        for (let i = 0; i < 25; i++)
          store.apply(
            'int-2',
            'alertmanager',
            {
              dedupKey: `old${i}`,
              action: 'trigger',
              kind: 'alert',
              title: `Pod legacy-${i} is crash looping`,
              severity: 'error',
            },
            RAW,
            t0 - 10_000 + i,
          )
      })
      transaction(db, () => {
        for (let i = 0; i < SEARCH_COUNT_LIMIT + 20; i++)
          store.apply(
            'int-1',
            'alertmanager',
            {
              dedupKey: `fp${i}`,
              action: 'trigger',
              kind: 'alert',
              title: `Pod checkout-${i} is crash looping`,
              severity: i % 2 ? 'critical' : 'warning',
              facts: { labels: 'alertname=KubePodCrashLooping' },
            },
            RAW,
            t0 + i,
          )
      })
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const page = store.list({ q: 'crash looping', severity: ['error'], limit: 10, cursor })
        seen.push(...page.incidents.map((i) => i.dedupKey))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      expect(new Set(seen).size).toBe(25)
      expect(seen).toHaveLength(25)
      // The first page of a search is the newest matches, newest first, as later pages continue it.
      const first = store.list({ q: 'crash looping', limit: 10 })
      expect(first.incidents.map((i) => i.dedupKey)).toEqual(
        Array.from({ length: 10 }, (_, i) => `fp${SEARCH_COUNT_LIMIT + 19 - i}`),
      )
      const second = store.list({ q: 'crash looping', limit: 10, cursor: first.nextCursor! })
      expect(second.incidents[0]!.dedupKey).toBe(`fp${SEARCH_COUNT_LIMIT + 9}`)
      const counts = store.counts({ q: 'crash looping' })
      expect(counts).toMatchObject({ total: SEARCH_COUNT_LIMIT, capped: true })
      expect(counts.severity.critical + counts.severity.warning).toBe(SEARCH_COUNT_LIMIT)
      const page = store.list({ q: 'crash looping', limit: 10 })
      expect(page.groups['alert:KubePodCrashLooping']).toMatchObject({ count: SEARCH_COUNT_LIMIT, capped: true })
      // Within the limit, exact and not capped; without a search, every incident.
      expect(store.counts({ q: 'checkout-7' })).toMatchObject({ capped: false })
      expect(store.counts({}).total).toBe(SEARCH_COUNT_LIMIT + 45)
      expect(store.list({ limit: 10 }).groups['alert:KubePodCrashLooping']).toEqual({
        count: SEARCH_COUNT_LIMIT + 20,
        status: { open: SEARCH_COUNT_LIMIT + 20, acknowledged: 0, resolved: 0 },
        severity: { critical: (SEARCH_COUNT_LIMIT + 20) / 2, error: 0, warning: (SEARCH_COUNT_LIMIT + 20) / 2, info: 0 },
      })
      db.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('totals kept by triggers', () => {
  it('equal a recount of the incidents after arrivals, escalations, user actions, retention and a regrouping', () => {
    const dir = tempDir()
    try {
      const db = openDb(join(dir, 'hookbell.db'), MIGRATIONS)
      const store = createIncidentStore(db, { deployWindowMinutes: () => 30 })
      const t0 = Date.parse('2026-01-01T00:00:00Z')
      const alert = (i: number, name: string, extra: Partial<IncidentEvent> = {}): IncidentEvent => ({
        dedupKey: `fp${i}`,
        action: 'trigger',
        kind: 'alert',
        title: `Alert ${i}`,
        severity: 'warning',
        facts: { labels: `alertname=${name}` },
        ...extra,
      })
      for (let i = 0; i < 60; i++)
        store.apply(`int-${i % 3}`, 'alertmanager', alert(i, ['Crash', 'Disk', 'Latency'][i % 3]!), RAW, t0 + i)
      // Escalations, resolves from the source, and a change of alert name (a relabelled rule).
      for (let i = 0; i < 60; i += 4)
        store.apply(
          `int-${i % 3}`,
          'alertmanager',
          alert(i, ['Crash', 'Disk', 'Latency'][i % 3]!, { severity: 'critical' }),
          RAW,
          t0 + 100 + i,
        )
      for (let i = 1; i < 60; i += 5)
        store.apply(
          `int-${i % 3}`,
          'alertmanager',
          alert(i, ['Crash', 'Disk', 'Latency'][i % 3]!, { action: 'resolve' }),
          RAW,
          t0 + 200 + i,
        )
      store.apply('int-0', 'alertmanager', alert(3, 'Renamed'), RAW, t0 + 300)
      const some = store
        .list({ limit: 500 })
        .incidents.filter((i) => i.status === 'open')
        .slice(0, 10)
      for (const i of some) store.act(i.id, { type: 'acknowledge' }, t0 + 400)
      // Retention: resolved incidents older than a day go.
      while (store.pruneBatch({ resolvedDays: 1, maxIncidents: 100_000, now: t0 + 3 * 86_400_000 }) > 0);
      const recount = (filter: string) =>
        db
          .prepare(`SELECT group_key AS g, COUNT(*) AS n FROM incidents WHERE group_key != '' AND ${filter} GROUP BY 1`)
          .all() as { g: string; n: number }[]
      const cases: [IncidentQuery, string][] = [
        [{}, '1'],
        [{ status: ['open'] }, "status = 'open'"],
        [{ severity: ['critical'] }, "severity = 'critical'"],
        [{ integration: ['int-1'] }, "integration_id = 'int-1'"],
      ]
      for (const [query, filter] of cases) {
        const groups = store.list({ ...query, limit: 500 }).groups
        const expected = Object.fromEntries(recount(filter).map((r) => [r.g, r.n]))
        expect(Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v.count]))).toEqual(expected)
      }
      expect(store.list({ limit: 500 }).groups['alert:Renamed']?.count).toBe(1)
      // Only combinations some incident still has are kept: the table does not grow with history.
      const kept = db.prepare('SELECT COUNT(*) AS n FROM group_counts').get() as { n: number }
      const live = db
        .prepare(
          `SELECT COUNT(*) AS n FROM (SELECT DISTINCT group_key, status, severity, integration_id, kind FROM incidents
           WHERE group_key != '')`,
        )
        .get() as { n: number }
      expect(kept.n).toBe(live.n)
      db.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('totals from before empty groups were dropped', () => {
  it('lose their zero rows when the store is migrated', () => {
    const dir = tempDir()
    try {
      const path = join(dir, 'hookbell.db')
      let db = openDb(path, MIGRATIONS.slice(0, 9))
      // Today's store writes migration 11's column: added for the writes, dropped before the real migration.
      db.exec('ALTER TABLE incidents ADD COLUMN raw_delivery INTEGER')
      const store = createIncidentStore(db, { deployWindowMinutes: () => 30 })
      const event: IncidentEvent = {
        dedupKey: 'fp1',
        action: 'trigger',
        kind: 'alert',
        title: 'Disk full',
        severity: 'warning',
        facts: { labels: 'alertname=DiskFull' },
      }
      store.apply('int-1', 'alertmanager', event, RAW, Date.now())
      store.apply('int-1', 'alertmanager', { ...event, action: 'resolve' }, RAW, Date.now())
      expect(db.prepare('SELECT status, n FROM group_counts ORDER BY status').all()).toEqual([
        { status: 'open', n: 0 },
        { status: 'resolved', n: 1 },
      ])
      db.exec('ALTER TABLE incidents DROP COLUMN raw_delivery')
      db.close()
      db = openDb(path, MIGRATIONS)
      expect(db.prepare('SELECT status, n FROM group_counts').all()).toEqual([{ status: 'resolved', n: 1 }])
      db.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
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
      store.apply('int-1', 'alertmanager', event, { delivery: 1, headers: {} }, Date.now())
      store.apply('int-1', 'alertmanager', { ...event, dedupKey: 'fp2' }, { delivery: 2, headers: {} }, Date.now())
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
