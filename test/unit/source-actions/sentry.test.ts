// The Sentry tool against its web API as documented: Update an Issue (PUT
// /api/0/organizations/{org}/issues/{issue_id}/, https://docs.sentry.io/api/events/update-an-issue/) with a
// Bearer token, and the API index (GET /api/0/) that names the token's scopes.
import { afterEach, describe, expect, it } from 'vitest'
import { sentryTool as tool } from '../../../src/main/core/source-actions/tools/sentry'
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

const TOKEN = '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'
const connection = (apiUrl = 'https://sentry.io', user = ''): SourceConnection => ({
  apiUrl,
  credential: TOKEN,
  user,
  silenceMinutes: 60,
})
const { incident, raw } = incidentFromSample('sentry', 'event_alert')
const HEADERS = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }
const PATH = '/api/0/organizations/acme/issues/1170820242/'

describe('sentry tool: plan', () => {
  it("resolves, reopens and archives for the snooze's minutes, in the organization the issue link names", () => {
    expect(incident.url).toBe('https://sentry.io/organizations/acme/issues/1170820242/events/a1b2c3/')
    expect(requestOf(tool.plan(actionInput('resolve', incident, connection())))).toEqual({
      method: 'PUT',
      path: PATH,
      headers: HEADERS,
      body: { status: 'resolved' },
    })
    expect(requestOf(tool.plan(actionInput('reopen', incident, connection())))).toEqual({
      method: 'PUT',
      path: PATH,
      headers: HEADERS,
      body: { status: 'unresolved' },
    })
    expect(requestOf(tool.plan(actionInput('snooze', incident, connection(), { until: NOW + 90 * 60_000 })))).toEqual({
      method: 'PUT',
      path: PATH,
      headers: HEADERS,
      body: { status: 'ignored', statusDetails: { ignoreDuration: 90 } },
    })
  })

  it('takes the organization from the connection, from an org subdomain link, or uses the older issue route', () => {
    const path = (url: string | null, org = '') =>
      requestOf(tool.plan(actionInput('resolve', { ...incident, url }, connection(undefined, org)))).path
    expect(path(incident.url, 'shop-team')).toBe('/api/0/organizations/shop-team/issues/1170820242/')
    expect(path('https://acme.sentry.io/issues/1170820242/')).toBe(PATH)
    expect(path('https://us.sentry.io/issues/1170820242/')).toBe('/api/0/issues/1170820242/')
    expect(path(null)).toBe('/api/0/issues/1170820242/')
    expect(path(incident.url, '../admin')).toBe(PATH)
  })

  it('has no acknowledge to send (Sentry has none) and nothing to extend', () => {
    for (const action of ['acknowledge', 'unacknowledge'] as const)
      expect(tool.plan(actionInput(action, incident, connection()))).toEqual({
        kind: 'skip',
        why: expect.stringMatching(/Sentry has no acknowledge/),
      })
    expect(tool.plan(actionInput('extend', incident, connection()))).toMatchObject({ kind: 'skip' })
    expect(tool.actions).toEqual(['resolve', 'reopen', 'snooze'])
  })

  it('cannot act on a metric alert, or an incident without an issue id', () => {
    const { incident: metric } = incidentFromSample('sentry', 'metric_alert')
    expect(tool.plan(actionInput('resolve', metric, connection()))).toEqual({
      kind: 'impossible',
      reason: expect.stringMatching(/metric alert is not an issue/),
    })
    expect(tool.plan(actionInput('resolve', { ...incident, dedupKey: 'issue:1/../../x' }, connection()))).toMatchObject({
      kind: 'impossible',
    })
    expect(tool.plan(actionInput('snooze', incident, connection(), { until: null }))).toMatchObject({ kind: 'impossible' })
  })

  it("suggests sentry.io for Sentry's own hosts and a self-hosted Sentry's origin", () => {
    expect(tool.suggestUrl(raw)).toBe('https://sentry.io')
    const selfHosted = structuredClone(raw) as { data: { event: { web_url: string } } }
    selfHosted.data.event.web_url = 'https://sentry.internal.example/organizations/acme/issues/1170820242/events/a1b2c3/'
    expect(tool.suggestUrl(selfHosted)).toBe('https://sentry.internal.example')
    expect(tool.suggestUrl(incidentFromSample('sentry', 'issue_resolved').raw)).toBe('https://sentry.io')
    expect(tool.suggestUrl({})).toBe('https://sentry.io')
  })
})

