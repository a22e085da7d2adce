import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { v1Signatures } from '../../../src/main/core/providers/pagerduty'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'
import { hmacHex } from '../../helpers/sign'

const pagerduty = PROVIDERS.get('pagerduty')!
const SECRET = 'pd-signing-secret-new'
const OLD = 'pd-signing-secret-old'
const now = Date.parse('2026-03-01T10:00:00Z')

describe('pagerduty.verify', () => {
  const body = fixture('pagerduty', 'triggered')
  const verify = (signature: string | undefined, secrets = [SECRET]) =>
    pagerduty.verify(rawRequest(body, signature === undefined ? {} : { 'x-pagerduty-signature': signature }), secrets, now)

  it('verifies the raw UTF-8 bytes (the fixture has a non-ASCII title)', () => {
    expect(body).toContain('Zürich')
    expect(verify(`v1=${hmacHex(SECRET, Buffer.from(body, 'utf8'))}`)).toEqual({ ok: true })
  })

  it('accepts any v1= of a rotation header, old or new secret, as PagerDuty sends both while it rotates', () => {
    const header = `v1=${hmacHex(SECRET, body)},v1=${hmacHex(OLD, body)}`
    expect(v1Signatures(header)).toHaveLength(2)
    expect(verify(header, [OLD])).toEqual({ ok: true })
    expect(verify(header, [SECRET])).toEqual({ ok: true })
    expect(verify(` v1=${'0'.repeat(64)}, v1=${hmacHex(SECRET, body)}`)).toEqual({ ok: true })
  })

  it('refuses a signature with another secret, a header without v1=, a missing header, and no secret', () => {
    expect(verify(`v1=${hmacHex('not-it', body)}`)).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/^signature mismatch/),
    })
    expect(verify(`v0=${hmacHex(SECRET, body)}`)).toMatchObject({ ok: false, reason: expect.stringMatching(/no v1= signature/) })
    expect(verify(undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^X-PagerDuty-Signature missing: is this a v3/),
    })
    expect(verify(`v1=${hmacHex(SECRET, body)}`, [])).toMatchObject({ ok: false, reason: expect.stringMatching(/paste/) })
  })
})

describe('pagerduty.normalize', () => {
  it('reads incident.triggered field by field', () => {
    const [e] = normalizeWith('pagerduty', fixture('pagerduty', 'triggered'))
    expect(e).toEqual({
      dedupKey: 'incident:PGR0VU2',
      action: 'trigger',
      kind: 'alert',
      title: 'A little bump in the road — Zürich DC',
      severity: 'critical',
      app: 'API Service',
      environment: null,
      url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      occurredAt: Date.parse('2020-10-02T18:40:12.000Z'),
      sourceTimestamp: Date.parse('2020-10-02T18:40:12.000Z'),
      sourceNote: undefined,
      facts: {
        number: '2',
        'PagerDuty status': 'triggered',
        urgency: 'high',
        priority: 'P1',
        assignees: 'User 123',
        'escalation policy': 'Default',
        teams: 'Engineering',
        'last event': 'incident.triggered',
        by: 'Tenex Engineer',
      },
    })
  })

  it('acknowledges, resolves, and keeps a priority change on the timeline without changing the status', () => {
    expect(normalizeWith('pagerduty', fixture('pagerduty', 'acknowledged'))[0]).toMatchObject({ action: 'acknowledge' })
    expect(normalizeWith('pagerduty', fixture('pagerduty', 'resolved'))[0]).toMatchObject({
      action: 'resolve',
      dedupKey: 'incident:PGR0VU2',
    })
    expect(normalizeWith('pagerduty', fixture('pagerduty', 'priority_updated'))[0]).toMatchObject({
      action: 'pending',
      sourceNote: 'PagerDuty: priority updated by Tenex Engineer',
    })
  })

  it('maps unacknowledged and reopened back to a trigger, escalated to the timeline', () => {
    const as = (type: string) =>
      normalizeWith('pagerduty', fixture('pagerduty', 'triggered').replace('incident.triggered', type))[0]!.action
    expect(as('incident.unacknowledged')).toBe('trigger')
    expect(as('incident.reopened')).toBe('trigger')
    expect(as('incident.escalated')).toBe('pending')
  })

  it('records a note (incident_note data) without an incident, and refuses a v2 body with a reason', () => {
    const request = rawRequest('{}')
    expect(pagerduty.normalize(JSON.parse(fixture('pagerduty', 'annotated')), request)).toEqual({
      ok: true,
      events: [],
      note: 'PagerDuty incident.annotated recorded; not an incident change',
    })
    expect(pagerduty.normalize({ messages: [] }, request)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/PagerDuty v3 webhook \(not v2\)/),
    })
  })
})
