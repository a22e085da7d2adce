// State cannot be rolled back by replay: through a real receiver and a real database, a captured signed
// "resolved" replayed a day later closes nothing, a delivery older (by the source's own event time) than the
// state already applied is recorded and ignored, and an alert that waited out a laptop's sleep on the relay
// is checked against when the relay received it.
import { afterEach, describe, expect, it } from 'vitest'
import type { DeliveryView } from '../../src/shared/model'
import { fixture } from '../fixtures/load'
import { relayItem, startFakeRelay } from '../helpers/fake-relay'
import { SIGNERS } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

const DAY = 86_400_000
const OLDER = "older than the state already applied (by the source's own event time): ignored"
const REPLAY =
  'replay of a delivery that already resolved or acknowledged this incident: ignored, it cannot change the incident again'

let t: TestCore | null = null
let relay: Awaited<ReturnType<typeof startFakeRelay>> | null = null
afterEach(async () => {
  await t?.stop()
  await relay?.stop()
  t = null
  relay = null
})

/** A core whose clock the test moves (the receiver stamps each delivery with it). */
async function setup(provider: string, secret?: string, signed = true) {
  let clock = Date.now()
  const core = await startCore({ now: () => clock })
  t = core
  const created = await core.api['integrations.create']({ provider, secret, signed })
  const key = secret ?? created.secret ?? ''
  // Toasts are decided after the commit, in the same synchronous step that announces the delivery: once its
  // event is seen, every toast it would cause has been asked for (no fixed wait before asserting none came).
  const announced = new Set<number>()
  core.core.events.subscribe((e) => {
    if (e.type === 'delivery.received' || e.type === 'delivery.rejected') announced.add(e.data.id)
  })
  const deliver = async (body: string, headers: Record<string, string> = {}) => {
    // Retrace cannot sign: its integration URL is the credential.
    const signature = signed ? (SIGNERS[provider]?.(key, body) ?? {}) : {}
    const response = await core.post(created.integration.id, body, { ...signature, ...headers })
    const answer = { status: response.status, body: (await response.json()) as { status: string; deliveryId?: number } }
    const id = answer.body.deliveryId
    if (id !== undefined) await eventually(() => expect(announced.has(id)).toBe(true))
    return answer
  }
  return {
    core,
    id: created.integration.id,
    secret: key,
    deliver,
    later: (ms: number) => (clock += ms),
    incident: async () => {
      const { incidents } = await core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })
      expect(incidents).toHaveLength(1)
      return core.api['incidents.get']({ id: incidents[0]!.id })
    },
    lastDelivery: async (): Promise<DeliveryView> => (await core.api['deliveries.list']({ limit: 1 })).deliveries[0]!,
  }
}

describe('a replayed state change', () => {
  it('a Sentry "resolved" replayed a day later does not close the issue that came back since', async () => {
    const s = await setup('sentry', 'sentry-client-secret')
    const issue = { 'sentry-hook-resource': 'issue' }
    const resolved = fixture('sentry', 'issue-resolved')
    const unresolved = resolved
      .replace('"action":"resolved"', '"action":"unresolved"')
      .replace('"status":"resolved"', '"status":"unresolved"')
    expect((await s.deliver(resolved, issue)).status).toBe(202)
    s.later(60 * 60_000)
    expect((await s.deliver(unresolved, issue)).status).toBe(202)
    expect((await s.incident()).status).toBe('open')

    s.later(DAY)
    const replay = await s.deliver(resolved, issue)
    // The sender is told why, in the words of the delivery log.
    expect(replay).toEqual({ status: 200, body: expect.objectContaining({ status: 'duplicate', reason: REPLAY }) })
    const incident = await s.incident()
    expect(incident.status).toBe('open')
    expect(incident.timeline.at(-1)).toMatchObject({
      type: 'stale',
      text: 'ignored a replayed resolve delivery: it already changed this incident once',
    })
    expect(await s.lastDelivery()).toMatchObject({ outcome: 'duplicate', status: 200, reason: REPLAY })
    expect(s.core.toasts.map((toast) => toast.title)).not.toContainEqual(expect.stringMatching(/resolved/i))
  })

  it('within the hour it is the plain redelivery it always was', async () => {
    const s = await setup('sentry', 'sentry-client-secret')
    const issue = { 'sentry-hook-resource': 'issue' }
    const resolved = fixture('sentry', 'issue-resolved')
    await s.deliver(resolved, issue)
    expect((await s.deliver(resolved, issue)).status).toBe(200)
    expect(await s.lastDelivery()).toMatchObject({ outcome: 'duplicate', reason: 'redelivery of a delivery already committed' })
  })
})

