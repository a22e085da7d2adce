// What the app registers with a relay: hashes of token-authenticated integrations' secrets, never a secret,
// once per change, and not again and again against a relay too old to take them.
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { createCredentialRegistrar, registrationsFor } from '../../../src/main/core/relay/credential-registration'
import type { Integration } from '../../../src/main/core/settings/settings'
import { credentialHash } from '../../../src/server-common/relay-protocol'

const integration = (id: string, provider: string, secrets: string[], options = {}): Integration => ({
  id,
  provider,
  name: id,
  createdAt: '2026-11-23T09:00:00.000Z',
  secrets,
  options,
})

describe('credential registration', () => {
  it('registers Alertmanager and Grafana without HMAC, each secret salted and hashed, and nothing that signs its body', () => {
    const list = registrationsFor(
      [
        integration('am', 'alertmanager', ['new-secret', 'old-secret'], { authScheme: 'Token' }),
        integration('gf', 'grafana', ['g']),
        integration('gf-hmac', 'grafana', ['h'], { signatureHeader: 'X-Sig' }),
        integration('sentry', 'sentry', ['s']),
        integration('am-open', 'alertmanager', []),
      ],
      PROVIDERS,
    )
    expect(list.map((r) => [r.integrationId, r.scheme, r.hashes.length])).toEqual([
      ['am', 'Token', 2],
      ['gf', 'Bearer', 1],
    ])
    const [first] = list[0]!.hashes
    expect(first!.hash).toBe(credentialHash(first!.salt, 'new-secret'))
    expect(JSON.stringify(list)).not.toContain('secret')
  })

  it('asks once per change, and does not ask again and again a relay that has no such endpoint', async () => {
    let integrations = [integration('am', 'alertmanager', ['one'])]
    const calls: string[] = []
    const logs: string[] = []
    let status = 404
    const registrar = createCredentialRegistrar({
      integrations: () => integrations,
      providers: PROVIDERS,
      fetch: (async (url: string, init: RequestInit) => {
        calls.push(`${init.method} ${url}`)
        return new Response('{}', { status })
      }) as typeof fetch,
      log: (m) => logs.push(m),
    })
    await registrar.ensure('https://relay.example.com/r/ch_1', 'hbr_t')
    await registrar.ensure('https://relay.example.com/r/ch_1', 'hbr_t')
    expect(calls).toEqual(['PUT https://relay.example.com/r/ch_1/credentials'])
    // A rotation is registered again; a failure is logged once and retried on the next look.
    integrations = [integration('am', 'alertmanager', ['two', 'one'])]
    status = 503
    await registrar.ensure('https://relay.example.com/r/ch_1', 'hbr_t')
    await registrar.ensure('https://relay.example.com/r/ch_1', 'hbr_t')
    expect(calls).toHaveLength(3)
    expect(logs).toHaveLength(1)
    status = 200
    await registrar.ensure('https://relay.example.com/r/ch_1', 'hbr_t')
    await registrar.ensure('https://relay.example.com/r/ch_1', 'hbr_t')
    expect(calls).toHaveLength(4)
  })
})