describe('sentry tool: against a stand-in web API', () => {
  let api: StandIn | undefined
  afterEach(async () => {
    await api?.close()
    api = undefined
  })

  /** The issue Sentry answers an update with (fields from its Retrieve/Update an Issue examples). */
  function issue(status: string, statusDetails: Record<string, unknown> = {}) {
    return {
      id: '1170820242',
      shortId: 'CHECKOUT-1Z',
      title: "TypeError: Cannot read properties of undefined (reading 'id')",
      culprit: 'loadCart(src/routes/cart)',
      permalink: 'https://acme.sentry.io/issues/1170820242/',
      level: 'error',
      status,
      statusDetails,
      substatus: status === 'ignored' ? 'archived_until_condition_met' : status === 'unresolved' ? 'ongoing' : null,
      project: { id: '4505', name: 'checkout-api', slug: 'checkout-api' },
      count: '12',
      userCount: 3,
    }
  }

  /** Sentry as documented: Bearer tokens, event:write to change issues, trailing-slash routes. */
  function sentryApi(scopes: string[]) {
    return (request: Received) => {
      if (request.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, body: { detail: 'Invalid token' } }
      if (request.method === 'GET' && request.url === '/api/0/')
        return {
          status: 200,
          body: {
            version: '0',
            auth: { scopes },
            user: { id: '1', name: 'Ana Lima', username: 'ana', email: 'ana@example.com' },
          },
        }
      if (request.method !== 'PUT' || request.url !== PATH)
        return { status: 404, body: { detail: 'The requested resource does not exist' } }
      if (!scopes.includes('event:write'))
        return { status: 403, body: { detail: 'You do not have permission to perform this action.' } }
      const body = request.body as { status?: string; statusDetails?: { ignoreDuration?: number } }
      if (body.status === 'ignored' && body.statusDetails?.ignoreDuration === 60)
        return { status: 200, body: issue('ignored', { ignoreUntil: '2026-03-01T11:00:00Z', ignoreDuration: 60 }) }
      if (body.status === 'resolved' || body.status === 'unresolved') return { status: 200, body: issue(body.status) }
      return { status: 400, body: { status: [`"${String(body.status)}" is not a valid choice.`] } }
    }
  }

  it('resolves, archives and reopens, and reads the issue Sentry answers with', async () => {
    api = await standIn(sentryApi(['event:read', 'event:write', 'project:read']))
    const resolve = actionInput('resolve', incident, connection(api.url))
    expect(tool.done(resolve, await send(api.url, requestOf(tool.plan(resolve))))).toEqual({
      text: 'Resolved in Sentry — CHECKOUT-1Z',
      ref: null,
    })
    const snooze = actionInput('snooze', incident, connection(api.url), { until: NOW + 3_600_000 })
    expect(tool.done(snooze, await send(api.url, requestOf(tool.plan(snooze)))).text).toBe(
      'Archived in Sentry until 2026-03-01 11:00 UTC — CHECKOUT-1Z',
    )
    const reopen = actionInput('reopen', incident, connection(api.url))
    expect(tool.done(reopen, await send(api.url, requestOf(tool.plan(reopen)))).text).toBe('Reopened in Sentry — CHECKOUT-1Z')
    expect(api.received.map((r) => r.body)).toEqual([
      { status: 'resolved' },
      { status: 'ignored', statusDetails: { ignoreDuration: 60 } },
      { status: 'unresolved' },
    ])
  })

  it('keeps the short id an answer names to one short line on the timeline', () => {
    const resolve = actionInput('resolve', incident, connection())
    const long = `${'CHECKOUT-1Z '.repeat(400)}\nInjected line`
    const { text } = tool.done(resolve, { status: 200, headers: {}, body: { id: '4507', shortId: long, status: 'resolved' } })
    expect(text.startsWith('Resolved in Sentry — CHECKOUT-1Z CHECKOUT-1Z')).toBe(true)
    expect(text).not.toContain('\n')
    expect(text.length).toBeLessThanOrEqual('Resolved in Sentry — '.length + 80)
  })

  it("reads Sentry's refusals: a wrong token (401), a token without event:write (403), an unknown org (404)", async () => {
    api = await standIn(sentryApi(['event:read']))
    const unauthorized = await send(
      api.url,
      requestOf(tool.plan(actionInput('resolve', incident, { ...connection(api.url), credential: 'sntryu_old' }))),
    )
    expect(unauthorized.status).toBe(401)
    expect(tool.refusal(unauthorized)).toBe('Invalid token')
    const forbidden = await send(api.url, requestOf(tool.plan(actionInput('resolve', incident, connection(api.url)))))
    expect(forbidden.status).toBe(403)
    expect(tool.refusal(forbidden)).toBe('You do not have permission to perform this action.')
    const missing = await send(api.url, requestOf(tool.plan(actionInput('resolve', incident, connection(api.url, 'other-org')))))
    expect(missing.status).toBe(404)
    expect(tool.refusal(missing)).toBe('The requested resource does not exist')
    expect(tool.refusal({ status: 400, headers: {}, body: { status: ['"archived" is not a valid choice.'] } })).toBe(
      'status: "archived" is not a valid choice.',
    )
    expect(tool.refusal({ status: 502, headers: {}, body: '<html>502</html>' })).toBeNull()
  })

  it('probes the API index and says whether event:write is among the scopes', async () => {
    api = await standIn(sentryApi(['event:read', 'event:write', 'org:read']))
    const request = tool.probe(connection(api.url))
    expect(request).toEqual({ method: 'GET', path: '/api/0/', headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(tool.describeProbe(await send(api.url, request))).toBe(
      'the token may resolve and archive issues as Ana Lima (it has event:write)',
    )
    await api.close()

    api = await standIn(sentryApi(['event:read', 'org:read']))
    expect(tool.describeProbe(await send(api.url, tool.probe(connection(api.url))))).toBe(
      'the token as Ana Lima cannot change issues: it lacks the event:write scope (it has event:read, org:read)',
    )
    expect(tool.describeProbe({ status: 200, headers: {}, body: { version: '0', auth: null, user: null } })).toMatch(
      /without a token/,
    )
  })
})
