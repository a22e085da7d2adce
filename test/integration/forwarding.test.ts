// Forwarding against a real local HTTP receiver.
import { createHmac } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import type { Incident } from '../../src/shared/incident'
import { startReceiver } from '../helpers/receiver'
import { hmacHex } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

let t: TestCore | null = null
let receiver: Awaited<ReturnType<typeof startReceiver>> | null = null
afterEach(async () => {
  await t?.stop()
  await receiver?.stop()
  t = null
  receiver = null
})

const FAST = [0, 100, 200, 300]

async function incident(core: TestCore, extra: Record<string, unknown> = {}): Promise<Incident> {
  const { integration, secret } = await core.api['integrations.create']({ provider: 'generic', name: 'Gateway' })
  const body = JSON.stringify({
    summary: 'Payment API down',
    severity: 'critical',
    dedup_key: 'pay',
    source: 'synthetics',
    description: 'HTTP 503 from /pay',
    ...extra,
  })
  expect((await core.post(integration.id, body, { 'x-signature': `sha256=${hmacHex(secret!, body)}` })).status).toBe(202)
  return (await core.api['incidents.list']({})).incidents[0]!
}

describe('signing', () => {
  it('signs the default body with X-Webhook-Signature: sha256=<hex HMAC of the raw body>', async () => {
    receiver = await startReceiver()
    t = await startCore({ forwardRetryDelaysMs: FAST })
    const target = await t.api['targets.create']({
      name: 'Own service',
      url: `${receiver.url}/hook`,
      signing: 'hmac-sha256',
      secret: 'fwd-secret',
    })
    const i = await incident(t)
    await t.api['incidents.forward']({ id: i.id, targetId: target.id })
    await eventually(() => expect(receiver!.received).toHaveLength(1))
    const [req] = receiver.received
    expect(req!.headers['x-webhook-signature']).toBe(
      `sha256=${createHmac('sha256', 'fwd-secret').update(req!.body).digest('hex')}`,
    )
    expect(req!.headers['x-webhook-event']).toBe('incident.forwarded')
    expect(req!.headers['user-agent']).toMatch(/^Hookbell\//)
    const body = JSON.parse(req!.body)
    expect(body).toMatchObject({
      event: 'incident.forwarded',
      data: {
        id: i.id,
        title: 'Payment API down',
        description: 'HTTP 503 from /pay',
        status: 'OPEN',
        urgency: 'HIGH',
        service: { id: i.integrationId, name: 'Gateway' },
      },
    })
    expect(req!.body).not.toContain('fwd-secret')
  })

  it('signs Standard Webhooks so the standardwebhooks package verifies it', async () => {
    receiver = await startReceiver()
    t = await startCore({ forwardRetryDelaysMs: FAST })
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const target = await t.api['targets.create']({
      name: 'Svix-style',
      url: receiver.url,
      signing: 'standard-webhooks',
      secret,
      events: ['incident.created'],
    })
    await incident(t)
    await eventually(() => expect(receiver!.received).toHaveLength(1))
    const [req] = receiver.received
    expect(req!.headers['webhook-id']).toMatch(/^msg_/)
    expect(() => new Webhook(secret).verify(req!.body, req!.headers)).not.toThrow()
    expect(() =>
      new Webhook('whsec_' + Buffer.from('another-key-of-16-bytes').toString('base64')).verify(req!.body, req!.headers),
    ).toThrow()
    expect(target.hasSecret).toBe(true)
    expect(JSON.stringify(await t.api['targets.list']({}))).not.toContain(secret)
  })

  it('makes a whsec_ secret for Standard Webhooks signing when none is given, shows it once, and signs with it', async () => {
    receiver = await startReceiver()
    t = await startCore({ forwardRetryDelaysMs: FAST })
    const target = await t.api['targets.create']({
      name: 'Audit log',
      url: receiver.url,
      signing: 'standard-webhooks',
      events: ['incident.created'],
    })
    const secret = target.newSecret!
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(24)
    expect(target.hasSecret).toBe(true)
    // Shown once: no list, and no later answer, carries it.
    expect(JSON.stringify(await t.api['targets.list']({}))).not.toContain(secret)
    const renamed = await t.api['targets.update']({ id: target.id, name: 'Audit' })
    expect(renamed.newSecret).toBeUndefined()
    await incident(t)
    await eventually(() => expect(receiver!.received).toHaveLength(1))
    const [req] = receiver.received
    expect(() => new Webhook(secret).verify(req!.body, req!.headers)).not.toThrow()
    // Switching a target to Standard Webhooks without a secret makes one too; each target gets its own.
    const plain = await t.api['targets.create']({ name: 'Plain', url: receiver.url })
    expect(plain.newSecret).toBeUndefined()
    const switched = await t.api['targets.update']({ id: plain.id, signing: 'standard-webhooks' })
    expect(switched.newSecret).toMatch(/^whsec_/)
    expect(switched.newSecret).not.toBe(secret)
  })

  it('matches the Standard Webhooks test vector', async () => {
    const { signStandardWebhooks } = await import('../../src/main/core/forward/signing')
    expect(
      signStandardWebhooks(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      )['webhook-signature'],
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })
})

describe('delivery', () => {
  it('retries a target that fails twice, then delivers the event once, with the same webhook-id', async () => {
    receiver = await startReceiver((_req, n) => (n <= 2 ? { status: 503 } : { status: 200, body: 'ok' }))
    t = await startCore({ forwardRetryDelaysMs: FAST })
    const target = await t.api['targets.create']({
      name: 'Flaky',
      url: receiver.url,
      signing: 'standard-webhooks',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    })
    const i = await incident(t)
    await t.api['incidents.forward']({ id: i.id, targetId: target.id })
    await eventually(async () => {
      const detail = await t!.api['incidents.get']({ id: i.id })
      expect(detail.timeline.map((e) => e.text)).toContain('forwarded to Flaky → 200 on attempt 3')
    })
    expect(receiver.received).toHaveLength(3)
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1)
    const texts = (await t.api['incidents.get']({ id: i.id })).timeline.map((e) => e.text)
    expect(texts).toContain('queued forward to Flaky')
    expect(texts).toContain('forwarded to Flaky attempt 1 failed (HTTP 503); retrying in 0.1 s')
  })

  it('shows each attempt on the timeline with its time and answer: 500, 500, then 200', async () => {
    receiver = await startReceiver((_req, n) => (n <= 2 ? { status: 500, body: 'upstream error' } : { status: 200 }))
    t = await startCore({ forwardRetryDelaysMs: FAST })
    const target = await t.api['targets.create']({ name: 'Team webhook', url: receiver.url })
    const i = await incident(t)
    await t.api['incidents.forward']({ id: i.id, targetId: target.id })
    const forwards = async () =>
      (await t!.api['incidents.get']({ id: i.id })).timeline.filter((e) => e.type === 'forward' && !e.text.startsWith('queued'))
    await eventually(async () => expect((await forwards()).at(-1)?.text).toMatch(/→ 200/))
    const lines = await forwards()
    expect(lines.map((e) => e.text)).toEqual([
      'forwarded to Team webhook attempt 1 failed (HTTP 500); retrying in 0.1 s',
      'forwarded to Team webhook attempt 2 failed (HTTP 500); retrying in 0.2 s',
      'forwarded to Team webhook → 200 on attempt 3',
    ])
    // Each line is its own row at the time of its attempt (the retries wait), none folded into another.
    expect(new Set(lines.map((e) => e.id)).size).toBe(3)
    expect(lines.every((e) => !e.count)).toBe(true)
    const times = lines.map((e) => Date.parse(e.at))
    expect(times[1]).toBeGreaterThan(times[0]!)
    expect(times[2]).toBeGreaterThan(times[1]!)
    expect(receiver.received).toHaveLength(3)
  })

  it('a 410 disables the target and says so', async () => {
    receiver = await startReceiver(() => ({ status: 410 }))
    t = await startCore({ forwardRetryDelaysMs: FAST })
    const target = await t.api['targets.create']({ name: 'Gone', url: receiver.url })
    const i = await incident(t)
    await t.api['incidents.forward']({ id: i.id, targetId: target.id })
    await eventually(async () =>
      expect((await t!.api['targets.list']({}))[0]).toMatchObject({
        enabled: false,
        disabledReason: expect.stringMatching(/^410 Gone/),
      }),
    )
    await expect(t.api['incidents.forward']({ id: i.id, targetId: target.id })).rejects.toThrow(/disabled/)
    expect((await t.api['forwards.failed']({}))[0]).toMatchObject({ lastStatus: 410, state: 'failed' })
  })

  it('another 4xx fails without retry and lands in the dead letters; retry now sends it again', async () => {
    receiver = await startReceiver((_r, n) => (n === 1 ? { status: 422, body: 'bad field' } : { status: 204 }))
    t = await startCore({ forwardRetryDelaysMs: FAST })
    const target = await t.api['targets.create']({ name: 'Strict', url: receiver.url })
    const i = await incident(t)
    await t.api['incidents.forward']({ id: i.id, targetId: target.id })
    await eventually(async () => expect(await t!.api['forwards.failed']({})).toHaveLength(1))
    // Nothing is due any more once the forwarder has finished with it: no retry was scheduled.
    await t.core.forwarder.drain()
    expect(receiver.received).toHaveLength(1)
    const [failed] = await t.api['forwards.failed']({})
    expect(failed).toMatchObject({ targetName: 'Strict', lastStatus: 422, lastError: 'HTTP 422: the receiver refused it' })
    await t.api['forwards.retry']({ id: failed!.id })
    await eventually(() => expect(receiver!.received).toHaveLength(2))
    await eventually(async () => expect(await t!.api['forwards.failed']({})).toHaveLength(0))
  })

  it('honours Retry-After', async () => {
    receiver = await startReceiver((_r, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }))
    // The forwarder's clock is the test's: the next attempt is due exactly 1 s after the 429, whatever the load.
    let clock = Date.parse('2026-11-20T10:00:00Z')
    t = await startCore({ forwardRetryDelaysMs: FAST, now: () => clock })
    const target = await t.api['targets.create']({ name: 'Throttled', url: receiver.url })
    const i = await incident(t)
    await t.api['incidents.forward']({ id: i.id, targetId: target.id })
    await eventually(() => expect(receiver!.received).toHaveLength(1))
    await t.core.forwarder.drain()
    clock += 999 // the schedule alone (FAST: 100 ms ± 20 %) would have retried by now
    await t.core.forwarder.drain()
    expect(receiver.received).toHaveLength(1)
    clock += 1
    await t.core.forwarder.drain()
    expect(receiver.received).toHaveLength(2)
  })

  it('auto-forwards by rule: events and minimum severity', async () => {
    receiver = await startReceiver()
    t = await startCore({ forwardRetryDelaysMs: FAST })
    await t.api['targets.create']({
      name: 'Pager',
      url: receiver.url,
      events: ['incident.created', 'incident.acknowledged'],
      filters: { minSeverity: 'critical' },
    })
    const i = await incident(t)
    await incident(t, { dedup_key: 'minor', severity: 'warning', summary: 'Minor thing' })
    await t.api['incidents.acknowledge']({ id: i.id })
    await eventually(() =>
      expect(receiver!.received.map((r) => JSON.parse(r.body).event)).toEqual(['incident.created', 'incident.acknowledged']),
    )
  })

  it('Test reports status, latency and an excerpt of the answer', async () => {
    receiver = await startReceiver(() => ({ status: 202, body: '{"accepted":true}' }))
    t = await startCore()
    const target = await t.api['targets.create']({ name: 'Test me', url: receiver.url })
    expect(await t.api['targets.test']({ id: target.id })).toMatchObject({
      ok: true,
      status: 202,
      bodyExcerpt: '{"accepted":true}',
      error: null,
      latencyMs: expect.any(Number),
    })
    await receiver.stop()
    receiver = null
    expect(await t.api['targets.test']({ id: target.id })).toMatchObject({
      ok: false,
      status: null,
      error: expect.stringMatching(/could not connect/),
    })
  })
})

