// The bar every provider in PROVIDERS meets, AppSignal's and a new one's alike. The contract a provider file
// follows to pass (Provider and Conformance in src/main/core/providers/types.ts):
//
// 1. Signing. Every sample, serialized, signed with `sign(body, secret, now)` (no options) and sent with those
//    headers, verifies with `verify(request, [secret], now)` ([] for `secret: 'none'`).
// 2. Refusals, by `conformance.verifies` (default 'body'):
//    - 'body': a changed byte of the body, no signature (`sign(body, null, now)`) and another secret's
//      signature are each refused with a 401 and a reason;
//    - 'credential' (a secret sent as is, the body covered by TLS only): no credential and a wrong one refused;
//    - 'none' (the URL is the credential): `secret` must be 'none' and any delivery verifies;
//    - 'vendor' (only the vendor can sign, SNS): `sign` forges nothing and the provider has `prepare`; its own
//      test file refuses a changed byte, a missing and a wrong signature against a planted test key.
//    With `conformance.toleranceMs` (a signed timestamp), a delivery signed that long ago plus a minute, or
//    that far ahead, is refused with a reason naming the timestamp.
// 3. Normalizing. Every sample normalizes (its own `parse`, as the pipeline does, with the signed request) to
//    at least one event, unless `conformance.notes` names it with why: then to none, with a note.
// 4. Resolving. Every resolve event a sample makes has the dedupKey of a trigger event another sample makes,
//    so `hookbell send TOOL --sample <resolve>` closes what `--sample <trigger>` opened.
// 5. Unknown events. `conformance.unknownEvent()` gives a body (and headers laid over the signed ones, such as
//    an event-type header) of the tool's shape with an event type Hookbell does not know: it verifies and
//    normalizes to no incident, with a note (the delivery is recorded, answered 2xx, and says why). A tool
//    whose deliveries have no event type declares `{ none: 'why' }` instead.
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import type { IncidentEvent, Provider } from '../../../src/main/core/providers/types'
import { rawRequest } from '../../helpers/request'

const SECRET = 'conformance-secret-0123456789'
const NOW = Date.parse('2026-03-01T10:00:00Z')

function signedRequest(provider: Provider, body: string, secret: string | null, now = NOW, extra: Record<string, string> = {}) {
  return rawRequest(body, { ...provider.sign(body, secret, now), ...extra })
}

function normalized(provider: Provider, body: string, headers: Record<string, string> = {}) {
  const request = signedRequest(provider, body, SECRET, NOW, headers)
  const payload = provider.parse ? provider.parse(request.body) : JSON.parse(body)
  return provider.normalize(payload, request)
}

/** The body with one byte changed, away from the edges. */
function changedByte(body: string): Buffer {
  const bytes = Buffer.from(body)
  const at = Math.floor(bytes.length / 2)
  bytes[at] = bytes[at] === 0x61 ? 0x62 : 0x61
  return bytes
}

const providers = [...PROVIDERS.values()].map((provider) => ({ id: provider.id, provider }))

