// The app's half of the relay trust model: for integrations that authenticate with an Authorization header
// (Alertmanager; Grafana unless it is set up for its HMAC signature) or a token header of their own
// (Honeybadger-Token), the relay checks the credential itself
// and removes it before storing, so it must know what to check against. The app registers a salted hash of
// each accepted secret (never the secret) with the channel, again whenever the secrets or the relay change.
import { createHash, randomBytes } from 'node:crypto'
import { authorizationRule } from '../../../server-common/credentials'
import { credentialHash, MAX_REGISTRATIONS, type CredentialRegistration } from '../../../server-common/relay-protocol'
import type { Provider } from '../providers/types'
import type { Integration } from '../settings/settings'

/** Integrations whose deliveries a relay may vouch for, each with the hashes of its secrets (fresh salts). */
export function registrationsFor(
  integrations: readonly Integration[],
  providers: ReadonlyMap<string, Provider>,
): CredentialRegistration[] {
  return integrations
    .filter((i) => i.secrets.length > 0 && providers.get(i.provider)?.relayMayVouch?.(i.options) === true)
    .map((i) => ({
      integrationId: i.id,
      scheme: authorizationRule(i.options).scheme,
      // A tool that sends its secret as is in a header of its own (Honeybadger-Token) is checked there.
      ...headerOf(providers.get(i.provider)),
      hashes: i.secrets.map((secret) => {
        const salt = randomBytes(16).toString('base64url')
        return { salt, hash: credentialHash(salt, secret) }
      }),
    }))
}

function headerOf(provider: Provider | undefined): { header?: string } {
  const header = provider?.secretHeaders?.[0]
  return header ? { header } : {}
}

/** Changes when anything registered would change: the relay, the reader, an integration, a secret. */
function digestOf(integrations: readonly Integration[], providers: ReadonlyMap<string, Provider>, relay: string, token: string) {
  const hash = createHash('sha256').update(relay).update('\0').update(token)
  for (const i of integrations)
    if (providers.get(i.provider)?.relayMayVouch?.(i.options))
      hash.update(`\0${i.id}\0${authorizationRule(i.options).scheme}\0${i.secrets.join('\0')}`)
  return hash.digest('hex')
}

export function createCredentialRegistrar(deps: {
  integrations: () => readonly Integration[]
  providers: ReadonlyMap<string, Provider>
  fetch: typeof fetch
  log: (message: string) => void
}) {
  let registered: string | null = null
  let warned: string | null = null
  let running: Promise<void> | null = null

  async function register(relay: string, token: string, integrations: readonly Integration[], digest: string) {
    const all = registrationsFor(integrations, deps.providers)
    try {
      for (let i = 0; i < all.length; i += MAX_REGISTRATIONS) {
        const response = await deps.fetch(`${relay}/credentials`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ integrations: all.slice(i, i + MAX_REGISTRATIONS) }),
          redirect: 'manual',
          signal: AbortSignal.timeout(15_000),
        })
        if (response.ok) continue
        // A relay from before credential checks keeps Authorization headers as they came, and the app checks
        // them itself: there is nothing to register with, and asking again on every poll would not help.
        if (response.status === 404 || response.status === 405) break
        throw new Error(`the relay answered ${response.status}`)
      }
      registered = digest
      warned = null
    } catch (error) {
      if (warned !== digest)
        deps.log(`[relay] could not register credential hashes (${(error as Error).message}); retrying in a few seconds`)
      warned = digest
    }
  }

  return {
    /** Registers what changed since the last success; cheap when nothing did, one request at a time. Never throws. */
    ensure(relay: string, token: string): Promise<void> {
      if (running) return running
      running = (async () => {
        const integrations = deps.integrations()
        const digest = digestOf(integrations, deps.providers, relay, token)
        if (digest !== registered) await register(relay, token, integrations, digest)
      })()
        .catch((error: unknown) => deps.log(`[relay] could not register credential hashes: ${String(error)}`))
        .finally(() => (running = null))
      return running
    },
  }
}

export type CredentialRegistrar = ReturnType<typeof createCredentialRegistrar>
