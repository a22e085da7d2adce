// What every tool file reads the same way: the source's own id in an incident's dedup key, the JSON an answer
// carries, and a time for a timeline line. Pure, no I/O: the tools stay small and each says only what its
// vendor's API is.
import type { Incident } from '../../../../shared/incident'
import { isObject, str } from '../../providers/fields'
import type { SourceAnswer } from '../types'

export { isObject, str }

/** Longest id Hookbell will put in a path: every vendor's ids are far shorter; a longer one is not an id. */
const MAX_ID = 200

/**
 * The id the tool knows the incident by, from the dedup key its provider wrote (`incident:PGR0VU2` →
 * `PGR0VU2`), or null when the key is not of that shape (an incident from another kind of event, a key
 * written by an older Hookbell). Characters a URL path would misread are refused rather than escaped: an id
 * with a `/` or `?` is not one the vendor issued.
 */
export function sourceId(incident: Incident, prefix: string): string | null {
  if (!incident.dedupKey.startsWith(prefix)) return null
  const id = incident.dedupKey.slice(prefix.length)
  // Dots alone would be a path segment (`..`), not an id: fetch would resolve it away.
  if (id.length > MAX_ID || !/^[A-Za-z0-9._~-]+$/.test(id) || /^\.+$/.test(id)) return null
  return id
}

/** The answer's body when it is a JSON object, else undefined (an HTML error page from a proxy, empty 204). */
export function bodyObject(answer: SourceAnswer): Record<string, unknown> | undefined {
  return isObject(answer.body) ? answer.body : undefined
}

/** Strings of a list, the rest skipped: error lists mix strings and objects across vendors and versions. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : []
}

/** Text a vendor wrote, kept to one short line for the timeline. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** A time for a timeline line, in UTC so the same answer reads the same on every laptop: "2026-03-01 14:00 UTC". */
export function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