describe.each(providers)('$id conforms', ({ provider }) => {
  const conformance = provider.conformance
  const verifies = conformance?.verifies ?? 'body'
  const secrets = provider.secret === 'none' ? [] : [SECRET]
  const samples = Object.entries(provider.samples).map(([name, make]) => ({ name, body: JSON.stringify(make(), null, 2) }))
  const verify = (body: string, secret: string | null, now = NOW) =>
    provider.verify(signedRequest(provider, body, secret, now), secrets, NOW)

  it('declares what the suite needs (conformance.unknownEvent at least)', () => {
    expect(conformance, `${provider.id}: add conformance to the provider (see this file's header)`).toBeDefined()
    if (conformance && 'none' in conformance.unknownEvent) expect(conformance.unknownEvent.none.length).toBeGreaterThan(10)
    expect(samples.length).toBeGreaterThan(0)
  })

  if (verifies === 'vendor')
    it('cannot sign: only the vendor can, so sign() forges nothing, and verification needs its key (prepare)', () => {
      expect(provider.prepare).toBeTypeOf('function')
      for (const { body } of samples)
        expect(verify(body, SECRET)).toMatchObject({ ok: false, reason: expect.stringMatching(/\w{3,}/) })
    })
  else
    it.each(samples)('signs sample "$name" so that it verifies', ({ body }) => {
      expect(verify(body, SECRET)).toEqual({ ok: true })
    })

  if (verifies === 'vendor') {
    // The provider's own tests refuse a changed byte, a missing and a wrong signature with a planted key.
  } else if (verifies === 'none') {
    it('cannot sign: secret is none and every delivery verifies', () => {
      expect(provider.secret).toBe('none')
      expect(provider.verify(rawRequest('{"anything": 1}'), [], NOW)).toEqual({ ok: true })
    })
  } else {
    const body = samples[0]!.body
    const refused = { ok: false, status: 401, reason: expect.stringMatching(/\w{3,}/) }
    if (verifies === 'body')
      it('refuses a changed byte', () => {
        const request = rawRequest(changedByte(body), provider.sign(body, SECRET, NOW))
        expect(provider.verify(request, secrets, NOW)).toMatchObject(refused)
      })
    it('refuses a delivery without a signature or credential', () => {
      expect(verify(body, null)).toMatchObject(refused)
    })
    it("refuses another secret's signature or credential", () => {
      expect(verify(body, 'another-secret-9876543210')).toMatchObject(refused)
    })
  }

  const tolerance = conformance?.toleranceMs
  if (tolerance !== undefined)
    it('refuses a signed timestamp outside its tolerance, in the past or the future', () => {
      const body = samples[0]!.body
      const timestamp = { ok: false, status: 401, reason: expect.stringMatching(/timestamp/i) }
      expect(verify(body, SECRET, NOW - tolerance - 60_000)).toMatchObject(timestamp)
      expect(verify(body, SECRET, NOW + tolerance + 60_000)).toMatchObject(timestamp)
      expect(verify(body, SECRET, NOW - tolerance + 60_000)).toEqual({ ok: true })
    })

  it.each(samples)('normalizes sample "$name" to incidents, or to a documented note', ({ name, body }) => {
    const result = normalized(provider, body)
    expect(result.ok, result.ok ? '' : result.reason).toBe(true)
    if (!result.ok) return
    const note = conformance?.notes?.[name]
    if (note) {
      expect(result.events).toEqual([])
      expect(result.note).toBeTruthy()
    } else expect(result.events.length).toBeGreaterThan(0)
  })

  it('resolves, with each resolve sample, what a trigger sample opened', () => {
    const events = samples.map(({ name, body }) => {
      const result = normalized(provider, body)
      return { name, events: result.ok ? result.events : ([] as IncidentEvent[]) }
    })
    for (const { name, events: made } of events)
      for (const resolve of made.filter((e) => e.action === 'resolve')) {
        const opened = events.some(
          (other) => other.name !== name && other.events.some((e) => e.action === 'trigger' && e.dedupKey === resolve.dedupKey),
        )
        expect(opened, `sample "${name}" resolves ${resolve.dedupKey}, which no trigger sample opens`).toBe(true)
      }
  })

  const unknown = conformance?.unknownEvent
  if (unknown && !('none' in unknown))
    it('records an unknown event type with a note, not an incident', () => {
      const { body: made, headers } = unknown()
      const body = JSON.stringify(made)
      if (verifies !== 'vendor')
        expect(provider.verify(signedRequest(provider, body, SECRET, NOW, headers), secrets, NOW)).toEqual({ ok: true })
      const result = normalized(provider, body, headers)
      expect(result).toMatchObject({ ok: true, events: [], note: expect.stringMatching(/\w{3,}/) })
    })
})
