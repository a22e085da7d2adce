// Better Stack Uptime incident webhooks, read from its documented example (test/fixtures/betterstack/README.md),
// authenticated by the basic-auth password or Authorization header its outgoing webhook can send.
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'

const betterstack = PROVIDERS.get('betterstack')!
const SECRET = 'betterstack-secret-0123456789'
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

describe('betterstack.normalize', () => {
  it('reads the documented incident webhook, field by field', () => {
    const [e] = normalizeWith('betterstack', fixture('betterstack', 'acknowledged'))
    expect(e).toEqual({
      dedupKey: 'incident:1',
      action: 'acknowledge',
      kind: 'check',
      title: 'Tesla.com homepage: Error 500',
      severity: 'critical',
      app: null,
      environment: null,
      url: null,
      occurredAt: Date.parse('2020-02-25T17:38:45.768Z'),
      sourceTimestamp: Date.parse('2020-10-21T10:51:28.151Z'),
      check: { name: 'Tesla.com homepage', checkId: '4', checkType: 'http', errorMessage: 'Error 500' },
      facts: { 'monitored URL': 'https://tesla.com', monitor: '4' },
    })
  })

  it('started opens, resolved closes the same incident, and a late started changes nothing after it', () => {
    const [started] = normalizeWith('betterstack', fixture('betterstack', 'started'))
    const [resolved] = normalizeWith('betterstack', fixture('betterstack', 'resolved'))
    expect(started).toMatchObject({ dedupKey: 'incident:1', action: 'trigger' })
    expect(resolved).toMatchObject({
      dedupKey: 'incident:1',
      action: 'resolve',
      occurredAt: Date.parse('2020-10-21T11:02:13.402Z'),
    })
    expect(resolved!.sourceTimestamp).toBeGreaterThan(started!.sourceTimestamp!)
  })

  it('reads the incident status when the body has no event', () => {
    const [e] = normalizeWith('betterstack', fixture('betterstack', 'resolved-status'))
    expect(e).toMatchObject({
      dedupKey: 'incident:1',
      action: 'resolve',
      app: 'Tesla',
      facts: { 'resolved by': 'Automatically' },
    })
    const validating = fixture('betterstack', 'resolved-status').replace('"Resolved"', '"Validating"')
    expect(normalizeWith('betterstack', validating)[0]).toMatchObject({ action: 'pending' })
  })

  it('records a monitor or on-call webhook and an unknown state as no incident, with the reason', () => {
    const monitor = betterstack.normalize(
      { event: 'created', data: { id: '1', type: 'monitor', attributes: {} } },
      rawRequest('{}'),
    )
    expect(monitor).toEqual({
      ok: true,
      events: [],
      note: 'Better Stack "monitor" webhook recorded; only incidents become incidents',
    })
    const odd = JSON.parse(fixture('betterstack', 'started').replace('"event": "started"', '"event": "escalated"'))
    expect(betterstack.normalize(odd, rawRequest('{}'))).toMatchObject({
      ok: true,
      events: [],
      note: expect.stringMatching(/"escalated" recorded/),
    })
  })

  it('refuses a custom body template with the reason', () => {
    expect(betterstack.normalize({ title: 'down' }, rawRequest('{}'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/default incident body/),
    })
  })
})

describe('betterstack.verify', () => {
  const body = fixture('betterstack', 'started')
  const verify = (headers: Record<string, string>, secrets = [SECRET]) =>
    betterstack.verify(rawRequest(body, headers), secrets, Date.now())

  it('accepts the secret as the basic-auth password (any username) or as a bearer header', () => {
    expect(verify({ authorization: basic('betterstack', SECRET) })).toEqual({ ok: true })
    expect(verify({ authorization: `Bearer ${SECRET}` })).toEqual({ ok: true })
  })

  it('refuses a stranger: no credential, another password', () => {
    expect(verify({})).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/^Authorization missing: set Better Stack's outgoing webhook/),
    })
    expect(verify({ authorization: basic('betterstack', 'guess') })).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/basic-auth password/),
    })
  })

  it('lets a relay vouch for it: its only credential is the Authorization header', () => {
    expect(betterstack.relayMayVouch?.({})).toBe(true)
  })
})
