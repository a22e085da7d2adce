import { PROVIDERS } from '../../src/main/core/providers'
import type { IncidentEvent } from '../../src/main/core/providers/types'
import { rawRequest } from './request'

/** Normalizes a body through the provider (its own parse, as the pipeline does); throws on refusal. */
export function normalizeWith(providerId: string, body: string, headers: Record<string, string> = {}): IncidentEvent[] {
  const provider = PROVIDERS.get(providerId)!
  const request = rawRequest(body, headers)
  const payload = provider.parse ? provider.parse(request.body) : JSON.parse(body)
  const result = provider.normalize(payload, request)
  if (!result.ok) throw new Error(result.reason)
  return result.events
}

export function refusal(providerId: string, body: string, headers: Record<string, string> = {}): string {
  const provider = PROVIDERS.get(providerId)!
  const request = rawRequest(body, headers)
  const result = provider.normalize(JSON.parse(body), request)
  if (result.ok) throw new Error('expected a refusal')
  return result.reason
}
