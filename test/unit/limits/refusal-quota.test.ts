import { describe, expect, it } from 'vitest'
import { openDb } from '../../../src/server-common/sqlite'
import { MIGRATIONS } from '../../../src/main/core/store/migrations'
import { createDeliveryLog, REFUSED_PREVIEW_BYTES, type DeliveryRecord } from '../../../src/main/core/store/delivery-log'

const entry = (over: Partial<DeliveryRecord>): DeliveryRecord => ({
  receivedAt: 1_700_000_000_000,
  integrationId: null,
  provider: null,
  via: 'direct',
  status: 404,
  outcome: 'rejected',
  reason: 'unknown integration',
  fingerprint: null,
  headers: { 'content-type': 'application/json' },
  body: Buffer.alloc(50_000, 0x61),
  size: 50_000,
  incidentIds: [],
  ...over,
})

describe('the refusal log', () => {
  it('keeps a preview of a refusal that cannot be replayed, and all of one that can', () => {
    const db = openDb(':memory:', MIGRATIONS)
    const log = createDeliveryLog(db)
    const unknown = log.record(entry({}))
    const badSignature = log.record(entry({ integrationId: 'int_1', status: 401 }))
    const tooLarge = log.record(entry({ integrationId: 'int_1', status: 415 }))
    const bodyLength = (id: number) =>
      (db.prepare('SELECT length(body) AS n FROM deliveries WHERE id = ?').get(id) as { n: number }).n
    expect(bodyLength(unknown.id)).toBe(REFUSED_PREVIEW_BYTES)
    expect(bodyLength(tooLarge.id)).toBe(REFUSED_PREVIEW_BYTES)
    expect(bodyLength(badSignature.id)).toBe(50_000)
    expect(log.request(unknown.id)).toBeNull()
    expect(log.request(badSignature.id)?.body.length).toBe(50_000)
  })

  it('stays within its byte quota by dropping the oldest refusals, never an accepted delivery', () => {
    const db = openDb(':memory:', MIGRATIONS)
    const quota = 200_000
    const log = createDeliveryLog(db, { refusalQuotaBytes: quota })
    const accepted = log.record(entry({ outcome: 'accepted', status: 202, integrationId: 'int_1', reason: null }))
    const ids: number[] = []
    for (let i = 0; i < 100; i++) ids.push(log.record(entry({ integrationId: 'int_1', status: 401 })).id)
    const stored = db
      .prepare("SELECT SUM(length(body)) AS bytes, COUNT(*) AS n, MIN(id) AS oldest FROM deliveries WHERE outcome = 'rejected'")
      .get() as { bytes: number; n: number; oldest: number }
    expect(stored.bytes).toBeLessThanOrEqual(quota)
    expect(log.refusedBytes()).toBeLessThanOrEqual(quota)
    expect(stored.n).toBeGreaterThan(0)
    // The newest are the ones kept.
    expect(stored.oldest).toBe(ids[ids.length - stored.n])
    expect(log.request(accepted.id)).not.toBeNull()
  })

  it('counts what is already on disk when it opens', () => {
    const db = openDb(':memory:', MIGRATIONS)
    createDeliveryLog(db).record(entry({ integrationId: 'int_1', status: 401 }))
    expect(createDeliveryLog(db).refusedBytes()).toBeGreaterThan(50_000)
  })
})