describe('targets', () => {
  it('refuses non-http URLs, unknown events and signing without a secret', async () => {
    t = await startCore()
    await expect(t.api['targets.create']({ name: 'x', url: 'file:///etc/passwd' })).rejects.toThrow(/only http\(s\)/)
    await expect(t.api['targets.create']({ name: 'x', url: 'https://ok.example', events: ['nope' as never] })).rejects.toThrow(
      /event "nope"/,
    )
    await expect(t.api['targets.create']({ name: 'x', url: 'https://ok.example', signing: 'hmac-sha256' })).rejects.toThrow(
      /needs a secret/,
    )
    await expect(
      t.api['targets.create']({ name: 'x', url: 'https://ok.example', signing: 'standard-webhooks', secret: 'plain' }),
    ).rejects.toThrow(/whsec_/)
  })

  it('previews a template against an incident and refuses invalid JSON with the line', async () => {
    t = await startCore()
    const i = await incident(t)
    const ok = await t.api['targets.preview']({
      target: { name: 'p', url: 'https://x.example', template: '{"text": "{{INCIDENT_TITLE}} ({{SOURCE_NAME}})"}' },
      incidentId: i.id,
    })
    expect(ok).toMatchObject({ ok: true, body: '{"text": "Payment API down (Gateway)"}' })
    const bad = await t.api['targets.preview']({
      target: { name: 'p', url: 'https://x.example', template: '{\n"text": {{INCIDENT_TITLE}}\n}' },
      incidentId: i.id,
    })
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON, line 2, column 9: .*\n2 \| "text": /) })
  })

  it('keeps write-only secrets on update and uses them in headers', async () => {
    receiver = await startReceiver()
    t = await startCore({ forwardRetryDelaysMs: FAST })
    const preset = (await t.api['targets.presets']({})).find((p) => p.preset === 'opsgenie')!
    const target = await t.api['targets.create']({
      ...preset,
      url: receiver.url,
      events: ['incident.forwarded'],
      secrets: { API_KEY: 'genie-123' },
    })
    expect(target.secretNames).toEqual(['API_KEY'])
    await t.api['targets.update']({ id: target.id, name: 'Opsgenie (renamed)' })
    const i = await incident(t)
    await t.api['incidents.forward']({ id: i.id, targetId: target.id })
    await eventually(() => expect(receiver!.received).toHaveLength(1))
    expect(receiver.received[0]!.headers.authorization).toBe('GenieKey genie-123')
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      message: 'Payment API down',
      priority: 'P1',
      alias: `hookbell-${i.id}`,
    })
  })
})
