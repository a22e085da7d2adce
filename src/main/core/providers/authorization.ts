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
  // Through a relay the credential is checked there, against the hash this app registered, and removed so
  // the relay's database holds nothing that could forge a delivery (README, "What a relay can and cannot do").
  const relayed = relayCheckOf(request)
  if (relayed && request.headers.authorization === undefined) {
    if (relayed.credential === 'checked') return { ok: true }
    if (relayed.credential === 'removed')
      return {
        ok: false,
        status: 401,
        reason: `the relay removed this delivery's Authorization without checking it against a hash this laptop registered (it had none, or the credential matched only another reader's). Hookbell registers one when it connects to the relay; check that ${relayed.relay} runs this version of Hookbell`,
      }
  }
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
