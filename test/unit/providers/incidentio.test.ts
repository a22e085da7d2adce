import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'
import { standardWebhookHeaders } from '../../helpers/sign'

const incidentio = PROVIDERS.get('incidentio')!
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const now = Date.parse('2026-03-01T10:00:00Z')

describe('incidentio.verify', () => {
  const body = fixture('incidentio', 'incident_created')
  it('verifies the Standard Webhooks signature with the endpoint signing secret', () => {
    const headers = standardWebhookHeaders(SECRET, body, Math.floor(now / 1000))
    expect(incidentio.verify(rawRequest(body, headers), [SECRET], now)).toEqual({ ok: true })
    expect(incidentio.verify(rawRequest(body, headers), [], now)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/paste the signing secret/),
    })
    expect(incidentio.verify(rawRequest(body), [SECRET], now)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^webhook-signature missing/),
    })
  })
})

describe('incidentio.normalize', () => {
  it('opens an incident for incident_created_v2, field by field', () => {
    const [e] = normalizeWith('incidentio', fixture('incidentio', 'incident_created'))
    expect(e).toEqual({
      dedupKey: 'incident:01FDAG4SAP5TYPT98WGR2N7W91',
      action: 'trigger',
      kind: 'alert',
      title: 'INC-123: Our database is sad',
      severity: 'warning',
      app: 'Production Outage',
      environment: null,
      url: 'https://app.incident.io/incidents/123',
      occurredAt: Date.parse('2021-08-17T13:28:57.801Z'),
      sourceTimestamp: Date.parse('2021-08-17T13:28:57.801Z'),
      facts: {
        summary: "Our database is really really sad, and we don't know why yet.",
        severity: 'Minor',
        status: 'Investigating',
        'status category': 'live',
        visibility: 'public',
        mode: 'standard',
        'last event': 'public_incident.incident_created_v2',
      },
    })
  })

  it('resolves it when the status moves to a closed category, later than it opened', () => {
    const [opened] = normalizeWith('incidentio', fixture('incidentio', 'incident_created'))
    const [closed] = normalizeWith('incidentio', fixture('incidentio', 'incident_status_closed'))
    expect(closed).toMatchObject({ action: 'resolve', dedupKey: opened!.dedupKey, facts: { status: 'Closed' } })
    expect(closed!.sourceTimestamp!).toBeGreaterThan(opened!.sourceTimestamp!)
  })

  it.each([
    ['triage', 'trigger'],
    ['learning', 'resolve'],
    ['declined', 'resolve'],
    ['merged', 'resolve'],
    ['canceled', 'resolve'],
    ['something-new', 'pending'],
  ])('an update into the %s category is a %s', (category, action) => {
    const body = fixture('incidentio', 'incident_created')
      .replaceAll('incident_created_v2', 'incident_updated_v2')
      .replace('"category": "live"', `"category": "${category}"`)
    expect(normalizeWith('incidentio', body)[0]!.action).toBe(action)
  })

  it('opens a private incident from its id alone, and records other event types with a note', () => {
    expect(normalizeWith('incidentio', fixture('incidentio', 'private_incident_created'))[0]).toMatchObject({
      dedupKey: 'incident:01FDAG4SAP5TYPT98WGR2N7W92',
      action: 'trigger',
      title: 'Private incident (details in incident.io)',
    })
    const followUp = fixture('incidentio', 'follow_up_updated')
    expect(incidentio.normalize(JSON.parse(followUp), rawRequest(followUp))).toEqual({
      ok: true,
      events: [],
      note: 'incident.io public_incident.follow_up_updated_v2 recorded; not an incident change Hookbell reads',
    })
    expect(incidentio.normalize({ id: 'x' }, rawRequest('{}'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no event_type/),
    })
  })
})
