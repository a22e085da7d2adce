// How an incident's latest delivery proved where it came from, as the detail pane and the timeline say it.
// The trust model per provider is in the README ("What a relay can and cannot do").

export interface Provenance {
  /**
   * `signature`: the provider's signature (HMAC over the body) was checked here; no relay can forge it.
   * `credential`: its bearer token or basic-auth password was checked here (a direct delivery).
   * `relay`: the relay checked the credential against the hash this app registered, and removed it: the
   * delivery is as trustworthy as that relay. `url`: the tool cannot sign; the secret integration URL is its
   * only credential. `none`: not verified, the integration has no secret.
   */
  by: 'signature' | 'credential' | 'relay' | 'url' | 'none'
  /** The tool, by name ("Grafana Alerting"). */
  provider: string
  /** For `credential` and `relay`: what was checked, e.g. "Bearer token" or "basic-auth password". */
  credential?: string
  /** The relay it came through, when it did. */
  relay?: string
}

/** One line for the detail pane ("Signed by Grafana"). */
export function describeProvenance(p: Provenance): string {
  const providerName = p.provider
  const via = p.relay ? `, relayed by ${p.relay}` : ''
  switch (p.by) {
    case 'signature':
      return `Signed by ${providerName}${via}`
    case 'credential':
      return `${capitalized(p.credential ?? 'credential')} checked by Hookbell${via}`
    case 'relay':
      return `Vouched for by relay ${p.relay ?? '(unknown)'} (${p.credential ?? 'credential'} checked by the relay)`
    case 'url':
      return p.relay
        ? `Relayed by ${p.relay}: ${providerName} cannot sign, and the relay knows the integration URL that is its only credential`
        : `${providerName} cannot sign: the secret integration URL is its only credential`
    case 'none':
      return `Not verified: this integration has no secret${via}`
  }
}

/** A few words for a timeline row, only for relayed deliveries (direct ones are the ordinary case). */
export function relayedNote(p: Provenance | undefined): string | null {
  if (!p?.relay) return null
  if (p.by === 'relay') return `vouched for by relay ${p.relay}`
  if (p.by === 'signature') return `signed by ${p.provider}, via relay`
  return `via relay ${p.relay}`
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
