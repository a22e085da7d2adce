// Incident ids: UUID version 7 (RFC 9562 §5.7, https://www.rfc-editor.org/rfc/rfc9562#section-5.7): a 48-bit
// Unix time in ms, then random bits. Ids from a later millisecond sort later (within one the order is random), so the UNIQUE index on incidents.id grows at
// its end instead of touching a random page of it for every new incident (a v4 id's cost under a storm).
// Ten lines rather than a dependency; ids stay opaque strings to everything that reads them.
import { randomFillSync } from 'node:crypto'

const bytes = Buffer.alloc(16)

export function incidentId(now: number = Date.now()): string {
  randomFillSync(bytes, 6, 10)
  bytes.writeUIntBE(now, 0, 6)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70 // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80 // variant 10
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
