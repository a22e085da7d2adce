// Per-field limits on what a delivery can put into an incident. Titles go out with every list page, toast
// and forward; a sender that puts a megabyte into one must not make every one of those a megabyte. The raw
// payload stays in the delivery log (within the body limit) for anyone who needs all of it.
import { createHash } from 'node:crypto'
import type { IncidentEvent } from '../providers/types'

/** Characters per field; anything not named gets DEFAULT_STRING. */
export const FIELD_LIMITS: Record<string, number> = {
  title: 500,
  app: 200,
  environment: 200,
  type: 500,
  name: 500,
  message: 16_000,
  errorMessage: 16_000,
  description: 16_000,
  file: 1_000,
  function: 1_000,
}
export const DEFAULT_STRING = 4_000
export const MAX_URL = 2_048
export const MAX_DEDUP_KEY = 512
/** Stack frames kept: the first and last half (the throw site is first or last depending on the tool). */
export const MAX_FRAMES = 200
export const MAX_ITEMS = 100
export const MAX_KEYS = 100

/** Cuts to `max` characters with an ellipsis, never between the two halves of a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}

function limitValue(value: unknown, key: string): unknown {
  if (typeof value === 'string') return truncate(value, FIELD_LIMITS[key] ?? DEFAULT_STRING)
  if (Array.isArray(value)) {
    if (key === 'frames' && value.length > MAX_FRAMES) {
      const half = MAX_FRAMES / 2
      const omitted = value.length - MAX_FRAMES
      const marker = { file: `… ${omitted} frames omitted …`, line: null, function: '', inApp: false }
      return [...value.slice(0, half), marker, ...value.slice(-half)].map((item) => limitValue(item, key))
    }
    return value.slice(0, MAX_ITEMS).map((item) => limitValue(item, key))
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [name, inner] of Object.entries(value).slice(0, MAX_KEYS)) out[name] = limitValue(inner, name)
    return out
  }
  return value
}

/**
 * The event with every field within its limit. A dedup key past the limit is shortened to a prefix plus a
 * hash of the whole, so two long keys that differ only at the end stay two incidents.
 */
export function limitEvent(event: IncidentEvent): IncidentEvent {
  const { dedupKey, url, ...rest } = event
  const limited = limitValue(rest, '') as Omit<IncidentEvent, 'dedupKey' | 'url'>
  const key =
    dedupKey.length > MAX_DEDUP_KEY
      ? `${dedupKey.slice(0, MAX_DEDUP_KEY - 65)}#${createHash('sha256').update(dedupKey).digest('hex')}`
      : dedupKey
  const out: IncidentEvent = { ...limited, dedupKey: key }
  if (url !== undefined) out.url = url !== null && url.length > MAX_URL ? null : url
  return out
}
