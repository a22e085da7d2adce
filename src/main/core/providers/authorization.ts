// The Authorization check every tool that cannot sign its body shares (Alertmanager, Grafana without HMAC, and
// any tool that can only send a fixed header or basic auth): the integration's secret as the credential of
// the configured scheme, or as the basic-auth password. Through a relay the relay checks it instead, against
// the hash this app registered (README, "What a relay can and cannot do"), so `relayMayVouch` may be true for
// providers that verify with this alone.
import { timingSafeEqual } from 'node:crypto'
import type { IntegrationOptions } from '../../../shared/model'
import { authorizationRule, credentialFrom } from '../../../server-common/credentials'
import { relayCheckOf } from './relay-check'
import { sha256Hex } from './signature'
import type { RawRequest, VerifyResult } from './types'

/** Constant-time equality of two secrets of any length: their SHA-256 digests are compared, never the texts. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(sha256Hex(a))
  const y = Buffer.from(sha256Hex(b))
  return timingSafeEqual(x, y)
}

/**
 * What a relay's check decides for a delivery whose credential came in `header` (lower-case; `label` as the
 * tool names it): through a relay the credential is checked there, against the hash this app registered, and
 * removed so the relay's database holds nothing that could forge a delivery (README, "What a relay can and
 * cannot do"). Null when the relay had nothing to say and the header is to be checked here.
 */
export function relayVerdict(request: RawRequest, header: string, label: string): VerifyResult | null {
  const relayed = relayCheckOf(request)
  if (!relayed || request.headers[header] !== undefined) return null
  if (relayed.credential === 'checked') return { ok: true }
  if (relayed.credential === 'removed')
    return {
      ok: false,
      status: 401,
      reason: `the relay removed this delivery's ${label} without checking it against a hash this laptop registered (it had none, or the credential matched only another reader's). Hookbell registers one when it connects to the relay; check that ${relayed.relay} runs this version of Hookbell`,
    }
  return null
}

/**
 * A token a tool sends as is in a header of its own (Honeybadger-Token, X-Gitlab-Token), compared with the
 * integration's secrets in constant time. Through a relay the relay checked it (relayVerdict); a replayed
 * delivery no longer has it (the delivery log never keeps a secret). `hint` says where the user sets it.
 */
export function verifySecretHeader(
  request: RawRequest,
  secrets: readonly string[],
  header: { name: string; label: string; hint: string; mismatch: string },
): VerifyResult {
  const relayed = relayVerdict(request, header.name, header.label)
  if (relayed) return relayed
  const provided = request.headers[header.name]
  if (provided === undefined || provided.trim() === '')
    return { ok: false, status: 401, reason: `${header.label} missing: ${header.hint}` }
  if (provided === '[redacted]')
    return {
      ok: false,
      status: 401,
      reason: `the ${header.label} of this delivery was a secret and is not kept: send it again from the tool`,
    }
  let matched = false
  for (const secret of secrets) if (sameSecret(secret, provided.trim())) matched = true
  return matched ? { ok: true } : { ok: false, status: 401, reason: header.mismatch }
}

/**
 * The secret as the Authorization credential, with the scheme the integration was set up with (any scheme:
 * Alertmanager's authorization.type, Grafana's header scheme) or as the basic-auth password. Which credential
 * counts is decided in server-common/credentials.ts, shared with the relay.
 */
export function verifyAuthorization(
  request: RawRequest,
  secrets: readonly string[],
  where: { tool: string; setting: string },
  options?: IntegrationOptions,
): VerifyResult {
  if (secrets.length === 0) return { ok: true }
  const relayed = relayVerdict(request, 'authorization', 'Authorization')
  if (relayed) return relayed
  const found = credentialFrom(request.headers.authorization, authorizationRule(options), where)
  if (!found.ok) return { ok: false, status: 401, reason: found.reason }
  let matched = false
  for (const secret of secrets) if (sameSecret(secret, found.credential)) matched = true
  return matched
    ? { ok: true }
    : {
        ok: false,
        status: 401,
        reason: `Authorization ${found.via === 'basic' ? 'basic-auth password' : 'credentials'} do not match this integration's secret`,
      }
}
