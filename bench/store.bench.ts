// Store at 1k and 100k incidents: insert cost (ratio ≤ 1.5), open + first page (< 50 ms), search (< 50 ms),
// and memory, each beside a raw node:sqlite baseline measured in the same run.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { it } from 'vitest'
import { openDb, transaction, type Db } from '../src/server-common/sqlite'
import { createIncidentStore } from '../src/main/core/store/incident-store'
import { MIGRATIONS } from '../src/main/core/store/migrations'
import type { IncidentEvent } from '../src/main/core/providers/types'
import { tempDir } from '../test/helpers/test-core'
import { median, ms, mb, printTable, us, verdict } from './report'

const RAW = {
  delivery: 1,
  headers: { 'content-type': 'application/json', 'user-agent': 'Sentry/1.0' },
  body: { padding: 'x'.repeat(1200) },
}
const WORDS = [
  'checkout',
  'payment',
  'timeout',
  'database',
  'cart',
  'login',
  'search',
  'invoice',
  'email',
  'queue',
  'cache',
  'render',
]

function event(i: number): IncidentEvent {
  const w = (n: number) => WORDS[(i * 7 + n) % WORDS.length]!
  return {
    dedupKey: `k${i}`,
    action: i % 10 === 0 ? 'trigger' : 'resolve', // 10% stay open, like a real history
    kind: 'exception',
    title: `${w(1)} ${w(2)} failed in ${w(3)}Service #${i}`,
    severity: (['critical', 'error', 'warning', 'info'] as const)[i % 4],
    app: `${w(4)}-api`,
    environment: i % 3 ? 'production' : 'staging',
    exception: {
      type: `${w(5)}Error`,
      message: `could not ${w(6)} the ${w(7)} after 30 s (attempt ${i % 5})`,
      frames: Array.from({ length: 8 }, (_, f) => ({
        file: `src/${w(f)}/${w(f + 1)}.ts`,
        line: f * 10 + 1,
        function: `${w(f + 2)}Handler`,
        inApp: f > 3,
      })),
    },
  }
}

function fill(db: Db, store: ReturnType<typeof createIncidentStore>, from: number, to: number): void {
  const base = Date.parse('2026-01-01T00:00:00Z')
  for (let start = from; start < to; start += 1000) {
    transaction(db, () => {
      for (let i = start; i < Math.min(to, start + 1000); i++) store.apply('int-1', 'sentry', event(i), RAW, base + i * 1000)
    })
  }
}

