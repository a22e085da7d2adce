// "A critical that nobody answers keeps ringing" (issue #29), in a real core with a fake clock: the notifier's
// one timer is driven by hand (notifier.tick), the incidents arrive as real signed deliveries, and the answers
// come through the API the window calls, a toast's button, or a teammate's note applied from the relay.
import { afterEach, describe, expect, it } from 'vitest'
import { REPEAT_CHECK_MS } from '../../src/main/core/notify/notifier'
import { fixture } from '../fixtures/load'
import { rawRequest } from '../helpers/request'
import { hmacHex } from '../helpers/sign'
import { startCore, type TestCore } from '../helpers/test-core'

let t: TestCore | null = null
afterEach(async () => {
  await t?.stop()
  t = null
})

const MINUTE = 60_000
// Local noon: quiet hours are local wall-clock times.
const NOON = new Date(2026, 10, 20, 12, 0, 0).getTime()

async function ringing(preferences: Parameters<TestCore['api']['settings.update']>[0] = {}) {
  const clock = { now: NOON }
  t = await startCore({ now: () => clock.now })
  await t.api['settings.update'](preferences)
  const { integration, secret } = await t.api['integrations.create']({ provider: 'generic' })
  const core = t
  const body = (dedupKey: string, severity: string, summary: string) =>
    JSON.stringify({ ...JSON.parse(fixture('generic', 'triggered')), dedup_key: dedupKey, severity, summary })
  return {
    core,
    clock,
    /** A signed delivery, straight to the receiver; resolves with the incident once its toast is decided. */
    async deliver(
      dedupKey: string,
      severity = 'critical',
      summary = `Checkout down ${dedupKey}`,
      via: 'direct' | 'relay' = 'direct',
    ) {
      const payload = body(dedupKey, severity, summary)
      const headers = { 'x-signature': `sha256=${hmacHex(secret!, payload)}` }
      // Pushed in the same turn as the delivery's toasts are decided (test-core.ts).
      const created = core.nextEvent((e) => e.type === 'incident.created')
      if (via === 'relay') {
        const result = await core.core.ingest.ingest(integration.id, rawRequest(payload, headers, { via, receivedAt: clock.now }))
        expect(result.status).toBe(202)
      } else expect((await core.post(integration.id, payload, headers)).status).toBe(202)
      await created
      const { incidents } = await core.api['incidents.list']({ q: summary })
      return incidents[0]!
    },
    /** Minutes pass; the notifier's timer fires (as often as it would have: every REPEAT_CHECK_MS). */
    advance(minutes: number) {
      const until = clock.now + minutes * MINUTE
      while (clock.now < until) {
        clock.now = Math.min(until, clock.now + REPEAT_CHECK_MS)
        core.core.notifier.tick()
      }
    },
    repeats: () => core.toasts.filter((toast) => /still unanswered/i.test(toast.title)),
    integrationId: integration.id,
  }
}

