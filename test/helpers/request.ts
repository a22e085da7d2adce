import type { RawRequest } from '../../src/main/core/providers/types'

export function rawRequest(
  body: string | Buffer,
  headers: Record<string, string> = {},
  extra: Partial<RawRequest> = {},
): RawRequest {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    },
    query: '',
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
    receivedAt: Date.parse('2026-01-15T10:30:05Z'),
    via: 'direct',
    ...extra,
  }
}
