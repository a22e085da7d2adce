// The Grafana OnCall tool against OnCall's public alert groups API as documented
// (https://grafana.com/docs/oncall/latest/oncall-api-reference/alertgroups/): POST actions by alert group id, the
// API key sent bare in Authorization, `{"delay": seconds}` to silence, 200 without a body, and Django REST
// framework's `{"detail": ...}` refusals the view raises (grafana/oncall engine/apps/public_api/views/alert_groups.py).
import { afterEach, describe, expect, it } from 'vitest'
import { grafanaOnCallTool as tool } from '../../../src/main/core/source-actions/tools/grafana-oncall'
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

const KEY = 'c8a2f1e6b3d94a7f8e0c5b1d2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f'
const GROUP = 'I6HNZGUFG4K11'
const connection = (apiUrl = 'https://oncall-prod-us-central-0.grafana.net/oncall'): SourceConnection => ({
  apiUrl,
  credential: KEY,
  user: '',
  silenceMinutes: 60,
})
const { incident, raw } = incidentFromSample('grafana-oncall', 'created')

describe('grafana-oncall tool: plan', () => {
  it('posts acknowledge, unacknowledge, resolve and unresolve to the alert group, the key sent bare', () => {
    const cases = [
      ['acknowledge', 'acknowledge'],
      ['unacknowledge', 'unacknowledge'],
      ['resolve', 'resolve'],
      ['reopen', 'unresolve'],
    ] as const
    for (const [action, verb] of cases)
      expect(requestOf(tool.plan(actionInput(action, incident, connection())))).toEqual({
        method: 'POST',
        path: `/api/v1/alert_groups/${GROUP}/${verb}`,
        headers: { Authorization: KEY },
      })
  })

  it('silences a firing group for the seconds until the snooze ends', () => {
    expect(requestOf(tool.plan(actionInput('snooze', incident, connection(), { until: NOW + 3 * 3_600_000 })))).toEqual({
      method: 'POST',
      path: `/api/v1/alert_groups/${GROUP}/silence`,
      headers: { Authorization: KEY, 'Content-Type': 'application/json' },
      body: { delay: 10800 },
    })
  })

  it('skips silencing an acknowledged group (OnCall refuses it), a snooze already over, and extending', () => {
    expect(
      tool.plan(actionInput('snooze', { ...incident, status: 'acknowledged' }, connection(), { until: NOW + 60_000 })),
    ).toEqual({
      kind: 'skip',
      why: expect.stringMatching(/does not silence an acknowledged alert group/),
    })
    expect(tool.plan(actionInput('snooze', incident, connection(), { until: NOW }))).toMatchObject({ kind: 'skip' })
    expect(tool.plan(actionInput('snooze', incident, connection(), { until: null }))).toMatchObject({ kind: 'impossible' })
    expect(tool.plan(actionInput('extend', incident, connection()))).toMatchObject({ kind: 'skip' })
  })

  it('cannot act on an incident without an alert group id', () => {
    for (const dedupKey of ['incident:01FDAG4SAP5TYPT98WGR2N7W91', 'alert-group:', 'alert-group:I6HNZ/../../users'])
      expect(tool.plan(actionInput('resolve', { ...incident, dedupKey }, connection()))).toEqual({
        kind: 'impossible',
        reason: expect.stringMatching(/no Grafana OnCall alert group id/),
      })
  })

  it('suggests no URL: the webhook names the Grafana stack, not the OnCall API', () => {
    expect(tool.suggestUrl(raw)).toBeNull()
    expect(tool.fields.apiUrl.help).toMatch(/OnCall → Settings/)
  })
})

