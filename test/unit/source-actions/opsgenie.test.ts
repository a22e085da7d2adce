// The Opsgenie tool against its Alert API as documented (https://docs.opsgenie.com/docs/alert-api): alert
// actions by id with identifierType=id, GenieKey auth, a user/source/note body, 202 with a requestId, and the
// `{ message, took, requestId }` error bodies (https://docs.opsgenie.com/docs/response).
import { afterEach, describe, expect, it } from 'vitest'
import { opsgenieTool as tool } from '../../../src/main/core/source-actions/tools/opsgenie'
import type { SourceAnswer, SourceConnection } from '../../../src/main/core/source-actions/types'
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

const KEY = 'eb243592-faa2-4ba2-a551-1afdf565c889'
const ALERT = '052652ac-5d1c-464a-812a-7dd18bbfba8c'
const connection = (apiUrl = 'https://api.opsgenie.com', user = 'dana@example.com'): SourceConnection => ({
  apiUrl,
  credential: KEY,
  user,
  silenceMinutes: 60,
})
const { incident, raw } = incidentFromSample('opsgenie', 'create')
const HEADERS = { Authorization: `GenieKey ${KEY}`, 'Content-Type': 'application/json' }

describe('opsgenie tool: plan', () => {
  it('acknowledges, unacknowledges and closes the alert by id, with the user, source and a note', () => {
    const cases = [
      ['acknowledge', 'acknowledge', 'Acknowledged in Hookbell by Ana Lima'],
      ['unacknowledge', 'unacknowledge', 'Acknowledgement taken back in Hookbell by Ana Lima'],
      ['resolve', 'close', 'Resolved in Hookbell by Ana Lima'],
    ] as const
    for (const [action, verb, note] of cases)
      expect(requestOf(tool.plan(actionInput(action, incident, connection())))).toEqual({
        method: 'POST',
        path: `/v2/alerts/${ALERT}/${verb}?identifierType=id`,
        headers: HEADERS,
        body: { user: 'dana@example.com', source: 'Hookbell', note },
      })
  })

  it("snoozes until the snooze's end as an ISO endTime", () => {
    const until = NOW + 3_600_000
    expect(requestOf(tool.plan(actionInput('snooze', incident, connection(), { until })))).toEqual({
      method: 'POST',
      path: `/v2/alerts/${ALERT}/snooze?identifierType=id`,
      headers: HEADERS,
      body: {
        endTime: '2026-03-01T11:00:00.000Z',
        user: 'dana@example.com',
        source: 'Hookbell',
        note: 'Snoozed until 2026-03-01 11:00 UTC in Hookbell by Ana Lima',
      },
    })
    expect(tool.plan(actionInput('snooze', incident, connection(), { until: null }))).toMatchObject({ kind: 'impossible' })
    expect(tool.plan(actionInput('snooze', incident, connection(), { until: NOW }))).toMatchObject({ kind: 'skip' })
  })

  it("logs the action under Hookbell's user name when the connection names no Opsgenie user", () => {
    const request = requestOf(tool.plan(actionInput('acknowledge', incident, connection(undefined, ''))))
    expect(request.body).toMatchObject({ user: 'Ana Lima', source: 'Hookbell' })
  })

  it('skips reopening (Opsgenie cannot reopen a closed alert) and extending, saying why', () => {
    expect(tool.plan(actionInput('reopen', incident, connection()))).toEqual({
      kind: 'skip',
      why: expect.stringMatching(/cannot reopen/),
    })
    expect(tool.plan(actionInput('extend', incident, connection()))).toEqual({
      kind: 'skip',
      why: expect.stringMatching(/nothing to extend/),
    })
    expect(tool.actions).toEqual(['acknowledge', 'unacknowledge', 'resolve', 'snooze'])
  })

  it('cannot act on an incident without an Opsgenie alert id', () => {
    for (const dedupKey of ['incident:PGR0VU2', 'alert:', `alert:${ALERT}?identifierType=alias`])
      expect(tool.plan(actionInput('acknowledge', { ...incident, dedupKey }, connection()))).toEqual({
        kind: 'impossible',
        reason: expect.stringMatching(/no Opsgenie alert id/),
      })
  })

  it('suggests api.opsgenie.com: the webhook payload names no API host', () => {
    expect(tool.suggestUrl(raw)).toBe('https://api.opsgenie.com')
    expect(tool.fields.apiUrl.help).toMatch(/api\.eu\.opsgenie\.com/)
  })
})

