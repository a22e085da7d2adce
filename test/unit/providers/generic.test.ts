import { describe, expect, it } from 'vitest'
import { generic, mapGenericSeverity, mapGenericStatus } from '../../../src/main/core/providers/generic'
import { fixture } from '../../fixtures/load'
import { rawRequest } from '../../helpers/request'
import { hmacHex } from '../../helpers/sign'

const SECRET = 'hbk_generic-secret-one'
const body = fixture('generic', 'triggered')
const verify = (b: string, headers: Record<string, string>, secrets: string[] = [SECRET]) =>
  generic.verify(rawRequest(b, headers), secrets, Date.now())
const normalize = (b: string) => {
  const result = generic.normalize(JSON.parse(b), rawRequest(b))
  if (!result.ok) throw new Error(result.reason)
  return result.events
}

describe('generic.verify (docs/providers.md: optional sha256= HMAC in X-Signature or X-Webhook-Signature)', () => {
  it('accepts a valid X-Signature', () => {
    expect(verify(body, { 'X-Signature': `sha256=${hmacHex(SECRET, body)}` })).toEqual({ ok: true })
  })
  it('accepts a valid X-Webhook-Signature', () => {
    expect(verify(body, { 'X-Webhook-Signature': `sha256=${hmacHex(SECRET, body)}` })).toEqual({ ok: true })
  })
  it('rejects a tampered body with 401', () => {
    const signature = `sha256=${hmacHex(SECRET, body)}`
    const result = verify(body.replace('critical', 'info'), { 'X-Signature': signature })
    expect(result).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/signature mismatch/) })
  })
  it('rejects a signature made with the wrong secret', () => {
    expect(verify(body, { 'X-Signature': `sha256=${hmacHex('another-secret', body)}` })).toMatchObject({ ok: false, status: 401 })
  })
  it('accepts the old secret while a rotated one is added', () => {
    const signedWithOld = { 'X-Signature': `sha256=${hmacHex(SECRET, body)}` }
    expect(verify(body, signedWithOld, ['hbk_new-secret', SECRET])).toEqual({ ok: true })
    expect(verify(body, signedWithOld, ['hbk_new-secret'])).toMatchObject({ ok: false })
  })
  it('says which header is missing when the integration has a secret', () => {
    expect(verify(body, {})).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/^X-Signature missing/) })
  })
  it('accepts unsigned deliveries when the integration has no secret', () => {
    expect(verify(body, {}, [])).toEqual({ ok: true })
  })
  it('rejects a signature of a different length without throwing', () => {
    expect(verify(body, { 'X-Signature': 'sha256=abc' })).toMatchObject({ ok: false, status: 401 })
  })
})

