// Team notes from a hostile reader, end to end: a relay server with two readers, an app connected as one
// ("laptop"), the other ("mallory-laptop") posting whatever it likes over HTTP. Whatever it posts, no
// incident is created, no incident of an integration fed directly to the app changes, every teammate's
// change is shown under the reader's own name, and no teammate's snooze lasts past a day.
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Incident } from '../../src/shared/incident'
import { createRelayServer } from '../../src/relay/relay-server'
import { TEAM_ACTIONS } from '../../src/server-common/relay-protocol'
import { postFrom } from '../helpers/raw-http'
import { startRelayBackend, type RelayBackend } from '../helpers/relay-backend'
import { hmacHex } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

const RUNS = 25
const DAY = 86_400_000
const SECRET = 'hbk_team-secret-for-the-property-test'
const TEAM_KEYS = ['team-1', 'team-2', 'team-3']
const DIRECT_KEYS = ['direct-1', 'direct-2']

let backend: RelayBackend
let server: ReturnType<typeof createRelayServer>
let app: TestCore
let channelUrl: string
let malloryToken: string
let teamId: string
let directId: string
let sentinels = 0

/** A generic delivery as docs/providers.md documents it, signed with X-Signature: sha256=<hex HMAC>. */
const signed = (secret: string, dedup: string) => {
  const body = JSON.stringify({ summary: `Checkout latency ${dedup}`, dedup_key: dedup, severity: 'error' })
  return { body, headers: { 'x-signature': `sha256=${hmacHex(secret, body)}` } }
}
const all = async (): Promise<Incident[]> =>
  (await app.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'], limit: 500 })).incidents

beforeAll(async () => {
  backend = await startRelayBackend('sqlite')
  const store = await backend.openStore()
  const channel = await store.addChannel('oncall', 'laptop', Date.now())
  malloryToken = (await store.addReader(channel.id, 'mallory-laptop', Date.now()))!.token
  // Rate limits out of the way: this is about what each note does, not about floods.
  server = createRelayServer({
    store,
    host: '127.0.0.1',
    port: 0,
    log: () => undefined,
    rate: { perSecond: 1e6, burst: 1e6 },
    limits: { perSource: { perSecond: 1e6, burst: 1e6 } },
  })
  channelUrl = `http://127.0.0.1:${await server.start()}/r/${channel.id}`
  app = await startCore({ relayPolling: { waitSeconds: 1 } })
  await app.api['settings.update']({ userName: 'Dana', relay: { url: channelUrl, readToken: channel.token, enabled: true } })
  teamId = (await app.api['integrations.create']({ provider: 'generic', secret: SECRET })).integration.id
  const direct = await app.api['integrations.create']({ provider: 'generic' })
  directId = direct.integration.id
  for (const key of TEAM_KEYS) {
    const { body, headers } = signed(SECRET, key)
    expect((await postFrom(`${channelUrl}?integration=${teamId}`, body, headers)).status).toBe(202)
  }
  for (const key of DIRECT_KEYS) {
    const { body, headers } = signed(direct.secret!, key)
    expect((await app.post(directId, body, headers)).status).toBe(202)
    // The same bytes unsigned through the relay: refused by the app, so they do not make it a team integration.
    expect((await postFrom(`${channelUrl}?integration=${directId}`, body, {})).status).toBe(202)
  }
  await eventually(async () => expect(await all()).toHaveLength(TEAM_KEYS.length + DIRECT_KEYS.length), 10_000)
})
afterAll(async () => {
  await app.stop()
  await server.stop()
  await backend.stop()
})

/** Mostly valid, so that many notes do apply; sometimes anything at all. */
const likely = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: other })
const when = likely(
  fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.oneof(fc.constantFrom('9999-12-31T23:59:59.999Z', 'tomorrow', ''), fc.string()),
)
const note = likely(
  fc.record(
    {
      integrationId: likely(fc.constantFrom('team', 'team', 'direct'), fc.string({ maxLength: 40 })),
      dedupKey: likely(fc.constantFrom(...TEAM_KEYS, ...DIRECT_KEYS, 'never-delivered'), fc.string({ maxLength: 40 })),
      action: likely(fc.constantFrom(...TEAM_ACTIONS), fc.string({ maxLength: 12 })),
      user: likely(
        fc.constantFrom('Dana', 'laptop', 'Dana (on-call lead)', 'mallory-laptop\u202e'),
        fc.string({ unit: 'grapheme' }),
      ),
      at: when,
      until: fc.oneof(fc.constant(null), when),
      // What a reader might add to speak for someone else; the relay and the app must ignore it.
      author: fc.constant({ reader: 'rd_dana', name: 'Dana' }),
      fromSelf: fc.boolean(),
    },
    { requiredKeys: ['integrationId', 'dedupKey', 'action', 'user', 'at'] },
  ),
  fc.jsonValue(),
).map((value) => {
  if (typeof value !== 'object' || value === null || !('integrationId' in value)) return value
  const id = value.integrationId === 'team' ? teamId : value.integrationId === 'direct' ? directId : value.integrationId
  return { ...value, integrationId: id }
})

it('whatever a reader posts, notes create nothing, leave direct incidents alone, and carry the reader’s name', async () => {
  const before = await all()
  const directBefore = before.filter((i) => i.integrationId === directId)
  await fc.assert(
    fc.asyncProperty(fc.array(note, { minLength: 1, maxLength: 5 }), async (notes) => {
      for (const n of notes) {
        const answer = await fetch(`${channelUrl}/notes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${malloryToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(n),
        })
        expect([202, 400]).toContain(answer.status)
      }
      // A delivery after the notes: once its incident is in, every note before it has been applied.
      const sentinel = `sentinel-${++sentinels}`
      const { body, headers } = signed(SECRET, sentinel)
      expect((await postFrom(`${channelUrl}?integration=${teamId}`, body, headers)).status).toBe(202)
      const now = await eventually(async () => {
        const list = await all()
        expect(list.some((i) => i.dedupKey === sentinel)).toBe(true)
        return list
      }, 10_000)
      const expectedKeys = [...before.map((i) => i.dedupKey), ...Array.from({ length: sentinels }, (_, i) => `sentinel-${i + 1}`)]
      expect(now.map((i) => i.dedupKey).sort()).toEqual(expectedKeys.sort())
      expect(now.filter((i) => i.integrationId === directId)).toEqual(directBefore)
      for (const incident of now) {
        if (incident.statusBy?.teammate) expect(incident.statusBy.user).toBe('mallory-laptop')
        if (incident.snoozedUntil) expect(Date.parse(incident.snoozedUntil)).toBeLessThanOrEqual(Date.now() + DAY)
      }
    }),
    { numRuns: RUNS },
  )
  // Not vacuous: some of what the reader posted did change team incidents.
  expect((await all()).filter((i) => i.statusBy?.teammate).length).toBeGreaterThan(0)
}, 120_000)
