export { httpUrl } from '../../../shared/url'

// Small readers for untrusted JSON: payloads carry nulls, numbers-as-strings and unknown extras, and a
// normalizer must never throw on any of them.

export type Json = Record<string, unknown>

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function str(source: unknown, key: string): string | undefined {
  if (!isObject(source)) return undefined
  const value = source[key]
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

export function num(source: unknown, key: string): number | null {
  if (!isObject(source)) return null
  const value = source[key]
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return null
}

export function obj(source: unknown, key: string): Json | undefined {
  if (!isObject(source)) return undefined
  const value = source[key]
  return isObject(value) ? value : undefined
}

export function arr(source: unknown, key: string): unknown[] {
  if (!isObject(source)) return []
  const value = source[key]
  return Array.isArray(value) ? value : []
}

/** The first of `keys` that holds a non-empty string (or number), as the generic field-mapping tables do. */
export function firstOf(source: Json, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = str(source, key)
    if (value !== undefined && value.trim() !== '') return value.trim()
  }
  return undefined
}

/**
 * Any JSON value as text, never throwing: `String(v)` throws for an object whose toString is not a function
 * (`{"toString": null}` in a label value), which a sender controls.
 */
export function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value === null || value === undefined) return ''
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return ''
  }
}

/** Keeps string facts only, dropping empties, so the detail view can list them as-is. */
export function facts(entries: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(entries)) {
    if (typeof value === 'string' && value !== '') out[key] = value
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value)
  }
  return out
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
