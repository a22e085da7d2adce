// The incident.io tool: its API offers no acknowledge, resolve or snooze of an incident (Edit changes a status
// only between active ones, https://docs.incident.io/api-reference/incidents-v2/edit), so every action is skipped
// with that reason; the probe (GET /v1/identity) and the error bodies are checked against a stand-in shaped like
// its reference (https://docs.incident.io/api-reference/introduction).
import { afterEach, describe, expect, it } from 'vitest'
import { incidentioTool as tool } from '../../../src/main/core/source-actions/tools/incidentio'
import type { SourceConnection } from '../../../src/main/core/source-actions/types'
import {
  actionInput,
  incidentFromSample,
  NOW,
  send,
  SOURCE_ACTION_KINDS,
  standIn,
  type Received,
  type StandIn,
} from '../../helpers/source-actions'

const KEY = 'inc_3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c1e'
const connection = (apiUrl = 'https://api.incident.io'): SourceConnection => ({
  apiUrl,
  credential: KEY,
  user: '',
  silenceMinutes: 60,
})
const { incident, raw } = incidentFromSample('incidentio', 'incident_created')

describe('incidentio tool: plan', () => {
  it('acts on nothing: every action is skipped with the reason the API gives none', () => {
    expect(incident.dedupKey).toBe('incident:01FDAG4SAP5TYPT98WGR2N7W91')
    expect(tool.actions).toEqual([])
    for (const action of SOURCE_ACTION_KINDS)
      expect(tool.plan(actionInput(action, incident, connection(), { until: NOW + 60_000 }))).toEqual({
        kind: 'skip',
        why: expect.stringMatching(/^incident\.io's API cannot acknowledge, resolve or snooze an incident/),
      })
  })

  it('suggests api.incident.io and says in the form what the key is for', () => {
    expect(tool.suggestUrl(raw)).toBe('https://api.incident.io')
    expect(tool.fields.credential.help).toMatch(/Only Test connection uses it/)
  })
})

describe('incidentio tool: against a stand-in API', () => {
  let api: StandIn | undefined
  afterEach(async () => {
    await api?.close()
    api = undefined
  })

  function incidentIoApi(request: Received) {
    if (!request.headers.authorization)
      return {
        status: 401,
        body: {
          type: 'authentication_error',
          status: 401,
          request_id: '8e3cc412-b49d-4957-9073-2c19d2c61804',
          errors: [{ code: 'missing_authorization_material', message: 'No authorization material provided in request' }],
        },
      }
    if (request.headers.authorization !== `Bearer ${KEY}`)
      return {
        status: 401,
        body: {
          type: 'authentication_error',
          status: 401,
          request_id: '0d6f3c0e-2c1a-4a8e-9f5e-1b7d3c9a2e41',
          errors: [{ code: 'invalid_authorization_material', message: 'The API key provided is not valid' }],
        },
      }
    if (request.method === 'GET' && request.url === '/v1/identity')
      return {
        status: 200,
        body: {
          identity: { dashboard_url: 'https://app.incident.io/acme', name: 'Hookbell', roles: ['viewer', 'incident_editor'] },
        },
      }
    return {
      status: 404,
      body: { type: 'not_found', status: 404, request_id: 'r404', errors: [{ code: 'not_found', message: 'Not found' }] },
    }
  }

  it('probes the identity of the key and says that Hookbell does not act on incident.io', async () => {
    api = await standIn(incidentIoApi)
    const request = tool.probe(connection(api.url))
    expect(request).toEqual({ method: 'GET', path: '/v1/identity', headers: { Authorization: `Bearer ${KEY}` } })
    const answer = await send(api.url, request)
    expect(answer.status).toBe(200)
    expect(tool.describeProbe(answer)).toMatch(
      /^the key "Hookbell" \(viewer, incident_editor\) works, but .*Hookbell does not act on incident\.io$/,
    )
  })

  it("reads incident.io's error bodies for a wrong or missing key and a 404", async () => {
    api = await standIn(incidentIoApi)
    const wrong = await send(api.url, tool.probe({ ...connection(api.url), credential: 'inc_revoked' }))
    expect(wrong.status).toBe(401)
    expect(tool.refusal(wrong)).toBe('The API key provided is not valid')
    const missing = await send(api.url, { method: 'GET', path: '/v1/identity', headers: {} })
    expect(tool.refusal(missing)).toBe('No authorization material provided in request')
    const notFound = await send(api.url, { ...tool.probe(connection(api.url)), path: '/v1/nothing' })
    expect(tool.refusal(notFound)).toBe('Not found')
    expect(tool.refusal({ status: 429, headers: {}, body: { type: 'too_many_requests', status: 429, errors: [] } })).toBe(
      'too many requests',
    )
    expect(tool.refusal({ status: 502, headers: {}, body: 'Bad Gateway' })).toBeNull()
  })
})
