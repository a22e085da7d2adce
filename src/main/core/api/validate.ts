// Runtime checks for what crosses the boundary (renderer over IPC, anyone with the token over HTTP):
// TypeScript types vanish at runtime, so each handler checks the fields it uses.
import { badRequest } from '../../../server-common/errors'

export function requireString(args: unknown, key: string, max = 2000): string {
  const value = (args as Record<string, unknown> | null)?.[key]
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(`${key} is required`)
  if (value.length > max) throw badRequest(`${key} is longer than ${max} characters`)
  return value
}

export function optionalString(args: unknown, key: string, max = 2000): string | undefined {
  const value = (args as Record<string, unknown> | null)?.[key]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') throw badRequest(`${key} must be a string`)
  if (value.length > max) throw badRequest(`${key} is longer than ${max} characters`)
  return value
}

export function optionalBoolean(args: unknown, key: string): boolean | undefined {
  const value = (args as Record<string, unknown> | null)?.[key]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'boolean') return value
  if (value === 'true' || value === 'false') return value === 'true'
  throw badRequest(`${key} must be true or false`)
}

export function optionalInt(args: unknown, key: string, min: number, max: number): number | undefined {
  const value = (args as Record<string, unknown> | null)?.[key]
  if (value === undefined || value === null || value === '') return undefined
  const n = typeof value === 'string' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw badRequest(`${key} must be a whole number from ${min} to ${max}`)
  }
  return n
}

/** A list filter: an array, or a comma-separated string (query strings), each value from `allowed`. */
export function optionalList<T extends string>(args: unknown, key: string, allowed?: readonly T[]): T[] | undefined {
  const raw = (args as Record<string, unknown> | null)?.[key]
  if (raw === undefined || raw === null || raw === '') return undefined
  const values = (Array.isArray(raw) ? raw : String(raw).split(',')).map((v) => String(v).trim()).filter(Boolean)
  if (allowed) {
    const bad = values.find((v) => !allowed.includes(v as T))
    if (bad !== undefined) throw badRequest(`${key} "${bad}" is not one of ${allowed.join(', ')}`)
  }
  return values as T[]
}

/** One value from `allowed`, or nothing. */
export function optionalOneOf<T extends string>(args: unknown, key: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(args, key, 100)
  if (value === undefined) return undefined
  if (!allowed.includes(value as T)) throw badRequest(`${key} "${value}" is not one of ${allowed.join(', ')}`)
  return value as T
}

/** ISO time or null (clear); relative inputs are the UI's job. */
export function optionalTime(args: unknown, key: string): number | null {
  const value = (args as Record<string, unknown> | null)?.[key]
  if (value === undefined || value === null || value === '') return null
  const ms = typeof value === 'number' ? value : Date.parse(String(value))
  if (!Number.isFinite(ms)) throw badRequest(`${key} must be an ISO 8601 time`)
  return ms
}
