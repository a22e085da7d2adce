// Acting on an Alertmanager source when answers go missing or actions overtake each other, against a stand-in
// that keeps silences as Alertmanager does (test/helpers/alertmanager-stand-in.ts):
// - a silence POST that arrives but is never answered (or is in flight when Hookbell stops) is retried as an
//   update of the silence it made, found by its marker: exactly one silence, the one Hookbell knows;
// - a failed undo overtaken by a later acknowledge cannot be retried into expiring the current silence;
// - resolving expires the silence, so it no longer mutes every receiver while the alert still fires;
// - ending a snooze is no action on the source (no "snooze without an end" that fails for ever).
import { randomBytes } from 'node:crypto'
import { afterEach, expect, it } from 'vitest'
import { PROVIDERS } from '../../src/main/core/providers'
import type { IncidentDetail } from '../../src/shared/incident'
import { startAlertmanagerStandIn, type AlertmanagerStandIn } from '../helpers/alertmanager-stand-in'
import { startReceiver } from '../helpers/receiver'
import { eventually, startCore, tempDir, type TestCore } from '../helpers/test-core'

let t: TestCore | null = null
let am: AlertmanagerStandIn | null = null
afterEach(async () => {
  await t?.stop()
  await am?.stop()
  t = null
  am = null
})

const FAST = { retryDelaysMs: [0, 50, 50, 50], timeoutMs: 300 }

/** An integration of `provider` acting on `apiUrl`, and the first open incident its samples make. */
async function firing(core: TestCore, apiUrl: string, provider = 'alertmanager'): Promise<{ id: string }> {
  await core.api['settings.update']({ userName: 'Dana' })
  const p = PROVIDERS.get(provider)!
  const { integration } = await core.api['integrations.create']({
    provider,
    ...(p.secret === 'none' ? {} : { secret: `hbk_${randomBytes(24).toString('hex')}` }),
  })
  await core.api['integrations.setSourceConnection']({
    id: integration.id,
    apiUrl,
    ...(provider === 'alertmanager' ? {} : { credential: 'key_standin_0123456789', user: 'dana@example.com' }),
  })
  for (const sample of Object.keys(p.samples)) {
    const sent = await core.api['integrations.sendTest']({ id: integration.id, sample })
    for (const id of sent.incidentIds) if ((await core.api['incidents.get']({ id })).status === 'open') return { id }
  }
  throw new Error(`no open ${provider} incident from its samples`)
}

/** Waits until none of the incident's actions on the source is pending. */
const settled = (core: TestCore, id: string): Promise<IncidentDetail> =>
  eventually(async () => {
    const d = await core.api['incidents.get']({ id })
    expect(d.sourceActions!.map((a) => a.state)).not.toContain('pending')
    return d
  }, 10_000)

const sourceLines = (d: IncidentDetail) => d.timeline.filter((e) => e.type === 'source').map((e) => e.text)
const running = (s: AlertmanagerStandIn) => s.silences.filter((x) => x.status.state !== 'expired')

it('a silence POST that arrives but is never answered is retried as an update of that silence, not a second one', async () => {
  am = await startAlertmanagerStandIn()
  t = await startCore({ sourceActions: FAST })
  const { id } = await firing(t, am.url)
  am.hang('POST')
  await t.api['incidents.acknowledge']({ id })
  const detail = await settled(t, id)
  expect(detail.sourceActions![0]).toMatchObject({ action: 'acknowledge', state: 'done', attempts: 2 })
  // The first POST made a silence; the retry found it by its marker and updated it in place.
  expect(am.requests).toEqual(['POST /api/v2/silences', 'GET /api/v2/silences', 'POST /api/v2/silences'])
  expect(am.silences).toHaveLength(1)
  expect(running(am)).toHaveLength(1)
  expect(am.silences[0]!.comment).toContain(`hookbell:action/${detail.sourceActions![0]!.id}`)
  expect(t.core.sourceActions.refOf(id)?.ref).toBe(am.silences[0]!.id)

  // Reopening expires it: nothing is left muting the alert.
  await t.api['incidents.reopen']({ id })
  await settled(t, id)
  expect(running(am)).toEqual([])
}, 30_000)

it('a silence POST in flight when Hookbell stops is looked up on the next start, not made twice', async () => {
  am = await startAlertmanagerStandIn()
  const dataDir = tempDir()
  let core = await startCore({ dataDir, sourceActions: { ...FAST, timeoutMs: 10_000 } })
  const { id } = await firing(core, am.url)
  am.hang('POST')
  await core.api['incidents.acknowledge']({ id })
  await eventually(() => expect(am!.silences).toHaveLength(1))
  // Stopped (like a crash) while the POST waits for its answer: the row stays pending.
  await core.stop(false)
  core = await startCore({ dataDir, sourceActions: FAST })
  t = core
  const detail = await settled(core, id)
  expect(detail.sourceActions![0]).toMatchObject({ action: 'acknowledge', state: 'done' })
  expect(am.silences).toHaveLength(1)
  expect(running(am)).toHaveLength(1)
  expect(core.core.sourceActions.refOf(id)?.ref).toBe(am.silences[0]!.id)
}, 30_000)

