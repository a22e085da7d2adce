// Incident ids: UUID version 7 (RFC 9562 §5.7, https://www.rfc-editor.org/rfc/rfc9562#section-5.7): a 48-bit
// Unix time in ms, then random bits. Ids from a later millisecond sort later (within one the order is random), so
// the UNIQUE index on incidents.id grows at its end instead of touching a random page of it for every new incident
// (a v4 id's cost under a storm). The random part is a v4 UUID's: `randomUUID` draws from a pool Node refills in
// bulk, where a `randomFillSync` of ten bytes asked OpenSSL once per incident (3 % of serve's CPU under load).
// A few lines rather than a dependency; ids stay opaque strings to everything that reads them.
import { randomUUID } from 'node:crypto'

export function incidentId(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, '0')
  // A v4 UUID is xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx with V already the RFC 9562 variant: keep all after "4".
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`
}
