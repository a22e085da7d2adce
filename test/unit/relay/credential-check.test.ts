// The relay's credential check with registrations from two readers of one channel: a credential vouches
// only to the reader whose own registration it matched.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkCredential, credentialForReader } from '../../../src/relay/credential-check'
import type { ReaderRegistration, RelayStore, StoredCredential } from '../../../src/relay/store/types'
import { credentialHash } from '../../../src/server-common/relay-protocol'

const salted = (credential: string) => {
  const salt = randomBytes(16).toString('base64url')
  return { salt, hash: credentialHash(salt, credential) }
}
const DANA = 'hbk_dana-registered-secret-0123456789'
const MALLORY = 'mallory-chosen-token'
const registrations: ReaderRegistration[] = [
  { reader: 'rd_dana', scheme: 'Bearer', hashes: [salted(DANA)] },
  { reader: 'rd_mallory', scheme: 'Token', hashes: [salted(MALLORY)] },
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
