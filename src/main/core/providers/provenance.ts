// How a delivery that passed verification proved its origin, recorded with its incident and shown in the
// detail pane. Decided from what verification accepted: the provider's signature, a credential checked here,
// or a credential the relay checked (relay-check.ts). One home for the README's trust model per provider.
import type { Provenance } from '../../../shared/provenance'
import type { IntegrationOptions } from '../../../shared/model'
import { credentialWords, relayCheckOf } from './relay-check'
import type { Provider, RawRequest } from './types'

/** The headers that carry this integration's signature (a Grafana integration may name its own). */
function signatureHeaders(provider: Provider, options: IntegrationOptions): string[] {
  const named = options.signatureHeader?.toLowerCase()
  return named ? [...provider.signatureHeaders, named] : provider.signatureHeaders
}

/**
 * Call after `provider.verify` accepted the request with these secrets. Headers may be the redacted copy
 * kept with the incident: only which headers are present matters, and what the poller wrote about the relay.
 */
export function provenanceOf(
  provider: Provider,
  integration: { secrets: readonly string[]; options: IntegrationOptions },
  request: Pick<RawRequest, 'headers' | 'via'>,
): Provenance {
  const relayed = relayCheckOf(request as RawRequest)
  const via = { provider: provider.name, ...(relayed ? { relay: relayed.relay } : {}) }
  // A provider that looks up the vendor's key (SNS's certificate) has checked the vendor's signature on every
  // delivery it accepted, with no secret of the user's involved.
  if (provider.prepare) return { by: 'signature', ...via }
  if (provider.secret === 'none') return { by: 'url', ...via }
  if (integration.secrets.length === 0) return { by: 'none', ...via }
  const headers = request.headers
  // Grafana prefers its HMAC when one is present, so a signed delivery is "signed" even with a token beside it.
  if (signatureHeaders(provider, integration.options).some((name) => headers[name] !== undefined))
    return { by: 'signature', ...via }
  if (relayed?.credential === 'checked' && headers.authorization === undefined)
    return { by: 'relay', ...via, credential: credentialWords(relayed.via, relayed.scheme) }
  // The value is redacted by then; that there was one, and that verification accepted it, is what counts.
  if (headers.authorization !== undefined) return { by: 'credential', credential: 'Authorization credential', ...via }
  const secretHeader = provider.secretHeaders?.find((name) => headers[name] !== undefined)
  if (secretHeader) return { by: 'credential', credential: `${secretHeader} header`, ...via }
  return { by: 'none', ...via }
}