describe('generic field mapping (OpsKnight tables, docs/providers.md)', () => {
  it.each([
    ['summary', { summary: 'A', title: 'B', message: 'C', name: 'D' }, 'A'],
    ['title', { title: 'B', message: 'C', name: 'D' }, 'B'],
    ['message', { message: 'C', name: 'D' }, 'C'],
    ['name', { name: 'D' }, 'D'],
  ])('takes the title from %s first', (_field, payload, title) => {
    expect(normalize(JSON.stringify(payload))[0]!.title).toBe(title)
  })

  it.each([
    ['dedup_key', { dedup_key: 'k1', id: 'k2', alert_id: 'k3', summary: 'x' }, 'k1'],
    ['id', { id: 'k2', alert_id: 'k3', summary: 'x' }, 'k2'],
    ['alert_id', { alert_id: 'k3', summary: 'x' }, 'k3'],
  ])('takes the dedup key from %s first', (_field, payload, key) => {
    expect(normalize(JSON.stringify(payload))[0]!.dedupKey).toBe(key)
  })

  it.each([
    ['severity', { severity: 'low', level: 'critical', priority: 'critical', summary: 'x' }, 'info'],
    ['level', { level: 'error', priority: 'critical', summary: 'x' }, 'error'],
    ['priority', { priority: 'medium', summary: 'x' }, 'warning'],
  ])('takes the severity from %s first', (_field, payload, severity) => {
    expect(normalize(JSON.stringify(payload))[0]!.severity).toBe(severity)
  })

  it.each([
    ['status', { status: 'resolved', action: 'triggered', state: 'triggered', summary: 'x' }, 'resolve'],
    ['action', { action: 'ack', state: 'triggered', summary: 'x' }, 'acknowledge'],
    ['state', { state: 'fixed', summary: 'x' }, 'resolve'],
  ])('takes the status from %s first', (_field, payload, action) => {
    expect(normalize(JSON.stringify(payload))[0]!.action).toBe(action)
  })

  it.each([
    ['source', { source: 'S1', origin: 'S2', system: 'S3', summary: 'x' }, 'S1'],
    ['origin', { origin: 'S2', system: 'S3', summary: 'x' }, 'S2'],
    ['system', { system: 'S3', summary: 'x' }, 'S3'],
  ])('takes the source from %s first', (_field, payload, source) => {
    expect(normalize(JSON.stringify(payload))[0]!.facts?.source).toBe(source)
  })

  it.each([
    ['triggered', 'trigger'],
    ['fired', 'trigger'],
    ['alert', 'trigger'],
    ['critical', 'trigger'],
    ['error', 'trigger'],
    ['open', 'trigger'],
    ['resolved', 'resolve'],
    ['ok', 'resolve'],
    ['normal', 'resolve'],
    ['closed', 'resolve'],
    ['fixed', 'resolve'],
    ['acknowledge', 'acknowledge'],
    ['ack', 'acknowledge'],
    ['RESOLVED', 'resolve'],
    ['something-else', 'trigger'],
    [undefined, 'trigger'],
  ])('maps status %s to %s', (input, action) => {
    expect(mapGenericStatus(input)).toBe(action)
  })

  it.each([
    ['critical', 'critical'],
    ['high', 'critical'],
    ['error', 'error'],
    ['warning', 'warning'],
    ['medium', 'warning'],
    ['info', 'info'],
    ['low', 'info'],
    ['Critical', 'critical'],
    ['p1', 'warning'],
    [undefined, 'warning'],
  ])('maps severity %s to %s', (input, severity) => {
    expect(mapGenericSeverity(input)).toBe(severity)
  })
})

describe('generic.normalize', () => {
  it('turns the documented payload into an alert incident, field by field', () => {
    const [event] = normalize(body)
    expect(event).toEqual({
      dedupKey: 'db-timeout-api-gateway',
      action: 'trigger',
      kind: 'alert',
      title: 'Database connection timeout',
      severity: 'critical',
      app: 'api-gateway-monitor',
      environment: 'production',
      url: 'https://grafana.example.com/d/abc/api-gateway',
      occurredAt: Date.parse('2024-01-15T10:30:00Z'),
      facts: { source: 'api-gateway-monitor', description: 'Connection pool exhausted after 30 s (max 50 connections)' },
    })
  })

  it('keeps unicode text and ignores unknown fields', () => {
    const [event] = normalize(fixture('generic', 'unicode'))
    expect(event).toMatchObject({
      title: 'Zeitüberschreitung bei der Datenbank — ダウン 🔥',
      severity: 'warning',
      action: 'trigger',
      dedupKey: 'ünïcödé-1',
    })
  })

  it('derives a stable dedup key from source and title when none is given', () => {
    const a = normalize(JSON.stringify({ summary: 'Disk full', source: 'db-1' }))[0]!.dedupKey
    const b = normalize(JSON.stringify({ summary: 'Disk full', source: 'db-1', status: 'resolved' }))[0]!.dedupKey
    const c = normalize(JSON.stringify({ summary: 'Disk full', source: 'db-2' }))[0]!.dedupKey
    expect(a).toBe(b)
    expect(a).not.toBe(c)
  })

  it('drops links that are not http(s)', () => {
    expect(normalize(JSON.stringify({ summary: 'x', url: 'javascript:alert(1)' }))[0]!.url).toBeNull()
    expect(normalize(JSON.stringify({ summary: 'x', url: 'file:///etc/passwd' }))[0]!.url).toBeNull()
  })

  it('refuses a payload that is not an object', () => {
    expect(generic.normalize([1, 2], rawRequest('[1,2]'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/JSON object/),
    })
    expect(generic.normalize('text', rawRequest('"text"'))).toMatchObject({ ok: false })
  })
})
