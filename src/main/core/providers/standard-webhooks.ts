// Standard Webhooks verification (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md),
// shared by every sender that signs this way: incident.io and any Svix-powered tool, GitLab's signing token.
// webhook-signature holds space-separated `v1,<base64 HMAC-SHA256>` values over `{webhook-id}.{webhook-timestamp}.{raw
// body}`, keyed with the base64-decoded secret after its `whsec_` prefix; webhook-timestamp (Unix seconds) may be
// at most 5 minutes from now either way, so a captured delivery cannot be replayed later. Several signatures
// appear while the sender rotates its secret: any one matching is enough, as the reference libraries do.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { missingHeader } from './signature'
import type { RawRequest, VerifyResult } from './types'

export const STANDARD_WEBHOOKS_TOLERANCE_MS = 5 * 60_000
export const STANDARD_WEBHOOKS_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const

/** The HMAC key: the secret's base64 after `whsec_` (the reference libraries accept it without the prefix too). */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.trim().replace(/^whsec_/, ''), 'base64')
}

/** `v1,<base64>` for one delivery, as a sender computes it. */
export function standardWebhookSignature(secret: string, id: string, timestampSeconds: number, body: Buffer | string): string {
  const mac = createHmac('sha256', keyOf(secret))
  mac.update(`${id}.${timestampSeconds}.`).update(body)
  return `v1,${mac.digest('base64')}`
}

/** The three headers a Standard Webhooks sender adds to `body`. */
export function signStandardWebhook(
  secret: string,
  body: string,
  now: number,
  id = `msg_${crypto.randomUUID().replaceAll('-', '')}`,
) {
  const timestamp = Math.floor(now / 1000)
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardWebhookSignature(secret, id, timestamp, body),
  }
}

export function hasStandardWebhookSignature(request: RawRequest): boolean {
  return request.headers['webhook-signature'] !== undefined
}

/**
 * Verifies a Standard Webhooks delivery against each secret (every one tried, so timing does not tell which
 * matched). `where` names the tool's setting holding the secret, for the refusal reasons.
 */
export function verifyStandardWebhook(request: RawRequest, secrets: readonly string[], now: number, where: string): VerifyResult {
  const [idHeader, timestampHeader, signatureHeader] = STANDARD_WEBHOOKS_HEADERS
  const id = request.headers[idHeader]
  const timestamp = request.headers[timestampHeader]
  const signatures = request.headers[signatureHeader]
  if (!signatures) return missingHeader('webhook-signature', `is ${where} set, and does the sender sign its webhooks?`)
  if (!id) return missingHeader('webhook-id', 'a Standard Webhooks signature covers it; was the delivery altered on its way?')
  if (!timestamp)
    return missingHeader('webhook-timestamp', 'a Standard Webhooks signature covers it; was the delivery altered on its way?')
  if (!/^\d{1,12}$/.test(timestamp.trim()))
    return { ok: false, status: 401, reason: `webhook-timestamp "${timestamp.slice(0, 40)}" is not Unix seconds` }
  const at = Number(timestamp.trim()) * 1000
  if (now - at > STANDARD_WEBHOOKS_TOLERANCE_MS)
    return { ok: false, status: 401, reason: 'webhook-timestamp too old: more than 5 minutes ago (a replay, or check the clock)' }
  if (at - now > STANDARD_WEBHOOKS_TOLERANCE_MS)
    return { ok: false, status: 401, reason: 'webhook-timestamp too new: more than 5 minutes ahead (check the clock)' }

  const provided = signatures
    .split(' ')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3)))
  if (provided.length === 0)
    return { ok: false, status: 401, reason: 'webhook-signature has no v1 signature (another version Hookbell does not know)' }
  let matched = false
  let usable = false
  for (const secret of secrets) {
    if (keyOf(secret).length === 0) continue
    usable = true
    const expected = Buffer.from(standardWebhookSignature(secret, id, Number(timestamp.trim()), request.body).slice(3))
    for (const candidate of provided)
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true
  }
  if (!usable)
    return { ok: false, status: 401, reason: `this integration's secret is not a whsec_ signing secret: paste ${where}` }
  return matched ? { ok: true } : { ok: false, status: 401, reason: `signature mismatch: is ${where} the current one?` }
}