describe('opsgenie tool: against a stand-in Alert API', () => {
  let api: StandIn | undefined
  afterEach(async () => {
    await api?.close()
    api = undefined
  })

  const accepted = (requestId: string) => ({ status: 202, body: { result: 'Request will be processed', took: 0.302, requestId } })

  /** Opsgenie as documented: GenieKey auth, id actions, a JSON body with user and source, 202 with a request id. */
  function opsgenieApi(request: Received) {
    if (request.headers.authorization !== `GenieKey ${KEY}`)
      return {
        status: 401,
        body: { message: 'Could not authenticate', took: 0.0, requestId: 'a1b2c3d4-0000-4000-8000-000000000401' },
      }
    if (request.method === 'GET' && request.url === '/v2/alerts?limit=1')
      return {
        status: 200,
        body: {
          data: [
            {
              id: ALERT,
              tinyId: '23',
              alias: 'checkout-api-error-rate',
              message: 'Checkout API error rate above 5%',
              status: 'open',
              acknowledged: false,
            },
          ],
          paging: {
            first: 'https://api.opsgenie.com/v2/alerts?limit=1&offset=0',
            last: 'https://api.opsgenie.com/v2/alerts?limit=1&offset=4',
          },
          took: 0.605,
          requestId: '9ae63dd7-ed00-4c81-86f0-c4ffd33142c9',
        },
      }
    const body = request.body as { user?: string; source?: string; note?: string; endTime?: string }
    const match = /^\/v2\/alerts\/([^/]+)\/(acknowledge|unacknowledge|close|snooze)\?identifierType=id$/.exec(request.url)
    if (request.method !== 'POST' || !match)
      return { status: 404, body: { message: 'Could not find handler for request', took: 0.001, requestId: 'r404' } }
    if (!request.headers['content-type']?.startsWith('application/json') || body.source !== 'Hookbell' || !body.user)
      return { status: 400, body: { message: 'Invalid JSON body', took: 0.001, requestId: 'r400' } }
    if (match[2] === 'snooze' && Date.parse(body.endTime ?? '') <= NOW)
      return {
        status: 422,
        body: {
          message: 'Request body is not processable. Please check the errors.',
          errors: { endTime: 'must be a future date' },
          took: 0.002,
          requestId: 'r422',
        },
      }
    return accepted(match[2] === 'close' ? 'c0c0c0c0-3dbf-4fa4-9c26-f4f71023e120' : '43a29c5c-3dbf-4fa4-9c26-f4f71023e120')
  }

  it('acknowledges, closes and snoozes: 202 answers become "requested" lines naming the request id', async () => {
    api = await standIn(opsgenieApi)
    const ack = actionInput('acknowledge', incident, connection(api.url))
    const ackAnswer = await send(api.url, requestOf(tool.plan(ack)))
    expect(ackAnswer.status).toBe(202)
    expect(tool.done(ack, ackAnswer)).toEqual({
      text: 'Acknowledgement requested in Opsgenie — request 43a29c5c-3dbf-4fa4-9c26-f4f71023e120',
      ref: null,
    })

    const close = actionInput('resolve', incident, connection(api.url))
    expect(tool.done(close, await send(api.url, requestOf(tool.plan(close)))).text).toBe(
      'Close requested in Opsgenie — request c0c0c0c0-3dbf-4fa4-9c26-f4f71023e120',
    )

    const snooze = actionInput('snooze', incident, connection(api.url), { until: NOW + 3_600_000 })
    expect(tool.done(snooze, await send(api.url, requestOf(tool.plan(snooze)))).text).toBe(
      'Snooze until 2026-03-01 11:00 UTC requested in Opsgenie — request 43a29c5c-3dbf-4fa4-9c26-f4f71023e120',
    )
    expect(api.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /v2/alerts/${ALERT}/acknowledge?identifierType=id`,
      `POST /v2/alerts/${ALERT}/close?identifierType=id`,
      `POST /v2/alerts/${ALERT}/snooze?identifierType=id`,
    ])
  })

  it('keeps the request id an answer names to one short line on the timeline', () => {
    const ack = actionInput('acknowledge', incident, connection())
    const long = `${'43a29c5c-3dbf-4fa4-9c26-f4f71023e120 '.repeat(200)}\nInjected line`
    const answers: SourceAnswer[] = [
      { status: 202, headers: {}, body: { result: 'Request will be processed', took: 0.302, requestId: long } },
      { status: 202, headers: { 'x-request-id': long }, body: '' },
    ]
    for (const answer of answers) {
      const { text } = tool.done(ack, answer)
      expect(text.startsWith('Acknowledgement requested in Opsgenie — request 43a29c5c-3dbf-4fa4-9c26-f4f71023e120 ')).toBe(true)
      expect(text).not.toContain('\n')
      expect(text.length).toBeLessThanOrEqual('Acknowledgement requested in Opsgenie — request '.length + 80)
    }
  })

  it("reads Opsgenie's refusals: a wrong key (401), a key without the right (403), a wrong API URL (404), a 422", async () => {
    api = await standIn(opsgenieApi)
    const unauthorized = await send(
      api.url,
      requestOf(tool.plan(actionInput('acknowledge', incident, { ...connection(api.url), credential: 'old' }))),
    )
    expect(unauthorized.status).toBe(401)
    expect(tool.refusal(unauthorized)).toBe('Could not authenticate')

    const wrongPath = await send(`${api.url}/v2`, requestOf(tool.plan(actionInput('acknowledge', incident, connection(api.url)))))
    expect(wrongPath.status).toBe(404)
    expect(tool.refusal(wrongPath)).toBe('Could not find handler for request')

    const late = actionInput('snooze', incident, connection(api.url), { until: NOW - 60_000, now: NOW - 120_000 })
    const unprocessable = await send(api.url, requestOf(tool.plan(late)))
    expect(unprocessable.status).toBe(422)
    expect(tool.refusal(unprocessable)).toBe(
      'Request body is not processable. Please check the errors. (endTime: must be a future date)',
    )

    expect(
      tool.refusal({
        status: 403,
        headers: {},
        body: { message: 'You are not authorized to take this action', took: 0.001, requestId: 'r403' },
      }),
    ).toBe('You are not authorized to take this action')
    expect(tool.refusal({ status: 503, headers: {}, body: 'Service Unavailable' })).toBeNull()
  })

  it('probes with a one-alert read and says what acting needs', async () => {
    api = await standIn(opsgenieApi)
    const request = tool.probe(connection(api.url))
    expect(request).toEqual({ method: 'GET', path: '/v2/alerts?limit=1', headers: { Authorization: `GenieKey ${KEY}` } })
    const answer = await send(api.url, request)
    expect(answer.status).toBe(200)
    expect(tool.describeProbe(answer)).toBe(
      'reads Opsgenie alerts (and sees open ones); acknowledging, closing and snoozing need the key\'s "Create and Update" access',
    )
  })
})
