// A relayed delivery that can never be stored (a poison item) must not block the queue behind it.
import { afterEach, expect, it } from 'vitest'
import { createRelayPoller, QUARANTINE_AFTER_ATTEMPTS } from '../../../src/main/core/relay/poller'
import { openDb } from '../../../src/server-common/sqlite'
import { MIGRATIONS } from '../../../src/main/core/store/migrations'
import type { Ingest, IngestResult } from '../../../src/main/core/ingest/pipeline'
import type { Settings } from '../../../src/main/core/settings/settings'
import type { Notifier } from '../../../src/main/core/notify/notifier'
import { relayItem, startFakeRelay } from '../../helpers/fake-relay'
import { eventually } from '../../helpers/test-core'

let stop: (() => Promise<void>) | null = null
afterEach(async () => {
  await stop?.()
  stop = null
})

it(`sets a delivery aside after ${QUARANTINE_AFTER_ATTEMPTS} failed attempts, with backoff between them, and ingests the rest`, async () => {
  const relay = await startFakeRelay()
  relay.setItems([1, 2, 3].map((seq) => relayItem(seq, 'int_1', JSON.stringify({ n: seq }), {})))
  const ingested: number[] = []
  const refused: { status: number; reason: string }[] = []
  const answer = (status: number) => ({ status }) as unknown as IngestResult
  const ingest = {
    ingest: (_id: string, request: { body: Buffer }) => {
      const { n } = JSON.parse(request.body.toString()) as { n: number }
      if (n === 1) return answer(503) // storing this one always fails
      ingested.push(n)
      return answer(202)
    },
    refuse: (_id: string, _request: unknown, status: number, reason: string) => {
      refused.push({ status, reason })
      return answer(status)
    },
  } as unknown as Ingest
  const settings = {
    preferences: () => ({ relay: { enabled: true, url: relay.url, readToken: 'token' } }),
  } as unknown as Settings
  const notifier = { beginCatchUp() {}, endCatchUp() {} } as unknown as Notifier
  const statuses: (string | null)[] = []
  const poller = createRelayPoller({
    settings,
    ingest,
    db: openDb(':memory:', MIGRATIONS),
    notifier,
    now: Date.now,
    log: () => {},
    onStatus: (s) => statuses.push(s.error),
    waitSeconds: 0,
    backoffSeconds: [0.2, 0.4],
  })
  poller.start()
  stop = async () => {
    await poller.stop()
    await relay.stop()
  }
  // Seqs 2 and 3 share each attempt's group commit with seq 1, so they are stored on the first attempt and
  // come again with each retry (the real ingest records those as redeliveries, never as new incidents).
  await eventually(() => expect(refused).toHaveLength(1), 8000)
  await eventually(() => expect(ingested).toEqual(Array.from({ length: QUARANTINE_AFTER_ATTEMPTS }, () => [2, 3]).flat()))
  expect(refused).toEqual([
    {
      status: 503,
      reason: `relay item 1 set aside after ${QUARANTINE_AFTER_ATTEMPTS} failed attempts to store it; replay it from the delivery log`,
    },
  ])
  // Three attempts at seq 1, then the page that moves on: no hot loop in between.
  expect(relay.polls.slice(0, QUARANTINE_AFTER_ATTEMPTS).every((p) => p.get('after') === '0')).toBe(true)
  expect(statuses).toContain('a relayed delivery could not be stored; retrying in 0.2 s')
  await eventually(() => expect(relay.acks.at(-1)).toBe(3))
})