describe('a generic monitor that sends the same bodies every time', () => {
  const trigger = JSON.stringify({ status: 'triggered', dedup_key: 'disk-db1', summary: 'Disk almost full on db1' })
  const resolve = JSON.stringify({ status: 'resolved', dedup_key: 'disk-db1', summary: 'Disk almost full on db1' })
  async function flap(s: Awaited<ReturnType<typeof setup>>) {
    await s.deliver(trigger)
    s.later(60_000)
    await s.deliver(resolve)
    s.later(2 * 60 * 60_000) // past the redelivery hour: the alert fired again
    await s.deliver(trigger)
    expect((await s.incident()).status).toBe('open')
    s.later(2 * 60 * 60_000)
    return s.deliver(resolve)
  }

  it('unsigned: the same resolve body closes the alert each time it fires (no secret, nothing a replay could forge)', async () => {
    const s = await setup('generic', undefined, false)
    expect(await flap(s)).toEqual({ status: 202, body: expect.objectContaining({ status: 'accepted' }) })
    expect((await s.incident()).status).toBe('resolved')
  })

  it('signed: the same resolve body is a replay (the setup steps tell senders to include a timestamp)', async () => {
    const s = await setup('generic', 'generic-shared-secret')
    expect((await flap(s)).body.status).toBe('duplicate')
    expect((await s.incident()).status).toBe('open')
    expect(await s.lastDelivery()).toMatchObject({ reason: REPLAY })
  })
})