describe('repeat until answered', () => {
  it('re-notifies an open critical every 5 minutes, with a sound and its buttons, until it is acknowledged', async () => {
    const r = await ringing({ notifications: { sounds: { critical: false } } })
    const incident = await r.deliver('db-1')
    expect(r.core.toasts).toHaveLength(1)
    r.advance(4)
    expect(r.repeats()).toHaveLength(0)
    // Just toasted: not yet "waiting for an answer".
    expect((await r.core.api['status.get']({})).notifier.waiting).toEqual({ count: 0, worst: null })
    r.advance(1)
    expect(r.repeats()).toEqual([
      expect.objectContaining({
        title: 'Still unanswered: Checkout down db-1',
        severity: 'critical',
        incidentId: incident.id,
        // Ringing is the point: with a sound even where the first toast was silent.
        sound: true,
        actions: [
          { id: 'acknowledge', label: 'Acknowledge' },
          { id: 'snooze-1h', label: 'Snooze 1 h' },
        ],
        subject: { incident: incident.id },
      }),
    ])
    r.advance(5)
    expect(r.repeats()).toHaveLength(2)
    // The tray's word for it: still waiting for an answer.
    expect((await r.core.api['status.get']({})).notifier.waiting).toEqual({ count: 1, worst: 'critical' })

    await r.core.api['incidents.acknowledge']({ id: incident.id })
    expect((await r.core.api['status.get']({})).notifier.waiting).toEqual({ count: 0, worst: null })
    r.advance(30)
    expect(r.repeats()).toHaveLength(2)
  })

  it('stops on resolve and on snooze, and a repeat rings again an interval after the snooze ends', async () => {
    const r = await ringing()
    const resolved = await r.deliver('r-1')
    const snoozed = await r.deliver('s-1')
    r.advance(5)
    expect(r.repeats().map((toast) => toast.incidentId)).toEqual(expect.arrayContaining([resolved.id, snoozed.id]))
    expect(r.repeats()).toHaveLength(2)
    await r.core.api['incidents.resolve']({ id: resolved.id })
    await r.core.api['incidents.snooze']({ id: snoozed.id, until: new Date(r.clock.now + 20 * MINUTE).toISOString() })
    r.advance(20)
    expect(r.repeats()).toHaveLength(2)
    // The snooze is over: the incident waits again, and rings an interval later.
    r.advance(5)
    expect(r.repeats().slice(2)).toEqual([expect.objectContaining({ incidentId: snoozed.id })])
  })

  it('stops when a teammate acknowledges it through the team relay', async () => {
    const r = await ringing()
    const incident = await r.deliver('team-1', 'critical', 'Payments API down', 'relay')
    r.advance(5)
    expect(r.repeats()).toHaveLength(1)
    const outcome = r.core.core.teamNotes.apply(
      {
        integrationId: r.integrationId,
        dedupKey: 'team-1',
        action: 'acknowledged',
        user: 'Bob',
        at: new Date(r.clock.now).toISOString(),
      },
      { reader: 'rd_bob', name: 'bob-laptop' },
    )
    expect(outcome).toBe('applied')
    expect((await r.core.api['incidents.get']({ id: incident.id })).status).toBe('acknowledged')
    r.advance(30)
    expect(r.repeats()).toHaveLength(1)
  })

  it('a button on a repeat acknowledges through the same path as the window', async () => {
    const r = await ringing({ userName: 'dana' })
    const incident = await r.deliver('btn-1')
    r.advance(5)
    const [repeat] = r.repeats()
    expect(await r.core.core.toastAction(repeat!.subject, 'acknowledge')).toEqual({ ok: true, count: 1 })
    const detail = await r.core.api['incidents.get']({ id: incident.id })
    expect(detail).toMatchObject({ status: 'acknowledged', statusBy: { action: 'acknowledged', user: 'dana', teammate: false } })
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'status', actor: 'user' })
    r.advance(10)
    expect(r.repeats()).toHaveLength(1)
    // Pressed again (the toast was still in Action Center): refused by the lifecycle, said as a value.
    await r.core.api['incidents.resolve']({ id: incident.id })
    expect(await r.core.core.toastAction(repeat!.subject, 'acknowledge')).toMatchObject({ ok: false })
  })

  it('in quiet hours a warning is not repeated; a critical that bypasses them is', async () => {
    const r = await ringing({
      notifications: {
        quietHours: { enabled: true, start: '11:00', end: '14:00', criticalBypass: true },
        repeat: { warning: { enabled: true, everyMinutes: 5 } },
      },
    })
    const warning = await r.deliver('w-1', 'warning', 'Disk 85% full')
    const critical = await r.deliver('c-1', 'critical', 'Database down')
    // The warning's own toast is held for the morning digest; the critical's is shown.
    expect(r.core.toasts.map((toast) => toast.incidentId)).toEqual([critical.id])
    r.advance(30)
    expect(r.repeats().length).toBe(6)
    expect(r.repeats().every((toast) => toast.incidentId === critical.id)).toBe(true)
    // Both are waiting for an answer, whatever quiet hours let ring.
    expect((await r.core.api['status.get']({})).notifier.waiting).toEqual({ count: 2, worst: 'critical' })
    expect((await r.core.api['incidents.get']({ id: warning.id })).status).toBe('open')
  })

  it('a pause holds every repeat, critical too', async () => {
    const r = await ringing()
    await r.deliver('p-1')
    await r.core.api['settings.update']({ notifications: { pausedUntil: 'forever' } })
    r.advance(30)
    expect(r.repeats()).toHaveLength(0)
  })

  it('a storm of repeats is one toast, naming what still waits, with buttons for all of them', async () => {
    const r = await ringing()
    const ids: string[] = []
    for (let i = 0; i < 8; i++) ids.push((await r.deliver(`storm-${i}`, 'critical', `Node ${i} unreachable`)).id)
    // Their own storm: five toasts, then one summary when its 30 s window closes.
    r.advance(1)
    expect(r.core.toasts.filter((toast) => toast.subject === null || 'incident' in toast.subject)).toHaveLength(6)
    const before = r.core.toasts.length
    r.advance(4)
    const after = r.core.toasts.slice(before)
    expect(after).toHaveLength(1)
    expect(after[0]).toMatchObject({
      title: '8 incidents still unanswered',
      body: expect.stringMatching(/^8 critical — Node \d unreachable; Node \d unreachable; Node \d unreachable; …$/),
      severity: 'critical',
      sound: true,
      actions: [{ id: 'acknowledge' }, { id: 'snooze-1h' }],
    })
    expect(new Set((after[0]!.subject as { incidents: string[] }).incidents)).toEqual(new Set(ids))
    // Its Snooze 1 h snoozes them all: nothing rings for the hour.
    expect(await r.core.core.toastAction(after[0]!.subject, 'snooze-1h')).toEqual({ ok: true, count: 8 })
    r.advance(55)
    expect(r.core.toasts.slice(before)).toHaveLength(1)
  })
})
