// The PagerDuty tool against PagerDuty's REST API v2 as documented: Update an incident (PUT /incidents/{id}),
// Snooze an incident (POST /incidents/{id}/snooze), the Token auth and versioned Accept headers, the From user,
// and the `{ error: { message, code, errors } }` bodies (https://developer.pagerduty.com/docs/rest-api-v2/errors/).
import { afterEach, describe, expect, it } from 'vitest'
import { pagerdutyTool as tool } from '../../../src/main/core/source-actions/tools/pagerduty'
import type { SourceConnection } from '../../../src/main/core/source-actions/types'
import {
  actionInput,
  incidentFromSample,
  NOW,
  requestOf,
  send,
  standIn,
  type Received,
  type StandIn,
} from '../../helpers/source-actions'

const KEY = 'y_NbAkKc66ryYTWUXYEu'
const connection = (apiUrl = 'https://api.pagerduty.com', user = 'ana@example.com'): SourceConnection => ({
  apiUrl,
  credential: KEY,
  user,
  silenceMinutes: 60,
})
const { incident, raw } = incidentFromSample('pagerduty', 'triggered')
const acknowledged = { ...incident, status: 'acknowledged' as const }

/** The incident PagerDuty answers an update with, shaped like its reference's example. */
function pdIncident(status: string) {
  return {
    incident: {
      id: 'PGR0VU2',
      type: 'incident',
      summary: '[#2] Checkout API error rate above 5%',
      self: 'https://api.pagerduty.com/incidents/PGR0VU2',
      html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      incident_number: 2,
      title: 'Checkout API error rate above 5%',
      created_at: '2026-03-01T09:50:00Z',
      status,
      incident_key: 'd3640fbd41094207a1c11e58e46b1662',
      service: { id: 'PF9KMXH', type: 'service_reference', summary: 'Checkout API' },
      acknowledgements:
        status === 'acknowledged'
          ? [{ at: '2026-03-01T10:00:00Z', acknowledger: { id: 'PTUXL6G', type: 'user_reference', summary: 'Ana Lima' } }]
          : [],
      urgency: 'high',
    },
  }
}

const WRITE_HEADERS = {
  Authorization: `Token token=${KEY}`,
  Accept: 'application/vnd.pagerduty+json;version=2',
  'Content-Type': 'application/json',
  From: 'ana@example.com',
}