describe('grafana-oncall tool: against a stand-in OnCall API', () => {
  let api: StandIn | undefined
  afterEach(async () => {
    await api?.close()
    api = undefined
  })

  /** OnCall's alert group actions with one group in `state`, as its public API view answers. */
  function onCallApi(state: { acknowledged: boolean; resolved: boolean; silenced: boolean }, serviceAccount = false) {
    return (request: Received) => {
      // ApiTokenAuthentication raises AuthenticationFailed and names no WWW-Authenticate scheme, so DRF answers 403.
      if (request.headers.authorization !== KEY) return { status: 403, body: { detail: 'Invalid token.' } }
      if (request.method === 'GET' && request.url === '/api/v1/users/current/')
        return {
          status: 200,
          body: {
            id: 'UVMX6YI9VY9PV',
            email: 'dana@example.com',
            slack: [],
            username: 'dana',
            role: 'admin',
            timezone: 'Europe/Berlin',
          },
        }
      const match = /^\/api\/v1\/alert_groups\/([^/]+)\/([a-z]+)$/.exec(request.url)
      if (request.method !== 'POST' || !match || match[1] !== GROUP) return { status: 404, body: { detail: 'Not found.' } }
      const verb = match[2]!
      if (serviceAccount) return { status: 403, body: { detail: `Service accounts are not allowed to ${verb} alert groups` } }
      const refuse = (detail: string) => ({ status: 400, body: { detail } })
      switch (verb) {
        case 'acknowledge':
          if (state.acknowledged) return refuse("Can't acknowledge an acknowledged alert group")
          if (state.resolved) return refuse("Can't acknowledge a resolved alert group")
          state.acknowledged = true
          return { status: 200 }
        case 'unacknowledge':
          if (!state.acknowledged) return refuse("Can't unacknowledge an unacknowledged alert group")
          state.acknowledged = false
          return { status: 200 }
        case 'resolve':
          if (state.resolved) return refuse("Can't resolve a resolved alert group")
          state.resolved = true
          return { status: 200 }
        case 'unresolve':
          if (!state.resolved) return refuse("Can't unresolve an unresolved alert group")
          state.resolved = false
          return { status: 200 }
        case 'silence': {
          const delay = (request.body as { delay?: unknown } | undefined)?.delay
          if (delay === undefined) return refuse('delay is required')
          if (state.acknowledged) return refuse("Can't silence an acknowledged alert group")
          state.silenced = true
          return { status: 200 }
        }
        default:
          return { status: 404, body: { detail: 'Not found.' } }
      }
    }
  }

  it('silences, acknowledges, unacknowledges, resolves and unresolves the group, each a timeline line', async () => {
    const state = { acknowledged: false, resolved: false, silenced: false }
    api = await standIn(onCallApi(state))
    const lines: string[] = []
    const steps = [
      actionInput('snooze', incident, connection(api.url), { until: NOW + 3_600_000 }),
      actionInput('acknowledge', incident, connection(api.url)),
      actionInput('unacknowledge', incident, connection(api.url)),
      actionInput('resolve', incident, connection(api.url)),
      actionInput('reopen', incident, connection(api.url)),
    ]
    for (const step of steps) {
      const answer = await send(api.url, requestOf(tool.plan(step)))
      expect(answer.status).toBe(200)
      lines.push(tool.done(step, answer).text)
    }
    expect(lines).toEqual([
      `Silenced in Grafana OnCall until 2026-03-01 11:00 UTC — alert group ${GROUP}`,
      `Acknowledged in Grafana OnCall — alert group ${GROUP}`,
      `Unacknowledged in Grafana OnCall — alert group ${GROUP}`,
      `Resolved in Grafana OnCall — alert group ${GROUP}`,
      `Unresolved in Grafana OnCall — alert group ${GROUP}`,
    ])
    expect(state).toEqual({ acknowledged: false, resolved: false, silenced: true })
    expect(api.received[0]!.body).toEqual({ delay: 3600 })
    expect(api.received.every((r) => r.headers.authorization === KEY)).toBe(true)
  })

  it("reads OnCall's refusals: a wrong key (403 Invalid token.), a service account, a missing group (404), a 400", async () => {
    api = await standIn(onCallApi({ acknowledged: true, resolved: false, silenced: false }))
    const wrongKey = await send(
      api.url,
      requestOf(tool.plan(actionInput('acknowledge', incident, { ...connection(api.url), credential: 'Bearer ' + KEY }))),
    )
    expect(wrongKey.status).toBe(403)
    expect(tool.refusal(wrongKey)).toBe('Invalid token.')

    const again = await send(api.url, requestOf(tool.plan(actionInput('acknowledge', incident, connection(api.url)))))
    expect(again.status).toBe(400)
    expect(tool.refusal(again)).toBe("Can't acknowledge an acknowledged alert group")

    const missing = await send(
      api.url,
      requestOf(tool.plan(actionInput('resolve', { ...incident, dedupKey: 'alert-group:IXXXXXXXXXXXX' }, connection(api.url)))),
    )
    expect(missing.status).toBe(404)
    expect(tool.refusal(missing)).toBe('Not found.')
    await api.close()

    api = await standIn(onCallApi({ acknowledged: false, resolved: false, silenced: false }, true))
    const robot = await send(api.url, requestOf(tool.plan(actionInput('acknowledge', incident, connection(api.url)))))
    expect(robot.status).toBe(403)
    expect(tool.refusal(robot)).toBe('Service accounts are not allowed to acknowledge alert groups')
    expect(tool.refusal({ status: 401, headers: {}, body: '' })).toBeNull()
  })

  it('probes the current user and says who the key acts as', async () => {
    api = await standIn(onCallApi({ acknowledged: false, resolved: false, silenced: false }))
    const request = tool.probe(connection(api.url))
    expect(request).toEqual({ method: 'GET', path: '/api/v1/users/current/', headers: { Authorization: KEY } })
    expect(tool.describeProbe(await send(api.url, request))).toBe(
      "the key acts as dana (admin); acknowledging needs a user's OnCall API key with the alert-groups write permission (service-account tokens are refused)",
    )
  })
})
