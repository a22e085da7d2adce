// The store on a real database file: pagination, search, timeline, deploy correlation, retention, schema.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../../src/server-common/sqlite'
import { createIncidentStore, type IncidentStore } from '../../src/main/core/store/incident-store'
import { toFtsQuery } from '../../src/main/core/store/search-index'
import { MIGRATIONS } from '../../src/main/core/store/migrations'
import { createStateChanges } from '../../src/main/core/store/state-changes'
import type { IncidentEvent } from '../../src/main/core/providers/types'
import { tempDir } from '../helpers/test-core'

let dir: string
let db: Db
let store: IncidentStore
let deployWindow = 30
const RAW = { delivery: 1, headers: {} }
const T0 = Date.parse('2026-11-20T10:00:00Z')

beforeEach(() => {
  dir = tempDir()
  db = openDb(join(dir, 'hookbell.db'), MIGRATIONS)
  store = createIncidentStore(db, { deployWindowMinutes: () => deployWindow })
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const ev = (key: string, extra: Partial<IncidentEvent> = {}): IncidentEvent => ({
  dedupKey: key,
  action: 'trigger',
  kind: 'alert',
  title: `Alert ${key}`,
  severity: 'error',
  ...extra,
})
const apply = (key: string, at: number, extra: Partial<IncidentEvent> = {}) =>
  store.apply('int-1', 'generic', ev(key, { occurredAt: at, ...extra }), RAW, at)

describe('list', () => {
  it('pages newest first with a cursor, without gaps or repeats', () => {
    for (let i = 0; i < 130; i++) apply(`k${i}`, T0 + (i % 7) * 1000) // many equal lastSeenAt values
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = store.list({ limit: 50, cursor })
      seen.push(...page.incidents.map((i) => i.dedupKey))
      cursor = page.nextCursor ?? undefined
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(new Set(seen).size).toBe(130)
    const times = seen.map((k) =>
      Date.parse(store.list({ q: undefined, limit: 500 }).incidents.find((i) => i.dedupKey === k)!.lastSeenAt),
    )
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })

  it('filters by status, severity, integration and kind, and counts per filter', () => {
    apply('a', T0, { severity: 'critical' })
    apply('b', T0, { severity: 'warning', kind: 'check' })
    apply('c', T0, { action: 'resolve' })
    expect(
      store
        .list({ status: ['open'] })
        .incidents.map((i) => i.dedupKey)
        .sort(),
    ).toEqual(['a', 'b'])
    expect(store.list({ severity: ['critical'] }).incidents.map((i) => i.dedupKey)).toEqual(['a'])
    expect(store.list({ kind: ['check'] }).incidents.map((i) => i.dedupKey)).toEqual(['b'])
    expect(store.list({ integration: ['other'] }).incidents).toEqual([])
    const counts = store.counts({ status: ['open'] })
    expect(counts.status).toEqual({ open: 2, acknowledged: 0, resolved: 1 })
    expect(counts.severity).toMatchObject({ critical: 1, warning: 1, error: 0 })
  })

  it('refuses a cursor it did not give out', () => {
    expect(() => store.list({ cursor: 'garbage' })).toThrow(/cursor/)
  })
})

describe('full-text search', () => {
  beforeEach(() => {
    store.apply(
      'int-1',
      'sentry',
      ev('exc', {
        kind: 'exception',
        title: 'ValueError in checkout',
        app: 'checkout-api',
        environment: 'production',
        exception: {
          type: 'ValueError',
          message: 'invalid literal for quantity',
          frames: [{ file: 'checkout/views.py', line: 41, function: 'parse_quantity', inApp: true }],
        },
      }),
      RAW,
      T0,
    )
    apply('other', T0, { title: 'Disk almost full on db-1' })
  })

  it.each([
    ['ValueError', 'exc'],
    ['literal quantity', 'exc'],
    ['parse_quantity', 'exc'],
    ['views', 'exc'],
    ['checkout-api', 'exc'],
    ['disk', 'other'],
    ['dis', 'other'], // prefix of the last word, as you type
  ])('finds %s', (q, key) => {
    expect(store.list({ q }).incidents.map((i) => i.dedupKey)).toEqual([key])
  })

  it('treats FTS syntax in input as text', () => {
    expect(() => store.list({ q: '"unbalanced OR (NEAR' })).not.toThrow()
    expect(toFtsQuery('a-b: "c"')).toBe('"a" "b" "c"*')
    expect(toFtsQuery('!!!')).toBeNull()
  })
})

describe('timeline', () => {
  it('counts a burst of occurrences in one row', () => {
    apply('burst', T0)
    for (let i = 1; i <= 12; i++) apply('burst', T0 + i * 1000)
    const detail = store.getDetail(store.list({}).incidents[0]!.id)
    expect(detail.occurrences).toBe(13)
    expect(detail.timeline.map((e) => [e.text, e.count ?? 1])).toEqual([
      ['opened by source', 1],
      ['occurred again', 12],
    ])
  })

  it('records who changed the status', () => {
    const { incident } = apply('x', T0)
    store.act(incident.id, { type: 'acknowledge' }, T0 + 1)
    apply('x', T0 + 2, { action: 'resolve' })
    expect(store.getDetail(incident.id).timeline.map((e) => `${e.actor}: ${e.text}`)).toEqual([
      'source: opened by source',
      'user: acknowledged by you',
      'source: resolved by source',
    ])
  })
})

describe('deploy correlation', () => {
  const deploy = (at: number) =>
    store.apply(
      'int-1',
      'appsignal',
      ev('marker:1', {
        action: 'log',
        kind: 'deploy',
        app: 'shop',
        environment: 'production',
        occurredAt: at,
        deploy: { revision: 'abc123', user: 'tom', repository: null },
      }),
      RAW,
      at,
    )

  it('marks an incident that opens within the window after a deploy of the same app and environment', () => {
    deploy(T0)
    const { incident } = apply('after', T0 + 10 * 60_000, { app: 'shop', environment: 'production' })
    expect(incident.afterDeploy).toMatchObject({ revision: 'abc123', user: 'tom', at: T0 })
    expect(store.getDetail(incident.id).timeline.map((e) => e.text)).toContain('after deploy abc123')
  })

  it('does not mark incidents outside the window, or of another environment', () => {
    deploy(T0)
    expect(apply('late', T0 + 31 * 60_000, { app: 'shop', environment: 'production' }).incident.afterDeploy).toBeUndefined()
    expect(apply('staging', T0 + 60_000, { app: 'shop', environment: 'staging' }).incident.afterDeploy).toBeUndefined()
  })

  it('follows a changed window', () => {
    deployWindow = 60
    deploy(T0)
    expect(apply('late', T0 + 45 * 60_000, { app: 'shop', environment: 'production' }).incident.afterDeploy?.revision).toBe(
      'abc123',
    )
    deployWindow = 30
  })
})

describe('retention', () => {
  it('prunes resolved incidents past the age limit, never open ones', () => {
    const day = 86_400_000
    apply('old-resolved', T0)
    store.apply('int-1', 'generic', ev('old-resolved', { action: 'resolve' }), RAW, T0)
    apply('old-open', T0)
    apply('recent-resolved', T0 + 80 * day)
    store.apply('int-1', 'generic', ev('recent-resolved', { action: 'resolve' }), RAW, T0 + 80 * day)
    expect(store.pruneBatch({ resolvedDays: 90, maxIncidents: 100_000, now: T0 + 100 * day })).toBe(1)
    expect(
      store
        .list({})
        .incidents.map((i) => i.dedupKey)
        .sort(),
    ).toEqual(['old-open', 'recent-resolved'])
    expect(store.list({ q: 'old' }).incidents.map((i) => i.dedupKey)).toEqual(['old-open'])
  })

  it('counts from the first resolve when a tool resolves twice (a repeat with a changed body)', () => {
    const day = 86_400_000
    apply('twice', T0)
    store.apply('int-1', 'generic', ev('twice', { action: 'resolve' }), RAW, T0 + 1000)
    store.apply('int-1', 'generic', ev('twice', { action: 'resolve', title: 'Alert twice (resent)' }), RAW, T0 + 2000)
    expect(db.prepare('SELECT resolved_at FROM incidents').get()).toEqual({ resolved_at: T0 + 1000 })
    expect(store.pruneBatch({ resolvedDays: 90, maxIncidents: 100_000, now: T0 + 100 * day })).toBe(1)
    expect(store.list({}).incidents).toEqual([])
  })

  it('keeps at most maxIncidents, dropping the oldest resolved first and never open ones', () => {
    for (let i = 0; i < 5; i++) {
      apply(`r${i}`, T0 + i)
      store.apply('int-1', 'generic', ev(`r${i}`, { action: 'resolve' }), RAW, T0 + i)
    }
    for (let i = 0; i < 3; i++) apply(`o${i}`, T0 + 10 + i)
    while (store.pruneBatch({ resolvedDays: 3650, maxIncidents: 4, now: T0 + 100, batch: 2 }) > 0);
    expect(
      store
        .list({})
        .incidents.map((i) => i.dedupKey)
        .sort(),
    ).toEqual(['o0', 'o1', 'o2', 'r4'])
  })
})

describe('replayed state changes', () => {
  const day = 86_400_000
  const resolve = (key: string, at: number, fingerprint: string) =>
    store.apply('int-1', 'generic', ev(key, { action: 'resolve', severity: 'info' }), RAW, at, fingerprint)
  const memory = () => (db.prepare('SELECT COUNT(*) AS n FROM state_changes').get() as { n: number }).n

  it('ignores a resolve delivery replayed a day later onto an incident that fired again, and says so', () => {
    apply('db', T0)
    expect(resolve('db', T0 + 60_000, 'fp-resolve').incident.status).toBe('resolved')
    apply('db', T0 + 2 * 60_000)
    const replay = resolve('db', T0 + day, 'fp-resolve')
    expect(replay.transition).toMatchObject({ stale: 'replay', toast: null })
    expect(replay.incident.status).toBe('open')
    const detail = store.getDetail(replay.incident.id)
    expect(detail.timeline.at(-1)).toMatchObject({
      type: 'stale',
      actor: 'hookbell',
      text: 'ignored a replayed resolve delivery: it already changed this incident once',
    })
    // A new resolve (another delivery) still closes it.
    expect(resolve('db', T0 + day + 1, 'fp-resolve-2').incident.status).toBe('resolved')
  })

  it('remembers only deliveries that resolve or acknowledge, not triggers (tools repeat those on purpose)', () => {
    store.apply('int-1', 'generic', ev('a'), RAW, T0, 'fp-trigger')
    store.apply('int-1', 'generic', ev('a', { action: 'acknowledge' }), RAW, T0 + 1, 'fp-ack')
    expect(db.prepare('SELECT fingerprint FROM state_changes').all()).toEqual([{ fingerprint: 'fp-ack' }])
  })

  it('keeps at most a bounded number per incident, the newest, so an alert that flaps for months stays small', () => {
    const seq = (db.prepare('SELECT seq FROM incidents WHERE id = ?').get(apply('flaps', T0).incident.id) as { seq: number }).seq
    const memory = createStateChanges(db, 10)
    for (let i = 0; i < 25; i++) memory.remember(`fp-${String(i).padStart(2, '0')}`, seq, T0 + i)
    const kept = (db.prepare('SELECT fingerprint FROM state_changes ORDER BY at').all() as { fingerprint: string }[]).map(
      (r) => r.fingerprint,
    )
    expect(kept.length).toBeLessThanOrEqual(11)
    expect(kept.at(-1)).toBe('fp-24')
    expect(memory.changed('fp-24', seq)).toBe(true)
    expect(memory.changed('fp-00', seq)).toBe(false)
  })

  it('forgets a state change with its incident when retention deletes it', () => {
    apply('gone', T0)
    resolve('gone', T0, 'fp-gone')
    apply('kept', T0)
    resolve('kept', T0 + 80 * day, 'fp-kept')
    expect(memory()).toBe(2)
    expect(store.pruneBatch({ resolvedDays: 30, maxIncidents: 100_000, now: T0 + 90 * day })).toBe(1)
    expect(db.prepare('SELECT fingerprint FROM state_changes').all()).toEqual([{ fingerprint: 'fp-kept' }])
  })
})

describe('schema', () => {
  it('records applied migrations and reopens an existing database cleanly', () => {
    apply('keep', T0)
    db.close()
    db = openDb(join(dir, 'hookbell.db'), MIGRATIONS)
    store = createIncidentStore(db, { deployWindowMinutes: () => 30 })
    expect(store.list({}).incidents).toHaveLength(1)
    const versions = db
      .prepare('SELECT version FROM schema_migrations ORDER BY version')
      .all()
      .map((r) => r.version)
    expect(versions).toEqual(MIGRATIONS.map((_, i) => i + 1))
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
  })

  it('heals resolved incidents a second resolve left without resolved_at, so retention can delete them', () => {
    db.close()
    rmSync(join(dir, 'hookbell.db'))
    const path = join(dir, 'hookbell.db')
    db = openDb(path, MIGRATIONS.slice(0, 8))
    // Today's store writes migration 11's column: added for the writes, dropped before the real migration.
    db.exec('ALTER TABLE incidents ADD COLUMN raw_delivery INTEGER')
    store = createIncidentStore(db, { deployWindowMinutes: () => 30 })
    apply('healed', T0)
    store.apply('int-1', 'generic', ev('healed', { action: 'resolve' }), RAW, T0 + 5000)
    apply('still-open', T0)
    db.exec('UPDATE incidents SET resolved_at = NULL') // what the old double resolve left
    db.exec('ALTER TABLE incidents DROP COLUMN raw_delivery')
    db.close()
    db = openDb(path, MIGRATIONS)
    store = createIncidentStore(db, { deployWindowMinutes: () => 30 })
    expect(db.prepare('SELECT dedup_key, resolved_at FROM incidents ORDER BY dedup_key').all()).toEqual([
      { dedup_key: 'healed', resolved_at: T0 + 5000 },
      { dedup_key: 'still-open', resolved_at: null },
    ])
  })

  it('refuses a database written by a newer Hookbell', () => {
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(MIGRATIONS.length + 1, Date.now())
    db.close()
    expect(() => openDb(join(dir, 'hookbell.db'), MIGRATIONS)).toThrow(/newer than this Hookbell/)
    db = openDb(':memory:', MIGRATIONS)
  })
})
