// What the incident detail shows as "the raw delivery": the request's headers and its parsed body. The body is
// stored once, in the delivery log; an incident points at the delivery that last changed it, and this turns
// that stored row back into what ingest saw: the body parsed as ingest parsed it, the headers redacted for view.
import type { Provider } from '../providers/types'
import { PROVIDERS } from '../providers'
import { parseBounded } from '../limits/json-limits'

export interface RawSnapshot {
  headers: Record<string, string>
  body: unknown
}

const ALWAYS_REDACTED = ['authorization', 'cookie', 'proxy-authorization']

/**
 * Headers as kept. `log` (the delivery log, which replay reads) drops only real secrets: Authorization
 * carries Alertmanager's bearer token, a provider's `secretHeaders` its token as sent (Honeybadger-Token). `view` (what the UI shows with an incident) hides signatures too.
 */
export function redactHeaders(
  headers: Record<string, string>,
  provider: Provider | undefined,
  purpose: 'log' | 'view',
): Record<string, string> {
  const hidden = new Set([
    ...ALWAYS_REDACTED,
    ...(provider?.secretHeaders ?? []),
    ...(purpose === 'view' ? (provider?.signatureHeaders ?? []) : []),
  ])
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) out[name] = hidden.has(name) ? '[redacted]' : value
  return out
}

/** A delivery-log row (headers as logged, body bytes) as the detail view shows it. */
export function rawSnapshotOf(stored: { provider: string | null; headers: string; body: Uint8Array | null }): RawSnapshot {
  const provider = stored.provider === null ? undefined : PROVIDERS.get(stored.provider)
  const headers = redactHeaders(JSON.parse(stored.headers) as Record<string, string>, provider, 'view')
  if (!stored.body) return { headers, body: null }
  const parsed = parseBounded(
    Buffer.from(stored.body.buffer, stored.body.byteOffset, stored.body.byteLength),
    provider?.parse?.bind(provider),
  )
  return { headers, body: parsed.ok ? parsed.value : null }
}
