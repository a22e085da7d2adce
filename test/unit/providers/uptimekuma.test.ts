// Uptime Kuma webhook notifications, read as its webhook.js posts them (test/fixtures/uptimekuma/README.md),
// authenticated by the "Additional Headers" Authorization it lets a user add.
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { parseBounded } from '../../../src/main/core/limits/json-limits'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'

const kuma = PROVIDERS.get('uptimekuma')!
const SECRET = 'kuma-secret-0123456789abcdef'
const now = Date.now()

describe('uptimekuma.normalize', () => {
  it('reads a down heartbeat: the monitor, the reason, and the time as UTC', () => {
    const [e] = normalizeWith('uptimekuma', fixture('uptimekuma', 'down'))
    expect(e).toEqual({
      dedupKey: 'monitor:29',
      action: 'trigger',
      kind: 'check',
      title: 'Test is down: getaddrinfo ENOTFOUND test.com',
      severity: 'critical',
      app: null,
      environment: null,
      url: null,
      occurredAt: Date.parse('2024-09-24T23:51:35.527Z'),
      sourceTimestamp: Date.parse('2024-09-24T23:51:35.527Z'),
      reminder: false,
      check: { name: 'Test', checkId: '29', checkType: 'http', errorMessage: 'getaddrinfo ENOTFOUND test.com' },
      facts: {
        'monitored URL': 'https://test.com',
        message: '[Test] [🔴 Down] getaddrinfo ENOTFOUND test.com',
        'local time': '2024-09-24 16:51:35 America/Los_Angeles',
      },
    })
  })

  it('resolves the monitor on the up heartbeat that follows, later by its own time', () => {
    const [down] = normalizeWith('uptimekuma', fixture('uptimekuma', 'down'))
    const [up] = normalizeWith('uptimekuma', fixture('uptimekuma', 'up'))
    expect(up).toMatchObject({ dedupKey: down!.dedupKey, action: 'resolve', title: 'Test is up', check: { responseTimeMs: 212 } })
    expect(up!.sourceTimestamp! - down!.sourceTimestamp!).toBe(120_084)
  })

  it.each([
    [2, 'pending', 'Test is pending'],
    [3, 'pending', 'Test is under maintenance'],
  ])('status %i is %s, leaving the incident as it is', (status, action, title) => {
    const body = fixture('uptimekuma', 'down').replace('"status":0', `"status":${status}`)
    expect(normalizeWith('uptimekuma', body)[0]).toMatchObject({ action, title, severity: 'info' })
  })

  it('counts a repeated down (not important) without a new toast', () => {
    const body = fixture('uptimekuma', 'down').replace('"important":true', '"important":false')
    expect(normalizeWith('uptimekuma', body)[0]).toMatchObject({ action: 'trigger', reminder: true })
  })

  it('records the test button and an unknown status, with the reason, as no incident', () => {
    const test = kuma.normalize(JSON.parse(fixture('uptimekuma', 'test')), rawRequest('{}'))
    expect(test).toMatchObject({ ok: true, events: [], note: expect.stringMatching(/without a heartbeat.*Hookbell Testing/) })
    const odd = JSON.parse(fixture('uptimekuma', 'down').replace('"status":0', '"status":7'))
    expect(kuma.normalize(odd, rawRequest('{}'))).toMatchObject({
      ok: true,
      events: [],
      note: expect.stringMatching(/status 7 recorded/),
    })
  })

  it('reads the form-data encoding (the JSON in its "data" field) as the JSON one', () => {
    const json = fixture('uptimekuma', 'down').trim()
    const boundary = '--------------------------975520381227425613734521'
    const form = `${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n${json}\r\n${boundary}--\r\n`
    const parsed = parseBounded(Buffer.from(form), kuma.parse!.bind(kuma))
    expect(parsed).toEqual({ ok: true, value: JSON.parse(json) })
  })

  it('refuses a custom body with what to choose in Uptime Kuma', () => {
    expect(kuma.normalize({ text: 'Test is down' }, rawRequest('{}'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Request Body to application\/json/),
    })
  })
})

describe('uptimekuma.verify', () => {
  const body = fixture('uptimekuma', 'down')
  const verify = (headers: Record<string, string>, secrets = [SECRET]) => kuma.verify(rawRequest(body, headers), secrets, now)

  it('accepts the bearer secret set in Additional Headers, and the previous one during a rotation', () => {
    expect(verify({ authorization: `Bearer ${SECRET}` })).toEqual({ ok: true })
    expect(verify({ authorization: 'Bearer old' }, [SECRET, 'old'])).toEqual({ ok: true })
  })

  it('refuses a stranger: no header, another token, another scheme', () => {
    expect(verify({})).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/^Authorization missing: set Uptime Kuma's "Additional Headers"/),
    })
    expect(verify({ authorization: `Bearer ${SECRET}x` })).toMatchObject({ ok: false, status: 401 })
    expect(verify({ authorization: `Token ${SECRET}` })).toMatchObject({ ok: false, status: 401 })
  })

  it('lets a relay vouch for it: its only credential is the Authorization header', () => {
    expect(kuma.relayMayVouch?.({})).toBe(true)
  })
})
