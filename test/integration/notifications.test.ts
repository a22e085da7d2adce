// Toasts in headless mode: the core's notifier through the node-notifier adapter.
import { afterEach, describe, expect, it } from 'vitest'
import { createNodeNotifierPort, type NotifierLike } from '../../src/main/headless/node-notifier-port'
import { fixture } from '../fixtures/load'
import { hmacHex } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

let t: TestCore | null = null
afterEach(async () => {
  await t?.stop()
  t = null
})

function fakeNotifier(answer: (options: Record<string, unknown>) => [Error | null, string]) {
  const calls: Record<string, unknown>[] = []
  const notifier: NotifierLike = {
    notify(options, callback) {
      calls.push(options)
      const [error, response] = answer(options)
      setImmediate(() => callback(error, response))
    },
  }
  return { notifier, calls }
}

async function deliver(core: TestCore, body = fixture('generic', 'triggered')) {
  const { integration, secret } = await core.api['integrations.create']({ provider: 'generic' })
  return core.post(integration.id, body, { 'x-signature': `sha256=${hmacHex(secret!, body)}` })
}

describe('node-notifier adapter', () => {
  it('is called with the incident title and body, and a click opens that incident', async () => {
    const clicked: (string | null)[] = []
    const fake = fakeNotifier(() => [null, 'activate'])
    t = await startCore({
      notificationPort: createNodeNotifierPort({ notifier: fake.notifier, onClick: (id) => clicked.push(id) }),
    })
    expect((await deliver(t)).status).toBe(202)
    await eventually(() => expect(fake.calls).toHaveLength(1))
    expect(fake.calls[0]).toMatchObject({
      title: 'Database connection timeout',
      message:
        'critical · Generic webhook · api-gateway-monitor · production\nConnection pool exhausted after 30 s (max 50 connections)',
      sound: true,
      wait: true,
    })
    const [incident] = (await t.api['incidents.list']({})).incidents
    await eventually(() => expect(clicked).toEqual([incident!.id]))
  })

  it('without a notification service it says so once, in the log and in status, and ingest goes on', async () => {
    const fake = fakeNotifier(() => [new Error('not found: notify-send'), ''])
    t = await startCore({ notificationPort: createNodeNotifierPort({ notifier: fake.notifier, onClick: () => {} }) })
    expect((await deliver(t)).status).toBe(202)
    const second = fixture('generic', 'triggered').replace('db-timeout-api-gateway', 'another')
    const { integration, secret } = await t.api['integrations.create']({ provider: 'generic' })
    expect((await t.post(integration.id, second, { 'x-signature': `sha256=${hmacHex(secret!, second)}` })).status).toBe(202)
    await eventually(() => expect(fake.calls).toHaveLength(2))
    await eventually(async () =>
      // Both toasts were attempted and neither was shown: both are counted.
      expect((await t!.api['status.get']({})).notifier).toEqual({
        state: 'unavailable',
        error: 'not found: notify-send',
        notShown: 2,
        // Open criticals, but nothing has gone unanswered for an interval yet.
        waiting: { count: 0, worst: null },
      }),
    )
    expect(t.logs.filter((l) => l.includes('toasts are unavailable'))).toHaveLength(1)
    expect((await t.api['incidents.list']({})).incidents).toHaveLength(2)
  })

  it('a throwing notifier never breaks ingest', async () => {
    const notifier: NotifierLike = {
      notify() {
        throw new Error('boom')
      },
    }
    t = await startCore({ notificationPort: createNodeNotifierPort({ notifier, onClick: () => {} }) })
    expect((await deliver(t)).status).toBe(202)
    await eventually(async () => expect((await t!.api['status.get']({})).notifier.state).toBe('unavailable'))
  })
})

