// Signatures for what Hookbell forwards.
import { createHmac, randomBytes } from 'node:crypto'
import type { SigningMode } from '../../../shared/target'

/** `X-Webhook-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>` (docs/providers.md, "What Hookbell sends"). */
export function signHmacSha256(secret: string, body: string): Record<string, string> {
  return { 'x-webhook-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` }
}

/**
 * Standard Webhooks: HMAC-SHA256 over `{id}.{timestamp}.{body}` with the base64 key after `whsec_`.
 * The id stays the same on every retry so receivers can dedupe on it.
 */
export function signStandardWebhooks(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const signature = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${signature}`,
  }
}

export function signatureHeaders(
  mode: SigningMode,
  secret: string | null,
  messageId: string,
  nowMs: number,
  body: string,
): Record<string, string> {
  if (mode === 'none' || !secret) return {}
  if (mode === 'hmac-sha256') return signHmacSha256(secret, body)
  return signStandardWebhooks(secret, messageId, Math.floor(nowMs / 1000), body)
}

/** A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes. */
export function isStandardWebhooksSecret(secret: string): boolean {
  const raw = secret.replace(/^whsec_/, '')
  return /^[A-Za-z0-9+/]+={0,2}$/.test(raw) && Buffer.from(raw, 'base64').length >= 16
}

/**
 * A new Standard Webhooks secret, made when a target asks for that signing without one: `whsec_` + base64 of
 * 24 random bytes, the form the spec's libraries take (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signature-scheme).
 */
export function newStandardWebhooksSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`
}
