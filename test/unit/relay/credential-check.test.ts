// The relay's credential check with registrations from two readers of one channel: a credential vouches
// only to the reader whose own registration it matched.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkCredential, credentialForReader } from '../../../src/relay/credential-check'
import type { ReaderRegistration, RelayStore, StoredCredential } from '../../../src/relay/store/types'
import { PROVIDERS } from '../../../src/main/core/providers'
import { credentialHash, parseRegistrations, SECRET_HEADERS } from '../../../src/server-common/relay-protocol'

const salted = (credential: string) => {
  const salt = randomBytes(16).toString('base64url')
  return { salt, hash: credentialHash(salt, credential) }
}
const DANA = 'hbk_dana-registered-secret-0123456789'
const MALLORY = 'mallory-chosen-token'
const registrations: ReaderRegistration[] = [
  { reader: 'rd_dana', header: null, scheme: 'Bearer', hashes: [salted(DANA)] },
  { reader: 'rd_mallory', header: null, scheme: 'Token', hashes: [salted(MALLORY)] },
]
const store = { credentialsFor: async () => registrations } as unknown as RelayStore
const check = (headers: Record<string, string>) => checkCredential(store, 'ch_team', 'am1', headers)

describe('checkCredential with two readers registered for one integration', () => {
  it("vouches to Dana alone for Dana's secret, and to Mallory alone for Mallory's token", async () => {
    const real = await check({ authorization: `Bearer ${DANA}`, 'content-type': 'application/json' })
    expect(real).toEqual({
      ok: true,
      headers: { 'content-type': 'application/json' },
      credential: { outcome: 'checked', integrationId: 'am1', matches: [{ reader: 'rd_dana', via: 'scheme', scheme: 'Bearer' }] },
    })
    const stored = (real as { credential: StoredCredential }).credential
    expect(credentialForReader(stored, 'rd_dana')).toEqual({
      outcome: 'checked',
      integrationId: 'am1',
      via: 'scheme',
      scheme: 'Bearer',
    })
    expect(credentialForReader(stored, 'rd_mallory')).toEqual({ outcome: 'removed' })

    const planted = (await check({ authorization: `Token ${MALLORY}` })) as { ok: true; credential: StoredCredential }
    expect(planted.ok).toBe(true)
    expect(credentialForReader(planted.credential, 'rd_dana')).toEqual({ outcome: 'removed' })
    expect(credentialForReader(planted.credential, 'rd_mallory')).toMatchObject({ outcome: 'checked' })
  })

  it('refuses a credential that matches no registration, and one missing on an unsigned delivery', async () => {
    expect(await check({ authorization: 'Bearer guessed' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/do not match/),
    })
    expect(await check({})).toMatchObject({ ok: false, reason: expect.stringMatching(/Authorization missing/) })
    expect(await check({ 'x-grafana-alerting-signature': 'ab'.repeat(32) })).toMatchObject({ ok: true, credential: null })
  })

  it('a check stored before registrations had owners vouches to nobody', () => {
    const legacy = { outcome: 'checked', integrationId: 'am1', via: 'scheme', scheme: 'Bearer' } as unknown as StoredCredential
    expect(credentialForReader(legacy, 'rd_dana')).toEqual({ outcome: 'removed' })
  })
})

describe('checkCredential for a tool that sends its token as is in a header of its own (Honeybadger-Token)', () => {
  const TOKEN = 'hb-project-token-5f2c9e1a7b3d'
  const honeybadger: ReaderRegistration[] = [
    { reader: 'rd_dana', header: 'honeybadger-token', scheme: 'Bearer', hashes: [salted(TOKEN)] },
  ]
  const withRegistration = { credentialsFor: async () => honeybadger } as unknown as RelayStore
  const without = { credentialsFor: async () => [] } as unknown as RelayStore

  it('checks the header against the registered hash and never keeps it', async () => {
    const ok = await checkCredential(withRegistration, 'ch_team', 'hb1', {
      'honeybadger-token': TOKEN,
      'user-agent': 'Honeybadger',
    })
    expect(ok).toEqual({
      ok: true,
      headers: { 'user-agent': 'Honeybadger' },
      credential: {
        outcome: 'checked',
        integrationId: 'hb1',
        matches: [{ reader: 'rd_dana', via: 'header', scheme: 'honeybadger-token' }],
      },
    })
    const guessed = await checkCredential(withRegistration, 'ch_team', 'hb1', { 'honeybadger-token': 'guessed' })
    expect(guessed).toEqual({
      ok: false,
      reason: 'the honeybadger-token header does not match the credential the app registered for this integration',
    })
    expect(await checkCredential(withRegistration, 'ch_team', 'hb1', {})).toEqual({
      ok: false,
      reason: 'the honeybadger-token header is missing: the tool sends its token there',
    })
  })

  it('removes the header unchecked when no app registered a hash for the integration', async () => {
    expect(await checkCredential(without, 'ch_team', 'hb1', { 'honeybadger-token': TOKEN })).toEqual({
      ok: true,
      headers: {},
      credential: { outcome: 'removed' },
    })
  })

  it('takes a registration only for a header it knows to carry a secret', () => {
    const hashes = [salted(TOKEN)]
    expect(
      parseRegistrations({ integrations: [{ integrationId: 'hb1', scheme: 'Bearer', header: 'honeybadger-token', hashes }] }),
    ).toEqual({
      registrations: [{ integrationId: 'hb1', scheme: 'Bearer', header: 'honeybadger-token', hashes }],
    })
    expect(
      parseRegistrations({ integrations: [{ integrationId: 'hb1', scheme: 'Bearer', header: 'user-agent', hashes }] }),
    ).toEqual({
      error: 'integrations[0].header must be one of honeybadger-token, x-gitlab-token, or absent for Authorization',
    })
  })
})

describe('the relay and the providers agree on which headers carry a secret', () => {
  it("knows every provider's secret header, so none is stored on a relay", async () => {
    const secretHeaders = [...PROVIDERS.values()].flatMap((p) => p.secretHeaders ?? [])
    expect(secretHeaders.length).toBeGreaterThan(1)
    for (const name of secretHeaders) {
      expect(SECRET_HEADERS).toContain(name)
      const without = { credentialsFor: async () => [] } as unknown as RelayStore
      expect(await checkCredential(without, 'ch_team', 'x', { [name]: 'a-token' })).toMatchObject({ headers: {} })
    }
  })
})