describe('node-notifier buttons (headless)', () => {
  /** Answers each toast as node-notifier would after the user's press: `response` and its metadata. */
  function answering(response: string, metadata: Record<string, unknown>) {
    const calls: Record<string, unknown>[] = []
    const notifier: NotifierLike = {
      notify(options, callback) {
        calls.push(options)
        setImmediate(() => callback(null, response, metadata))
      },
    }
    return { notifier, calls }
  }

  async function withButtons(platform: NodeJS.Platform, response: string, metadata: Record<string, unknown>) {
    const clicked: (string | null)[] = []
    const fake = answering(response, metadata)
    t = await startCore({
      notificationPort: createNodeNotifierPort({
        notifier: fake.notifier,
        platform,
        onClick: (id) => clicked.push(id),
        onAction: (subject, action) => void t!.core.toastAction(subject, action),
      }),
    })
    expect((await deliver(t)).status).toBe(202)
    await eventually(() => expect(fake.calls).toHaveLength(1))
    const [incident] = (await t.api['incidents.list']({})).incidents
    return { fake, clicked, id: incident!.id }
  }

  it('on macOS (terminal-notifier) a press of Acknowledge acknowledges, and does not open the incident', async () => {
    // terminal-notifier's answer for a button; node-notifier turns its response into 'activate'.
    const { fake, clicked, id } = await withButtons('darwin', 'activate', {
      activationType: 'actionClicked',
      activationValue: 'Acknowledge',
      activationValueIndex: '0',
    })
    expect(fake.calls[0]).toMatchObject({ actions: ['Acknowledge', 'Snooze 1 h'], timeout: 600 })
    await eventually(async () => expect((await t!.api['incidents.get']({ id })).status).toBe('acknowledged'))
    expect(clicked).toEqual([])
  })

  it('on Windows (SnoreToast) a press of Snooze 1 h snoozes for an hour', async () => {
    const { fake, id } = await withButtons('win32', 'snooze 1 h', { activationType: 'Snooze 1 h', button: 'Snooze 1 h' })
    expect(fake.calls[0]).toMatchObject({ actions: ['Acknowledge', 'Snooze 1 h'] })
    const snoozed = await eventually(async () => {
      const detail = await t!.api['incidents.get']({ id })
      expect(detail.snoozedUntil).not.toBeNull()
      return detail
    })
    expect(snoozed.status).toBe('open')
    expect(Date.parse(snoozed.snoozedUntil!)).toBeGreaterThan(Date.now() + 3_500_000)
  })

  it('on Linux (notify-send, no buttons) no actions are passed, and a click opens the incident', async () => {
    const { fake, clicked, id } = await withButtons('linux', 'activate', {})
    expect(fake.calls[0]).not.toHaveProperty('actions')
    await eventually(() => expect(clicked).toEqual([id]))
    expect((await t!.api['incidents.get']({ id })).status).toBe('open')
  })
})

describe('notifier in the core', () => {
  it('a repeat of an open incident does not toast again; an escalation does', async () => {
    t = await startCore()
    const { integration, secret } = await t.api['integrations.create']({ provider: 'generic' })
    const send = (body: string) => t!.post(integration.id, body, { 'x-signature': `sha256=${hmacHex(secret!, body)}` })
    const base = { summary: 'Queue backlog', dedup_key: 'queue', source: 'worker' }
    await send(JSON.stringify({ ...base, severity: 'warning', timestamp: '2026-11-20T10:00:00Z' }))
    await send(JSON.stringify({ ...base, severity: 'warning', timestamp: '2026-11-20T10:01:00Z' }))
    await send(JSON.stringify({ ...base, severity: 'critical', timestamp: '2026-11-20T10:02:00Z' }))
    await eventually(() => expect(t!.toasts.map((x) => x.title)).toEqual(['Queue backlog', 'Escalated: Queue backlog']))
  })

  it('an acknowledged incident stays quiet through repeats', async () => {
    t = await startCore()
    const { integration, secret } = await t.api['integrations.create']({ provider: 'generic' })
    const send = (body: string) => t!.post(integration.id, body, { 'x-signature': `sha256=${hmacHex(secret!, body)}` })
    await send(JSON.stringify({ summary: 'Disk', dedup_key: 'disk', severity: 'error', timestamp: '2026-11-20T10:00:00Z' }))
    const [incident] = (await t.api['incidents.list']({})).incidents
    await t.api['incidents.acknowledge']({ id: incident!.id })
    const repeated = t.nextEvent((e) => e.type === 'incident.updated' && e.data.occurrences === 2)
    await send(JSON.stringify({ summary: 'Disk', dedup_key: 'disk', severity: 'error', timestamp: '2026-11-20T10:05:00Z' }))
    await repeated
    expect(t.toasts).toHaveLength(1)
    expect((await t.api['incidents.get']({ id: incident!.id })).status).toBe('acknowledged')
  })

  it('a snoozed incident does not toast when it reopens before the snooze ends', async () => {
    t = await startCore()
    const { integration, secret } = await t.api['integrations.create']({ provider: 'generic' })
    const send = (body: string) => t!.post(integration.id, body, { 'x-signature': `sha256=${hmacHex(secret!, body)}` })
    await send(JSON.stringify({ summary: 'Flaky', dedup_key: 'flaky', severity: 'error', timestamp: '2026-11-20T10:00:00Z' }))
    const [incident] = (await t.api['incidents.list']({})).incidents
    await t.api['incidents.snooze']({ id: incident!.id, until: new Date(Date.now() + 3_600_000).toISOString() })
    const resolved = t.nextEvent((e) => e.type === 'incident.updated' && e.data.status === 'resolved')
    await send(JSON.stringify({ summary: 'Flaky', dedup_key: 'flaky', status: 'resolved', timestamp: '2026-11-20T10:01:00Z' }))
    await resolved
    const reopened = t.nextEvent((e) => e.type === 'incident.updated' && e.data.status === 'open')
    await send(JSON.stringify({ summary: 'Flaky', dedup_key: 'flaky', severity: 'error', timestamp: '2026-11-20T10:02:00Z' }))
    await reopened
    expect(t.toasts).toHaveLength(1)
    expect((await t.api['incidents.get']({ id: incident!.id })).timeline.map((e) => e.text)).toContain(
      'reopened by source: triggered again after resolve (regression)',
    )
  })
})
