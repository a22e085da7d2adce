// Ingest under concurrency: deliveries share transactions, each 2xx is sent only after its delivery is
// committed, and a delivery that fails to store is rolled back alone and answered with its own error.
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { hmacHex } from '../helpers/sign'
import { rawRequest } from '../helpers/request'
import { startCore, type TestCore } from '../helpers/test-core'

let t: TestCore
let integrationId: string
let secret: string
let reader: DatabaseSync
beforeEach(async () => {
  t = await startCore()
  const created = await t.api['integrations.create']({ provider: 'generic' })
  integrationId = created.integration.id
  secret = created.secret!
  // A second connection, as another process would have: it sees committed rows only.
  reader = new DatabaseSync(t.core.dbPath, { readOnly: true })
  // Storage trouble for one incident (what a full disk or a corrupt page does to one insert).
  const admin = new DatabaseSync(t.core.dbPath)
  admin.exec(`CREATE TRIGGER poison BEFORE INSERT ON incidents WHEN NEW.dedup_key = 'poisoned-key'
    BEGIN SELECT RAISE(ABORT, 'disk I/O error on this page'); END`)
  admin.close()
})
afterEach(async () => {
  reader.close()
  await t.stop()
})

function alert(key: string) {
  const body = JSON.stringify({
    summary: `Payment gateway timeout (${key})`,
    severity: 'critical',
    status: 'triggered',
    dedup_key: key,
    source: 'checkout-monitor',
    environment: 'production',
  })
  return { body, headers: { 'x-signature': `sha256=${hmacHex(secret, body)}` } }
}

const committedDelivery = (id: number) =>
  reader.prepare('SELECT outcome, incident_ids FROM deliveries WHERE id = ?').get(id) as
    { outcome: string; incident_ids: string } | undefined
const committedIncident = (key: string) => reader.prepare('SELECT id FROM incidents WHERE dedup_key = ?').get(key)

it('a delivery that fails inside a group is rolled back alone; its neighbours commit and get their 2xx', async () => {
  const before = t.core.groupCommit.stats()
  const keys = ['gw-1', 'gw-2', 'poisoned-key', 'gw-3', 'gw-4']
  // Issued in one turn: the pipeline puts them in one transaction.
  const results = await Promise.all(
    keys.map((key) => {
      const { body, headers } = alert(key)
      return t.core.ingest.ingest(integrationId, rawRequest(body, headers, { receivedAt: Date.now() }))
    }),
  )
  expect(results.map((r) => r.status)).toEqual([202, 202, 503, 202, 202])
  const after = t.core.groupCommit.stats()
  // The five shared one transaction; the poisoned one's 503 log row came after it.
  expect(after.groups - before.groups).toBe(2)
  expect(after.writes - before.writes).toBe(6)

  const poisoned = results[2]!
  expect(poisoned.body).toEqual({
    error: { code: 'unavailable', message: 'Hookbell could not store this delivery right now; retry later' },
  })
  expect(poisoned.headers).toEqual({ 'retry-after': '30' })
  expect(committedIncident('poisoned-key')).toBeUndefined()
  expect(committedDelivery(poisoned.delivery.id)?.outcome).toBe('rejected')
  expect(t.logs.some((l) => l.includes('disk I/O error on this page'))).toBe(true)
  for (const [i, key] of keys.entries()) {
    if (i === 2) continue
    expect(committedIncident(key)).toBeDefined()
    expect(committedDelivery(results[i]!.delivery.id)?.outcome).toBe('accepted')
  }
})

it('a delivery that fails after its incident was indexed leaves nothing in search; its neighbours are found', async () => {
  // Fails at the delivery-log row, after the incident (and its search entry) was written in its savepoint.
  const admin = new DatabaseSync(t.core.dbPath)
  admin.exec(`CREATE TRIGGER poison_late BEFORE INSERT ON deliveries WHEN CAST(NEW.body AS TEXT) LIKE '%late-poison%'
    BEGIN SELECT RAISE(ABORT, 'disk I/O error on the log page'); END`)
  admin.close()
  const keys = ['zebra-1', 'zebra-2', 'late-poison']
  const results = await Promise.all(
    keys.map((key) => {
      const { body, headers } = alert(key)
      return t.core.ingest.ingest(integrationId, rawRequest(body, headers, { receivedAt: Date.now() }))
    }),
  )
  expect(results.map((r) => r.status)).toEqual([202, 202, 503])
  // The next incident takes the rolled-back one's row id: a search entry left behind would now point at it.
  const { body, headers } = alert('zebra-3')
  expect((await t.core.ingest.ingest(integrationId, rawRequest(body, headers, { receivedAt: Date.now() }))).status).toBe(202)
  expect((await t.api['incidents.list']({ q: 'poison', status: [] })).incidents).toEqual([])
  const found = (await t.api['incidents.list']({ q: 'zebra', status: [] })).incidents.map((i) => i.dedupKey)
  expect(found.sort()).toEqual(['zebra-1', 'zebra-2', 'zebra-3'])
})

it('answers 202 over HTTP only for deliveries already committed, with 40 in flight at once', async () => {
  const keys = Array.from({ length: 40 }, (_, i) => (i === 17 ? 'poisoned-key' : `db-timeout-${i}`))
  const answers = await Promise.all(
    keys.map(async (key) => {
      const { body, headers } = alert(key)
      const response = await t.post(integrationId, body, headers)
      const json = (await response.json()) as { deliveryId?: number; error?: { code: string } }
      // Checked the moment the answer arrives, before anything else runs.
      const stored = json.deliveryId ? committedDelivery(json.deliveryId) : undefined
      return { key, status: response.status, json, stored, incident: committedIncident(key) }
    }),
  )
  for (const a of answers) {
    if (a.key === 'poisoned-key') {
      expect(a.status).toBe(503)
      expect(a.json.error?.code).toBe('unavailable')
      expect(a.incident).toBeUndefined()
    } else {
      expect(a.status).toBe(202)
      expect(a.stored?.outcome).toBe('accepted')
      expect(a.incident).toBeDefined()
    }
  }
})
