// Which credential an integration accepts in the Authorization header, in one place: the core compares the
// credential found here with the integration's secrets, the relay with a hash of them.
//
// Alertmanager's http_config (prometheus/common) sends `Authorization: <authorization.type> <credentials>`
// with type Bearer unless set, or `Basic base64(username:password)` from basic_auth; it refuses "Basic" as an
// authorization type. Grafana's webhook contact point sends `<Authorization Header - Scheme> <credentials>`
// (scheme Bearer unless set) or Basic from its username/password fields:
// https://prometheus.io/docs/alerting/latest/configuration/#http_config
// https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/

export const DEFAULT_AUTH_SCHEME = 'Bearer'

/** An HTTP auth-scheme is a token (RFC 9110 §11.1); long names are a typo, not a scheme. */
const SCHEME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/

export interface AuthorizationRule {
  /** The token scheme the tool was told to send, compared case-insensitively (RFC 9110). */
  scheme: string
}

export type Credential = { ok: true; credential: string; via: 'scheme' | 'basic' } | { ok: false; reason: string }

/** Why `scheme` cannot be an integration's Authorization scheme, or null when it can. */
export function invalidAuthScheme(scheme: string): string | null {
  if (!SCHEME.test(scheme))
    return "an Authorization scheme is one word of letters, digits or !#$%&'*+.^_`|~- (like Bearer or Token)"
  if (/^basic$/i.test(scheme)) return 'Basic needs no scheme setting: basic auth with the secret as password is always accepted'
  return null
}

export function authorizationRule(options: { authScheme?: string | null } | undefined): AuthorizationRule {
  const scheme = options?.authScheme?.trim()
  return { scheme: scheme && invalidAuthScheme(scheme) === null ? scheme : DEFAULT_AUTH_SCHEME }
}

/**
 * The credential a delivery presents: the token after the configured scheme, or the password of Basic auth
 * (any username: Alertmanager and Grafana both require one to be typed, and it proves nothing).
 * `tool` and `setting` name where the user fixes a mismatch.
 */
export function credentialFrom(
  header: string | undefined,
  rule: AuthorizationRule,
  where: { tool: string; setting: string },
): Credential {
  if (!header || header.trim() === '')
    return {
      ok: false,
      reason: `Authorization missing: set ${where.tool}'s ${where.setting} to ${rule.scheme} with this integration's secret (or basic auth with the secret as password)`,
    }
  const match = /^\s*(\S+)\s+(.*?)\s*$/.exec(header)
  const scheme = match?.[1] ?? header.trim()
  const value = match?.[2] ?? ''
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return { ok: false, reason: 'Authorization Basic is not base64(username:password)' }
    return { ok: true, credential: decoded.slice(colon + 1), via: 'basic' }
  }
  if (scheme.toLowerCase() !== rule.scheme.toLowerCase())
    return {
      ok: false,
      reason: `Authorization scheme is ${scheme.slice(0, 40)}, this integration expects ${rule.scheme}: change ${where.tool}'s ${where.setting} or the scheme in Hookbell's integration settings`,
    }
  if (value === '') return { ok: false, reason: `Authorization ${rule.scheme} has no credentials` }
  return { ok: true, credential: value, via: 'scheme' }
}
