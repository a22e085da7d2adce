// Per-integration settings that mirror what a tool lets its users change (IntegrationOptions), checked in
// one place for the API, the CLI and the settings file.
import type { IntegrationOptionName, IntegrationOptions } from '../../../shared/model'
import { invalidAuthScheme } from '../../../server-common/credentials'
import { isObject } from './fields'

/** A header name is an RFC 9110 token. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/
/** Headers that carry something else: a signature there would never arrive, or would clash. */
const RESERVED_HEADERS = new Set([
  'authorization',
  'connection',
  'content-length',
  'content-type',
  'cookie',
  'host',
  'transfer-encoding',
  'user-agent',
])

export type OptionsResult = { ok: true; options: IntegrationOptions } | { ok: false; reason: string }

function headerProblem(label: string, value: string): string | null {
  if (!HEADER_NAME.test(value))
    return `${label} "${value.slice(0, 100)}" is not a header name (letters, digits and - only, no spaces)`
  if (RESERVED_HEADERS.has(value.toLowerCase())) return `${label} cannot be ${value}: that header carries something else`
  return null
}

/**
 * Checks options given for a provider that supports `supported`. Blank strings mean "the tool's default" and
 * are dropped; `timestampHeader: null` means the tool sends no timestamp.
 */
export function validateOptions(
  providerName: string,
  supported: readonly IntegrationOptionName[],
  input: unknown,
): OptionsResult {
  if (input === undefined || input === null) return { ok: true, options: {} }
  if (!isObject(input)) return { ok: false, reason: 'options must be an object' }
  const options: IntegrationOptions = {}
  for (const [key, raw] of Object.entries(input)) {
    if (raw === undefined) continue
    if (!(supported as readonly string[]).includes(key))
      return {
        ok: false,
        reason: supported.length
          ? `${providerName} has no "${key}" setting; it has ${supported.join(', ')}`
          : `${providerName} has no settings to change`,
      }
    const name = key as IntegrationOptionName
    if (name === 'timestampHeader' && raw === null) {
      options.timestampHeader = null
      continue
    }
    if (name === 'payload') {
      if (raw !== 'native' && raw !== 'generic') return { ok: false, reason: 'payload must be "native" or "generic"' }
      if (raw === 'generic') options.payload = raw
      continue
    }
    if (typeof raw !== 'string') return { ok: false, reason: `${key} must be a string` }
    const value = raw.trim()
    if (value === '') continue
    const problem =
      name === 'authScheme'
        ? invalidAuthScheme(value)
        : headerProblem(name === 'signatureHeader' ? 'signature header' : 'timestamp header', value)
    if (problem) return { ok: false, reason: problem }
    options[name] = value
  }
  if (
    options.signatureHeader &&
    options.timestampHeader &&
    options.signatureHeader.toLowerCase() === options.timestampHeader.toLowerCase()
  )
    return { ok: false, reason: 'the signature header and the timestamp header must be different headers' }
  return { ok: true, options }
}
