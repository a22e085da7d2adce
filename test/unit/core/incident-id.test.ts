import { describe, expect, it } from 'vitest'
import { incidentId } from '../../../src/main/core/store/incident-id'

describe('incidentId (UUID v7)', () => {
  it('is a version 7, RFC 9562 variant UUID carrying its millisecond time', () => {
    const at = Date.parse('2026-11-23T15:00:00.123Z')
    const id = incidentId(at)
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at)
  })

  it('sorts by time, so the id index grows at its end', () => {
    const ids = Array.from({ length: 200 }, (_, i) => incidentId(1_700_000_000_000 + i))
    expect([...ids].sort()).toEqual(ids)
  })

  it('differs within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => incidentId(1_700_000_000_000)))
    expect(ids.size).toBe(1000)
  })
})