function rawBaseline(path: string) {
  const db = new DatabaseSync(path)
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, k TEXT UNIQUE, status TEXT, last_seen INTEGER, body TEXT);
    CREATE INDEX IF NOT EXISTS raw_status ON raw (status, last_seen DESC, id DESC);`)
  const insert = db.prepare('INSERT INTO raw (k, status, last_seen, body) VALUES (?, ?, ?, ?)')
  const body = JSON.stringify({ ...RAW, detail: event(1) })
  return {
    db,
    fillTo(n: number) {
      db.exec('BEGIN')
      const have = (db.prepare('SELECT COUNT(*) AS n FROM raw').get() as { n: number }).n
      for (let i = have; i < n; i++) insert.run(`k${i}`, i % 10 ? 'resolved' : 'open', i, body)
      db.exec('COMMIT')
    },
    insertOne(i: number) {
      insert.run(`x${i}`, 'open', 1e12 + i, body)
    },
  }
}

/** Cost of one committed ingest-sized insert (own transaction, as each delivery is), median of `n`. */
function perInsert(n: number, insert: (i: number) => void): number {
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    insert(i)
    samples.push((performance.now() - t) * 1000)
  }
  return median(samples)
}

it('store at 1k and 100k incidents', () => {
  const dir = tempDir('hookbell-bench-')
  const path = join(dir, 'hookbell.db')
  let db = openDb(path, MIGRATIONS)
  let store = createIncidentStore(db, { deployWindowMinutes: () => 30 })
  const raw = rawBaseline(join(dir, 'raw.db'))
  let fresh = 1_000_000

  const measureInserts = () => {
    // Alternate variants in one run so CPU steal hits both alike.
    const ours: number[] = []
    const base: number[] = []
    for (let round = 0; round < 5; round++) {
      // One transaction per delivery, as the ingest pipeline commits it.
      ours.push(perInsert(200, () => void transaction(db, () => store.apply('int-1', 'sentry', event(fresh++), RAW, Date.now()))))
      base.push(perInsert(200, (i) => raw.insertOne(fresh * 10 + i + round * 1000)))
    }
    return { ours: median(ours), base: median(base) }
  }

  // The fill writes in large batches; checkpoint so the measurement sees the WAL a running app would have.
  const settle = () => {
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
    raw.db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  }
  fill(db, store, 0, 1_000)
  raw.fillTo(1_000)
  settle()
  const at1k = measureInserts()

  const fillStart = performance.now()
  fill(db, store, 1_000, 100_000)
  const fillMs = performance.now() - fillStart
  raw.fillTo(100_000)
  settle()
  const at100k = measureInserts()

  db.close()
  const openStart = performance.now()
  db = openDb(path, MIGRATIONS)
  store = createIncidentStore(db, { deployWindowMinutes: () => 30 })
  const page = store.list({ status: ['open', 'acknowledged'], limit: 50 })
  const openMs = performance.now() - openStart
  const warmPage = median(
    Array.from({ length: 20 }, () => {
      const t = performance.now()
      store.list({ status: ['open', 'acknowledged'], limit: 50 })
      return performance.now() - t
    }),
  )
  const allPage = median(
    Array.from({ length: 20 }, () => {
      const t = performance.now()
      store.list({ limit: 50 })
      return performance.now() - t
    }),
  )
  const rawPage = median(
    Array.from({ length: 20 }, () => {
      const t = performance.now()
      raw.db.prepare(`SELECT * FROM raw WHERE status = 'open' ORDER BY last_seen DESC, id DESC LIMIT 50`).all()
      return performance.now() - t
    }),
  )
  const nextPage = median(
    Array.from({ length: 20 }, () => {
      const t = performance.now()
      store.list({ status: ['open', 'acknowledged'], limit: 50, cursor: page.nextCursor! })
      return performance.now() - t
    }),
  )
  const searches = ['timeout', 'checkoutService', 'invoice cart', 'payment failed', 'queueHandler'].map((q) => {
    const t = performance.now()
    const found = store.list({ q, limit: 50 }).incidents.length
    return { q, ms: performance.now() - t, found }
  })
  // Baseline: the bare FTS5 match for one page, without the join, filters and row decoding.
  const rawFts = Math.max(
    ...['"timeout"*', '"checkoutservice"*', '"invoice" "cart"*', '"payment" "failed"*', '"queuehandler"*'].map((q) => {
      const t = performance.now()
      db.prepare('SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ? ORDER BY rowid DESC LIMIT 51').all(q)
      return performance.now() - t
    }),
  )
  const countMs = (() => {
    const t = performance.now()
    store.counts({ status: ['open', 'acknowledged'] })
    return performance.now() - t
  })()
  // The chips count what a search finds (every match, not a page): a common word is the worst case.
  const searchCounts = ['timeout', 'checkoutService'].map((q) => {
    const t = performance.now()
    const total = store.counts({ q, status: ['open', 'acknowledged'] }).total
    return { q, ms: performance.now() - t, total }
  })
  const worstSearch = Math.max(...searches.map((s) => s.ms))
  const rss = process.memoryUsage().rss
  const ratio = at100k.ours / at1k.ours

  printTable('Store (node:sqlite, WAL, synchronous=NORMAL)', [
    { measure: 'insert, 1k stored', value: us(at1k.ours), baseline: `${us(at1k.base)} raw insert` },
    { measure: 'insert, 100k stored', value: us(at100k.ours), baseline: `${us(at100k.base)} raw insert` },
    {
      measure: 'insert ratio 100k / 1k',
      value: ratio.toFixed(2),
      baseline: (at100k.base / at1k.base).toFixed(2),
      goal: '≤ 1.5',
      verdict: verdict(ratio <= 1.5),
    },
    { measure: 'open + first page, 100k', value: ms(openMs), goal: '< 50 ms', verdict: verdict(openMs < 50) },
    { measure: 'first page (open+ack), warm', value: ms(warmPage), baseline: `${ms(rawPage)} raw indexed page` },
    { measure: 'first page (all), warm', value: ms(allPage) },
    { measure: 'next page (keyset)', value: ms(nextPage) },
    ...searches.map((s) => ({ measure: `search "${s.q}" (${s.found} shown)`, value: ms(s.ms) })),
    {
      measure: 'worst search, 100k',
      value: ms(worstSearch),
      baseline: `${ms(rawFts)} bare FTS5 page`,
      goal: '< 50 ms',
      verdict: verdict(worstSearch < 50),
    },
    { measure: 'filter counts, 100k', value: ms(countMs) },
    ...searchCounts.map((c) => ({
      measure: `filter counts under search "${c.q}" (${c.total} open+ack match)`,
      value: ms(c.ms),
      baseline: `${ms(countMs)} without search`,
    })),
    { measure: 'RSS with 100k stored', value: mb(rss) },
    { measure: 'fill 99k (batched, not a goal)', value: ms(fillMs) },
  ])
  db.close()
  raw.db.close()
  rmSync(dir, { recursive: true, force: true })
})