it('a failed un-acknowledge overtaken by a new acknowledge cannot be retried into expiring the current silence', async () => {
  am = await startAlertmanagerStandIn()
  t = await startCore({ sourceActions: FAST })
  const { id } = await firing(t, am.url)
  await t.api['incidents.acknowledge']({ id })
  await settled(t, id)
  am.refuseDeletes(403)
  await t.api['incidents.reopen']({ id })
  const failed = (await settled(t, id)).sourceActions![0]!
  expect(failed).toMatchObject({ action: 'unacknowledge', state: 'failed', lastStatus: 403 })
  await t.api['incidents.acknowledge']({ id })
  const again = await settled(t, id)
  // The silence the refused DELETE left running is reused, not doubled.
  expect(running(am)).toHaveLength(1)
  am.refuseDeletes(null)
  await expect(t.api['sourceActions.retry']({ id: failed.id })).rejects.toMatchObject({ status: 409 })
  await settled(t, id)
  expect(am.requests.filter((r) => r.startsWith('DELETE'))).toHaveLength(1)
  expect((await t.api['incidents.get']({ id })).status).toBe('acknowledged')
  expect(running(am)).toHaveLength(1)
  expect(t.core.sourceActions.refOf(id)?.ref).toBe(running(am)[0]!.id)
  // The detail view offers Retry only for the incident's latest action.
  expect(failed.retryable).toBe(true)
  expect(again.sourceActions!.find((a) => a.id === failed.id)).toMatchObject({ state: 'failed', retryable: false })
}, 30_000)

it('an un-acknowledge still retrying when the incident is acknowledged again is not sent: it is no longer true', async () => {
  am = await startAlertmanagerStandIn()
  // The second attempt waits long enough for the acknowledge below to come first.
  t = await startCore({ sourceActions: { retryDelaysMs: [0, 3000], timeoutMs: 300 } })
  const { id } = await firing(t, am.url)
  await t.api['incidents.acknowledge']({ id })
  await settled(t, id)
  const silence = running(am)[0]!
  am.refuseDeletes(503)
  await t.api['incidents.reopen']({ id })
  await eventually(async () => {
    const d = await t!.api['incidents.get']({ id })
    expect(d.sourceActions![0]).toMatchObject({ action: 'unacknowledge', state: 'pending', attempts: 1, lastStatus: 503 })
  })
  am.refuseDeletes(null)
  await t.api['incidents.acknowledge']({ id })
  const detail = await settled(t, id)
  expect(detail.sourceActions!.map((a) => [a.action, a.state])).toEqual([
    ['acknowledge', 'done'],
    ['unacknowledge', 'skipped'],
    ['acknowledge', 'done'],
  ])
  expect(sourceLines(detail)).toContain('Not sent to Alertmanager: the incident is acknowledged now')
  // The silence was never expired: the acknowledge found it running and kept it.
  expect(am.requests.filter((r) => r.startsWith('DELETE'))).toHaveLength(1)
  expect(am.silences.map((s) => [s.id, s.status.state])).toEqual([[silence.id, 'active']])
  expect(t.core.sourceActions.refOf(id)?.ref).toBe(silence.id)
}, 30_000)

it('resolving in Hookbell expires the silence, so the alert is no longer muted for every receiver', async () => {
  am = await startAlertmanagerStandIn()
  t = await startCore({ sourceActions: FAST })
  const { id } = await firing(t, am.url)
  await t.api['incidents.acknowledge']({ id })
  await settled(t, id)
  const silence = running(am)[0]!
  await t.api['incidents.resolve']({ id })
  const detail = await settled(t, id)
  expect(detail.sourceActions![0]).toMatchObject({ action: 'resolve', state: 'done' })
  expect(running(am)).toEqual([])
  expect(sourceLines(detail)).toContain(`Silence ${silence.id.slice(0, 8)}… expired in Alertmanager`)
  expect(t.core.sourceActions.refOf(id)).toBeNull()
}, 30_000)

it('ending a snooze (un-snooze, or undoing one) is no action on the source', async () => {
  const opsgenie = await startReceiver(() => ({ status: 202, body: '{"result":"Request will be processed","requestId":"r1"}' }))
  try {
    t = await startCore({ sourceActions: FAST })
    const { id } = await firing(t, opsgenie.url, 'opsgenie')
    const until = new Date(Date.now() + 3_600_000).toISOString()
    await t.api['incidents.snooze']({ id, until })
    await settled(t, id)
    await t.api['incidents.snooze']({ id, until: null })
    // Undo of a snooze: the restore puts back "not snoozed".
    await t.api['incidents.snooze']({ id, until })
    await t.api['incidents.restore']({ items: [{ id, status: 'open', snoozedUntil: null }] })
    const detail = await settled(t, id)
    expect(detail.sourceActions!.map((a) => [a.action, a.state])).toEqual([
      ['snooze', 'done'],
      ['snooze', 'done'],
    ])
    expect(sourceLines(detail).filter((l) => /without an end/.test(l))).toEqual([])
  } finally {
    await opsgenie.stop()
  }
}, 30_000)