describe('ordering by the source’s own event time', () => {
  it('Alertmanager: a resolved whose endsAt is before a newer firing’s startsAt does not close it', async () => {
    const s = await setup('alertmanager', 'am-bearer-token')
    await s.deliver(fixture('alertmanager', 'firing'))
    // The alert resolved at 10:20 and fired again at 11:00; the 10:20 notification arrives last.
    await s.deliver(fixture('alertmanager', 'refiring'))
    const late = await s.deliver(fixture('alertmanager', 'resolved'))
    expect(late).toMatchObject({ status: 202, body: { status: 'ignored', reason: OLDER } })
    const { incidents } = await s.core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })
    const checkout1 = incidents.find((i) => i.dedupKey === 'alert:c6e5a8f1d2b3a4e5')!
    expect(checkout1.status).toBe('open')
    const detail = await s.core.api['incidents.get']({ id: checkout1.id })
    expect(detail.timeline.at(-1)).toMatchObject({
      type: 'stale',
      text: 'ignored a late resolve delivery: older than the state already applied',
    })
    expect(await s.lastDelivery()).toMatchObject({ outcome: 'ignored', status: 202, reason: OLDER, incidentIds: [checkout1.id] })
  })

  it('Alertmanager: a repeat of a firing alert with the same startsAt is the same firing, not another occurrence', async () => {
    const s = await setup('alertmanager', 'am-bearer-token')
    const refiring = fixture('alertmanager', 'refiring')
    await s.deliver(refiring)
    s.later(4 * 60 * 60_000) // repeat_interval: the same body, past the redelivery hour
    expect(await s.deliver(refiring)).toMatchObject({ status: 202 })
    const incident = await s.incident()
    expect(incident).toMatchObject({ status: 'open', occurrences: 1 })
    expect(incident.timeline.map((e) => e.text)).toEqual(['opened by source'])
    expect(await s.lastDelivery()).toMatchObject({ outcome: 'accepted', reason: null })
  })

  it('Alertmanager: a group re-sent because one of its alerts resolved counts no occurrence for those still firing', async () => {
    const s = await setup('alertmanager', 'am-bearer-token')
    const firing = fixture('alertmanager', 'firing')
    await s.deliver(firing)
    // group_interval later Alertmanager sends the group again: checkout-1 resolved at 10:20, checkout-2 as it
    // was (same fingerprint, same startsAt, still firing).
    s.later(5 * 60_000)
    const group = JSON.parse(firing) as { status: string; alerts: { status: string; endsAt: string; fingerprint: string }[] }
    group.alerts[0]!.status = 'resolved'
    group.alerts[0]!.endsAt = '2026-11-20T10:20:00Z'
    expect(await s.deliver(JSON.stringify(group))).toMatchObject({ status: 202 })
    const { incidents } = await s.core.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'] })
    const [checkout1, checkout2] = ['c6e5a8f1d2b3a4e5', 'd7f6b9a2e3c4b5f6'].map((f) =>
      incidents.find((i) => i.dedupKey === `alert:${f}`)!,
    )
    expect(checkout1).toMatchObject({ status: 'resolved' })
    expect(checkout2).toMatchObject({ status: 'open', occurrences: 1 })
    const timeline = (await s.core.api['incidents.get']({ id: checkout2!.id })).timeline.map((e) => e.text)
    expect(timeline).toEqual(['opened by source'])
    // A new firing of the same alert (a later startsAt) is an occurrence.
    const again = JSON.parse(firing) as typeof group & { alerts: { startsAt: string }[] }
    again.alerts[1]!.startsAt = '2026-11-20T10:40:00Z'
    await s.deliver(JSON.stringify({ ...again, alerts: [again.alerts[1]] }))
    const after = await s.core.api['incidents.get']({ id: checkout2!.id })
    expect(after.occurrences).toBe(2)
    expect(after.timeline.map((e) => e.text)).toEqual(['opened by source', 'occurred again'])
  })

  it('Alertmanager: a resolved in order closes the alert', async () => {
    const s = await setup('alertmanager', 'am-bearer-token')
    await s.deliver(fixture('alertmanager', 'refiring').replace('2026-11-20T11:00:00Z', '2026-11-20T10:00:00Z'))
    await s.deliver(fixture('alertmanager', 'resolved'))
    expect((await s.incident()).status).toBe('resolved')
  })

  it('Grafana: an "ok" older than the alert firing again is ignored', async () => {
    const s = await setup('grafana')
    await s.deliver(fixture('grafana', 'alerting-again'))
    await s.deliver(fixture('grafana', 'ok'))
    expect(await s.incident()).toMatchObject({ status: 'open' })
    expect(await s.lastDelivery()).toMatchObject({ outcome: 'ignored', reason: OLDER })
  })

  it('Grafana: alerting then ok in order resolves', async () => {
    const s = await setup('grafana')
    await s.deliver(fixture('grafana', 'alerting'))
    await s.deliver(fixture('grafana', 'ok'))
    expect(await s.incident()).toMatchObject({ status: 'resolved' })
  })

  it('Sentry metric alert: a critical retried after its resolve does not reopen it, and does not toast', async () => {
    const s = await setup('sentry', 'sentry-client-secret')
    const metric = { 'sentry-hook-resource': 'metric_alert' }
    await s.deliver(fixture('sentry', 'metric_alert-resolved'), metric)
    await s.deliver(fixture('sentry', 'metric_alert-critical'), metric)
    const incident = await s.incident()
    expect(incident.status).toBe('resolved')
    expect(incident.timeline.at(-1)!.text).toBe('ignored a late trigger delivery: older than the state already applied')
    expect(await s.lastDelivery()).toMatchObject({ outcome: 'ignored', reason: OLDER })
    expect(s.core.toasts).toHaveLength(0)
  })

  it('AppSignal anomaly: an "open" delivered after the alert closed does not reopen it', async () => {
    const s = await setup('appsignal', 'appsignal-token-from-the-ui')
    await s.deliver(fixture('appsignal', 'anomaly-closed'))
    await s.deliver(fixture('appsignal', 'anomaly-wrapped'))
    expect(await s.incident()).toMatchObject({ status: 'resolved' })
    expect(await s.lastDelivery()).toMatchObject({ outcome: 'ignored', reason: OLDER })
  })

  it('AppSignal anomaly: open then closed in order resolves', async () => {
    const s = await setup('appsignal', 'appsignal-token-from-the-ui')
    await s.deliver(fixture('appsignal', 'anomaly-wrapped'))
    await s.deliver(fixture('appsignal', 'anomaly-closed'))
    expect(await s.incident()).toMatchObject({ status: 'resolved' })
  })
})

describe('ordering by the source’s own event time (Retrace)', () => {
  it('a reminder delivered after the clear does not reopen the monitor', async () => {
    const s = await setup('retrace')
    await s.deliver(fixture('retrace', 'alert'))
    await s.deliver(fixture('retrace', 'clear'))
    await s.deliver(fixture('retrace', 'reminder'))
    expect(await s.incident()).toMatchObject({ status: 'resolved' })
    expect(await s.lastDelivery()).toMatchObject({ outcome: 'ignored', reason: OLDER })
  })
})