describe('pagerduty tool: plan', () => {
  it('acknowledges and resolves with PUT /incidents/{id} and an incident_reference, as the user in From', () => {
    expect(requestOf(tool.plan(actionInput('acknowledge', incident, connection())))).toEqual({
      method: 'PUT',
      path: '/incidents/PGR0VU2',
      headers: WRITE_HEADERS,
      body: { incident: { type: 'incident_reference', status: 'acknowledged' } },
    })
    expect(requestOf(tool.plan(actionInput('resolve', incident, connection())))).toEqual({
      method: 'PUT',
      path: '/incidents/PGR0VU2',
      headers: WRITE_HEADERS,
      body: { incident: { type: 'incident_reference', status: 'resolved' } },
    })
  })

  it('leaves From out when no user is set (a user API key acts as its own user)', () => {
    const request = requestOf(tool.plan(actionInput('acknowledge', incident, connection(undefined, '  '))))
    expect(request.headers).not.toHaveProperty('From')
    expect(request.headers.Authorization).toBe(`Token token=${KEY}`)
  })

  it('snoozes an acknowledged incident for the seconds until the snooze ends', () => {
    const until = NOW + 3_600_000
    expect(requestOf(tool.plan(actionInput('snooze', acknowledged, connection(), { until })))).toEqual({
      method: 'POST',
      path: '/incidents/PGR0VU2/snooze',
      headers: WRITE_HEADERS,
      body: { duration: 3600 },
    })
  })

  it('skips a snooze of an incident not acknowledged, since PagerDuty refuses it, and one already over', () => {
    expect(tool.plan(actionInput('snooze', incident, connection(), { until: NOW + 60_000 }))).toEqual({
      kind: 'skip',
      why: expect.stringMatching(/only acknowledged incidents/),
    })
    expect(tool.plan(actionInput('snooze', acknowledged, connection(), { until: NOW - 1 }))).toMatchObject({ kind: 'skip' })
    expect(tool.plan(actionInput('snooze', acknowledged, connection(), { until: null }))).toMatchObject({ kind: 'impossible' })
  })

  it('skips what the REST API cannot do, saying why', () => {
    for (const action of ['unacknowledge', 'reopen', 'extend'] as const)
      expect(tool.plan(actionInput(action, incident, connection()))).toEqual({
        kind: 'skip',
        why: expect.stringMatching(/PagerDuty/),
      })
    expect(tool.actions).toEqual(['acknowledge', 'resolve', 'snooze'])
  })

  it('cannot act on an incident without a PagerDuty incident id, or with an id that is not one', () => {
    for (const dedupKey of ['alert:052652ac', 'incident:', 'incident:PGR0VU2/../../users', 'incident:..', 'k1'])
      expect(tool.plan(actionInput('acknowledge', { ...incident, dedupKey }, connection()))).toEqual({
        kind: 'impossible',
        reason: expect.stringMatching(/no PagerDuty incident id/),
      })
  })

  it("suggests the API host the payload's self link names, else api.pagerduty.com", () => {
    expect(tool.suggestUrl(raw)).toBe('https://api.pagerduty.com')
    const eu = structuredClone(raw) as { event: { data: { self: string } } }
    eu.event.data.self = 'https://api.eu.pagerduty.com/incidents/PGR0VU2'
    expect(tool.suggestUrl(eu)).toBe('https://api.eu.pagerduty.com')
    eu.event.data.self = 'https://evil.example/incidents/PGR0VU2'
    expect(tool.suggestUrl(eu)).toBe('https://api.pagerduty.com')
    expect(tool.suggestUrl('not json')).toBe('https://api.pagerduty.com')
  })
})

