// Only your own changes act on the source: a teammate's acknowledge applied from the team relay is theirs,
// and their Hookbell already silenced the alert, so here it records no action on the source at all, while
// your own acknowledge of the same kind of incident does. A real core; the relay's note is applied as the
// poller hands it over (relay/team-notes.ts `apply`), the alerts come in through the relay.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { alertGroup } from '../../src/main/core/providers/samples/alertmanager'
import { startReceiver } from '../helpers/receiver'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

let t: TestCore
let standIn: Awaited<ReturnType<typeof startReceiver>>
let integrationId = ''
let secret = ''

beforeAll(async () => {
  standIn = await startReceiver(() => ({
    status: 200,
    body: JSON.stringify({ silenceID: '7c0ffee0-0000-4000-8000-000000000001' }),
  }))
  t = await startCore()
  const created = await t.api['integrations.create']({ provider: 'alertmanager', name: 'Team Alertmanager' })
  integrationId = created.integration.id
  secret = created.secret!
  await t.api['integrations.setSourceConnection']({ id: integrationId, apiUrl: standIn.url })
})
afterAll(async () => {
  await t?.stop()
  await standIn?.stop()
})

/** One firing alert for `instance`, as the relay hands it over (bytes and headers as Alertmanager sent them). */
async function relayed(instance: string): Promise<{ id: string; dedupKey: string }> {
  const group = alertGroup('firing')
  const alerts = group.alerts as { labels: Record<string, string>; fingerprint: string }[]
  alerts.splice(1)
  alerts[0]!.labels = { ...alerts[0]!.labels, instance }
  alerts[0]!.fingerprint = `fp-${instance}`
  const result = await t.core.ingest.ingest(integrationId, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    query: '',
    body: Buffer.from(JSON.stringify(group)),
    receivedAt: Date.now(),
    via: 'relay',
  })
  expect(result.status).toBe(202)
  const incident = (await t.api['incidents.list']({ integration: [integrationId] })).incidents.find((i) =>
    i.dedupKey.endsWith(`fp-${instance}`),
  )!
  return { id: incident.id, dedupKey: incident.dedupKey }
}

it("a teammate's acknowledge through the relay records no action on the source; yours does", async () => {
  const theirs = await relayed('db-7:9100')
  const applied = t.core.teamNotes.apply(
    { integrationId, dedupKey: theirs.dedupKey, action: 'acknowledged', user: 'Bob', at: new Date().toISOString() },
    { reader: 'rd_bob', name: 'Bob' },
  )
  expect(applied).toBe('applied')
  const after = await t.api['incidents.get']({ id: theirs.id })
  expect(after.status).toBe('acknowledged')
  expect(after.sourceActions).toEqual([])

  const mine = await relayed('db-8:9100')
  await t.api['incidents.acknowledge']({ id: mine.id })
  await eventually(async () => {
    const detail = await t.api['incidents.get']({ id: mine.id })
    expect(detail.sourceActions?.[0]).toMatchObject({ action: 'acknowledge', state: 'done' })
  })
  await t.core.sourceActions.drain()
  const silenced = standIn.received.map((r) => (JSON.parse(r.body) as { matchers: { name: string; value: string }[] }).matchers)
  expect(silenced.map((m) => m.find((x) => x.name === 'instance')!.value)).toEqual(['db-8:9100'])
})