// Checkly signs only the body (https://www.checklyhq.com/docs/integrations/alerts/webhooks/): whoever can
// edit headers on the way (a proxy, a relay) could stamp a signed failure with year 2100.
describe('time that is not signed cannot pin state', () => {
  const YEAR_2100 = '4102444800'
  const iso = (ms: number) => new Date(ms).toISOString()

  it('Checkly: a signed failure whose unsigned x-checkly-timestamp says 2100 does not make the recovery ignored', async () => {
    const s = await setup('checkly', 'checkly-webhook-secret')
    // A partial template (no STARTED_AT): the header is all the delivery says about its time.
    const failure = '{"ALERT_TYPE":"ALERT_FAILURE","CHECK_ID":"08437f9c-df8c-45ed-975a-a3f9e24d626d","CHECK_NAME":"Checkout API"}'
    expect(await s.deliver(failure, { 'x-checkly-timestamp': YEAR_2100 })).toMatchObject({ status: 202 })
    s.later(5 * 60_000)
    const recovery = failure.replace('ALERT_FAILURE', 'ALERT_RECOVERY')
    expect(await s.deliver(recovery)).toMatchObject({ status: 202, body: { status: 'accepted' } })
    expect(await s.incident()).toMatchObject({ status: 'resolved' })
  })

  it('Checkly: STARTED_AT in the signed body orders events, whatever the header says', async () => {
    const s = await setup('checkly', 'checkly-webhook-secret')
    const t0 = Date.now()
    const failure = fixture('checkly', 'failure').replace('2026-11-20T10:00:00.000Z', iso(t0))
    const recovery = fixture('checkly', 'recovery').replace('2026-11-20T10:01:00.000Z', iso(t0 + 60_000))
    expect(await s.deliver(failure, { 'x-checkly-timestamp': YEAR_2100 })).toMatchObject({ status: 202 })
    s.later(2 * 60_000)
    expect(await s.deliver(recovery)).toMatchObject({ status: 202, body: { status: 'accepted' } })
    // A retry of the failure run, arriving after its recovery, is still older by STARTED_AT.
    s.later(60 * 60_000 + 1)
    expect(await s.deliver(failure)).toMatchObject({ status: 202, body: { status: 'ignored', reason: OLDER } })
    expect(await s.incident()).toMatchObject({ status: 'resolved' })
  })

  it('Retrace (unsigned): an alert whose body says it started in 2100 cannot keep a later clear from closing it', async () => {
    const s = await setup('retrace', undefined, false)
    const forged = fixture('retrace', 'alert').replace('2019-04-16T17:18:19.8590545+00:00', '2100-01-01T00:00:00+00:00')
    expect(await s.deliver(forged)).toMatchObject({ status: 202 })
    // The source time is capped at the receipt (plus a minute of clock skew): the incident says so too.
    const opened = await s.incident()
    expect(Date.parse(opened.lastSeenAt)).toBeLessThan(Date.now() + 2 * 60_000)
    s.later(5 * 60_000)
    const now = iso(Date.now() + 5 * 60_000)
    const clear = fixture('retrace', 'clear')
      .replace('2019-04-16T17:18:19.8590545+00:00', iso(Date.now()))
      .replace('2019-04-16T17:20:19.8590545+00:00', now)
    expect(await s.deliver(clear)).toMatchObject({ status: 202, body: { status: 'accepted' } })
    expect(await s.incident()).toMatchObject({ status: 'resolved' })
  })
})

describe('an alert that waited out a laptop’s sleep on the relay', () => {
  it('a Grafana alert signed when the relay took it two hours ago is accepted when polled now', async () => {
    relay = await startFakeRelay()
    const core = await startCore({ relayPolling: { waitSeconds: 0, backoffSeconds: [0.3, 0.6, 1] } })
    t = core
    const { integration, secret } = await core.api['integrations.create']({ provider: 'grafana' })
    const body = fixture('grafana', 'alerting')
    const twoHoursAgo = Date.now() - 2 * 60 * 60_000
    const signed = SIGNERS.grafana!(secret!, body, Math.floor(twoHoursAgo / 1000))
    relay.setItems([relayItem(1, integration.id, body, signed, twoHoursAgo)])
    await core.api['settings.update']({ relay: { url: relay.url, readToken: 'read-token', enabled: true } })
    await eventually(async () =>
      expect((await core.api['deliveries.list']({})).deliveries[0]).toMatchObject({ outcome: 'accepted', via: 'relay' }),
    )
    const { deliveries } = await core.api['deliveries.list']({})
    expect(Math.abs(Date.parse(deliveries[0]!.receivedAt) - twoHoursAgo)).toBeLessThan(1000)
  })
})