describe('pagerduty tool: against a stand-in REST API', () => {
  let api: StandIn | undefined
  afterEach(async () => {
    await api?.close()
    api = undefined
  })

  /** PagerDuty as documented: the exact auth and Accept headers, From, and an incident_reference body. */
  function pagerDutyApi(request: Received) {
    if (request.headers.authorization !== `Token token=${KEY}`)
      return { status: 401, body: { error: { message: 'Authentication failed', code: 2006 } } }
    if (request.headers.accept !== 'application/vnd.pagerduty+json;version=2') return { status: 406, body: '' }
    if (request.method === 'GET' && request.url === '/incidents?limit=1&total=true')
      return { status: 200, body: { incidents: [pdIncident('triggered').incident], limit: 1, offset: 0, total: 42, more: true } }
    if (!request.headers['content-type']?.startsWith('application/json')) return { status: 415, body: '' }
    if (request.headers.from !== 'ana@example.com')
      return {
        status: 400,
        body: { error: { message: 'Invalid Input Provided', code: 2001, errors: ['Requester User Not Found'] } },
      }
    const body = request.body as { incident?: { type?: string; status?: string }; duration?: number }
    if (request.method === 'PUT' && request.url === '/incidents/PGR0VU2' && body.incident?.type === 'incident_reference')
      return { status: 200, body: pdIncident(body.incident.status ?? '') }
    if (request.method === 'POST' && request.url === '/incidents/PGR0VU2/snooze' && body.duration === 3600)
      return { status: 201, body: pdIncident('acknowledged') }
    return { status: 404, body: { error: { message: 'Not Found', code: 2100 } } }
  }

  it('acknowledges, resolves and snoozes, and reads the answer into the timeline line', async () => {
    api = await standIn(pagerDutyApi)
    const ack = actionInput('acknowledge', incident, connection(api.url))
    const ackAnswer = await send(api.url, requestOf(tool.plan(ack)))
    expect(ackAnswer.status).toBe(200)
    expect(tool.done(ack, ackAnswer)).toEqual({ text: 'Acknowledged in PagerDuty — incident #2 (PGR0VU2)', ref: null })

    const resolve = actionInput('resolve', incident, connection(api.url))
    expect(tool.done(resolve, await send(api.url, requestOf(tool.plan(resolve))))).toEqual({
      text: 'Resolved in PagerDuty — incident #2 (PGR0VU2)',
      ref: null,
    })

    const snooze = actionInput('snooze', acknowledged, connection(api.url), { until: NOW + 3_600_000 })
    const snoozed = await send(api.url, requestOf(tool.plan(snooze)))
    expect(snoozed.status).toBe(201)
    expect(tool.done(snooze, snoozed).text).toBe('Snoozed in PagerDuty until 2026-03-01 11:00 UTC — incident #2 (PGR0VU2)')

    expect(api.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /incidents/PGR0VU2',
      'PUT /incidents/PGR0VU2',
      'POST /incidents/PGR0VU2/snooze',
    ])
  })

  it('keeps the incident number and id an answer names to one short line on the timeline', () => {
    const ack = actionInput('acknowledge', incident, connection())
    const long = `${'PGR0VU2 '.repeat(500)}\nInjected line`
    const { text } = tool.done(ack, { status: 200, headers: {}, body: { incident: { id: long, incident_number: long } } })
    expect(text).not.toContain('\n')
    expect(text.length).toBeLessThanOrEqual('Acknowledged in PagerDuty — incident # ()'.length + 2 * 80)
  })

  it("reads PagerDuty's refusals: a wrong key (401), an unknown From user (400), a missing incident (404)", async () => {
    api = await standIn(pagerDutyApi)
    const wrongKey = { ...connection(api.url), credential: 'not-the-key' }
    const unauthorized = await send(api.url, requestOf(tool.plan(actionInput('acknowledge', incident, wrongKey))))
    expect(unauthorized.status).toBe(401)
    expect(tool.refusal(unauthorized)).toBe('Authentication failed')

    const stranger = await send(
      api.url,
      requestOf(tool.plan(actionInput('acknowledge', incident, connection(api.url, 'bob@example.com')))),
    )
    expect(stranger.status).toBe(400)
    expect(tool.refusal(stranger)).toBe('Invalid Input Provided (Requester User Not Found)')

    const gone = await send(
      api.url,
      requestOf(tool.plan(actionInput('acknowledge', { ...incident, dedupKey: 'incident:PXXXXXX' }, connection(api.url)))),
    )
    expect(gone.status).toBe(404)
    expect(tool.refusal(gone)).toBe('Not Found')
  })

  it("reads a read-only key's 403 and says nothing for a body that is not PagerDuty's", () => {
    expect(
      tool.refusal({
        status: 403,
        headers: {},
        body: { error: { message: 'Access Denied', code: 2010, errors: ['The API key is read-only'] } },
      }),
    ).toBe('Access Denied (The API key is read-only)')
    expect(tool.refusal({ status: 502, headers: {}, body: '<html>Bad Gateway</html>' })).toBeNull()
    expect(tool.refusal({ status: 500, headers: {}, body: { error: 'boom' } })).toBeNull()
  })

  it('probes with one incident read, which any key may do, and says what acting needs', async () => {
    api = await standIn(pagerDutyApi)
    const request = tool.probe(connection(api.url))
    expect(request).toEqual({
      method: 'GET',
      path: '/incidents?limit=1&total=true',
      headers: { Authorization: `Token token=${KEY}`, Accept: 'application/vnd.pagerduty+json;version=2' },
    })
    const answer = await send(api.url, request)
    expect(answer.status).toBe(200)
    expect(tool.describeProbe(answer)).toMatch(
      /^reads PagerDuty incidents \(42 visible to this key\); acknowledging needs a full-access key/,
    )
  })
})
