// The exact requests Alertmanager's and Grafana's silence tools plan (source-actions/tools/), as their APIs
// document them: Alertmanager's api/v2 (https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml)
// and Grafana's Alertmanager-compatible API under /api/alertmanager/grafana/api/v2 with a service account token.
import { describe, expect, it } from 'vitest'
import { alertmanagerTool } from '../../../src/main/core/source-actions/tools/alertmanager'
import { grafanaTool } from '../../../src/main/core/source-actions/tools/grafana'
import type { ActionInput, SourceActionKind } from '../../../src/main/core/source-actions/types'
import { anIncident } from '../../helpers/incident'
import { alertmanagerSamples } from '../../../src/main/core/providers/samples/alertmanager'

const NOW = Date.parse('2026-12-07T13:00:00Z')

function input(action: SourceActionKind, extra: Partial<ActionInput> = {}): ActionInput {
  return {
    action,
    actionId: 41,
    attempted: false,
    incident: {
      ...anIncident('critical'),
      provider: 'alertmanager',
      title: 'Disk on db-1 is 93% full',
      facts: { labels: 'alertname=DiskAlmostFull, instance=db-1:9100, severity=critical, team=db, ops' },
    },
    connection: { apiUrl: 'http://alertmanager:9093', credential: '', user: '', silenceMinutes: 60 },
    user: 'Dana',
    previousRef: null,
    until: null,
    now: NOW,
    ...extra,
  }
}

describe('Alertmanager', () => {
  it('acknowledge: POST /api/v2/silences matching every label, for silenceMinutes, naming the user', () => {
    expect(alertmanagerTool.plan(input('acknowledge'))).toEqual({
      kind: 'request',
      request: {
        method: 'POST',
        path: '/api/v2/silences',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: {
          matchers: [
            { name: 'alertname', value: 'DiskAlmostFull', isRegex: false, isEqual: true },
            { name: 'instance', value: 'db-1:9100', isRegex: false, isEqual: true },
            { name: 'severity', value: 'critical', isRegex: false, isEqual: true },
            { name: 'team', value: 'db, ops', isRegex: false, isEqual: true },
          ],
          startsAt: '2026-12-07T13:00:00.000Z',
          endsAt: '2026-12-07T14:00:00.000Z',
          createdBy: 'Dana (Hookbell)',
          comment: 'Acknowledged in Hookbell by Dana: Disk on db-1 is 93% full hookbell:action/41',
        },
      },
    })
  })

  it('a credential is sent as a Bearer token, or as given when it names its scheme', () => {
    const bearer = alertmanagerTool.plan(
      input('acknowledge', { connection: { ...input('x' as never).connection, credential: 'tok' } }),
    )
    const basic = alertmanagerTool.plan(
      input('acknowledge', { connection: { ...input('x' as never).connection, credential: 'Basic ZGFuYTpwdw==' } }),
    )
    expect(bearer.kind === 'request' && bearer.request.headers.authorization).toBe('Bearer tok')
    expect(basic.kind === 'request' && basic.request.headers.authorization).toBe('Basic ZGFuYTpwdw==')
  })

  it('extend re-posts the silence with its id; reopen, un-acknowledge and resolve expire it', () => {
    const ref = '3f2a9c1e-7b4d-4e5f-8a6b-1c2d3e4f5a6b'
    const extended = alertmanagerTool.plan(input('extend', { previousRef: ref }))
    expect(extended.kind === 'request' && extended.request.body).toMatchObject({ id: ref, endsAt: '2026-12-07T14:00:00.000Z' })
    for (const action of ['reopen', 'unacknowledge', 'resolve'] as const)
      expect(alertmanagerTool.plan(input(action, { previousRef: ref }))).toEqual({
        kind: 'request',
        request: { method: 'DELETE', path: `/api/v2/silence/${ref}`, headers: expect.any(Object) },
      })
    expect(alertmanagerTool.plan(input('reopen'))).toEqual({ kind: 'skip', why: 'no silence to expire' })
    expect(alertmanagerTool.plan(input('resolve'))).toEqual({ kind: 'skip', why: 'no silence to expire' })
  })

  it('a first acknowledge looks nothing up; a retried one, or one with an earlier silence, lists the alert’s silences', () => {
    expect(alertmanagerTool.lookup!(input('acknowledge'))).toBeNull()
    expect(alertmanagerTool.lookup!(input('reopen', { attempted: true, previousRef: 'abc' }))).toBeNull()
    const filter = ['alertname="DiskAlmostFull"', 'instance="db-1:9100"', 'severity="critical"', 'team="db, ops"']
      .map((m) => `filter=${encodeURIComponent(m)}`)
      .join('&')
    for (const extra of [{ attempted: true }, { previousRef: '3f2a9c1e-7b4d-4e5f-8a6b-1c2d3e4f5a6b' }])
      expect(alertmanagerTool.lookup!(input('acknowledge', extra))).toEqual({
        method: 'GET',
        path: `/api/v2/silences?${filter}`,
        headers: { accept: 'application/json', 'content-type': 'application/json' },
      })
    expect(alertmanagerTool.lookup!(input('extend', { attempted: true, previousRef: 'abc' }))).toMatchObject({ method: 'GET' })
    // A quote or backslash in a label value is escaped as Alertmanager's matcher syntax reads it.
    const odd = input('acknowledge', { attempted: true })
    odd.incident = { ...odd.incident, facts: { labels: 'alertname=Say "hi" \\ there' } }
    expect(alertmanagerTool.lookup!(odd)?.path).toBe(
      `/api/v2/silences?filter=${encodeURIComponent('alertname="Say \\"hi\\" \\\\ there"')}`,
    )
  })

  it('after a lookup: updates the silence this action made, else the last one while it runs, else creates one', () => {
    const listed = (silences: object[]) => ({ status: 200, headers: {}, body: silences })
    const silence = (id: string, state: string, comment: string) => ({
      id,
      status: { state },
      startsAt: '2026-12-07T12:58:01.123Z',
      endsAt: '2026-12-07T13:58:01.123Z',
      comment,
      createdBy: 'Dana (Hookbell)',
      matchers: [],
    })
    const mine = alertmanagerTool.plan(
      input('acknowledge', {
        attempted: true,
        found: listed([
          silence('aaaa-expired', 'expired', 'Acknowledged in Hookbell by Dana: x hookbell:action/41'),
          silence('bbbb-other', 'active', 'Acknowledged in Hookbell by Dana: x hookbell:action/4'),
          silence('cccc-mine', 'active', 'Acknowledged in Hookbell by Dana: x hookbell:action/41'),
        ]),
      }),
    )
    // Its own startsAt, so Alertmanager updates it in place and keeps the id.
    expect(mine.kind === 'request' && mine.request.body).toMatchObject({
      id: 'cccc-mine',
      startsAt: '2026-12-07T12:58:01.123Z',
      endsAt: '2026-12-07T14:00:00.000Z',
    })
    const earlier = alertmanagerTool.plan(
      input('acknowledge', { previousRef: 'dddd-last', found: listed([silence('dddd-last', 'active', 'by hand')]) }),
    )
    expect(earlier.kind === 'request' && earlier.request.body).toMatchObject({ id: 'dddd-last' })
    for (const found of [
      listed([silence('dddd-last', 'expired', 'x hookbell:action/41')]),
      { status: 200, headers: {}, body: '<html>' },
    ]) {
      const fresh = alertmanagerTool.plan(input('acknowledge', { attempted: true, previousRef: 'dddd-last', found }))
      expect(fresh.kind === 'request' && fresh.request.body).not.toHaveProperty('id')
    }
  })

  it('a silence id from the answer is kept only when it is one (short, no path characters)', () => {
    const answered = (silenceID: unknown) =>
      alertmanagerTool.done(input('acknowledge'), { status: 200, headers: {}, body: { silenceID } }).ref
    expect(answered('3f2a9c1e-7b4d-4e5f-8a6b-1c2d3e4f5a6b')).toBe('3f2a9c1e-7b4d-4e5f-8a6b-1c2d3e4f5a6b')
    for (const bad of ['../../api/v2/status', 'a'.repeat(201), 'x?y=1', 'a b', 42, ''])
      expect({ bad, ref: answered(bad) }).toEqual({ bad, ref: null })
    expect(
      alertmanagerTool.done(input('extend', { previousRef: 'kept-1' }), { status: 200, headers: {}, body: { silenceID: '../x' } })
        .ref,
    ).toBe('kept-1')
  })

  it('an alert without labels cannot be silenced', () => {
    const bare = input('acknowledge')
    bare.incident = { ...bare.incident, facts: {} }
    expect(alertmanagerTool.plan(bare)).toEqual({ kind: 'impossible', reason: 'the alert has no labels to silence' })
  })

  it('done: the silence id for later, its end for the extension, and a line that says both', () => {
    const done = alertmanagerTool.done(input('acknowledge'), {
      status: 200,
      headers: {},
      body: { silenceID: '3f2a9c1e-7b4d-4e5f-8a6b-1c2d3e4f5a6b' },
    })
    const end = new Date(NOW + 3_600_000)
    const hhmm = `${String(end.getHours()).padStart(2, '0')}:${String(end.getMinutes()).padStart(2, '0')}`
    expect(done).toEqual({
      text: `Silenced in Alertmanager until ${hhmm} — silence 3f2a9c1e…`,
      ref: '3f2a9c1e-7b4d-4e5f-8a6b-1c2d3e4f5a6b',
      refUntil: NOW + 3_600_000,
    })
    expect(
      alertmanagerTool.done(input('reopen', { previousRef: '3f2a9c1e-7b4d' }), { status: 200, headers: {}, body: null }),
    ).toEqual({
      text: 'Silence 3f2a9c1e… expired in Alertmanager',
      ref: null,
      forgetRef: true,
    })
  })

  it("suggests the webhook's externalURL, else localhost:9093; probes GET /api/v2/status", () => {
    const sample = alertmanagerSamples[Object.keys(alertmanagerSamples)[0]!]!() as { externalURL: string }
    expect(alertmanagerTool.suggestUrl(sample)).toBe(sample.externalURL)
    expect(alertmanagerTool.suggestUrl({ externalURL: 'javascript:alert(1)' })).toBe('http://localhost:9093')
    expect(alertmanagerTool.probe(input('x' as never).connection)).toMatchObject({ method: 'GET', path: '/api/v2/status' })
    expect(
      alertmanagerTool.describeProbe({
        status: 200,
        headers: {},
        body: { versionInfo: { version: '0.25.0' }, cluster: { status: 'disabled' } },
      }),
    ).toMatch(/^Reached Alertmanager 0\.25\.0, cluster disabled\./)
  })
})

describe('Grafana', () => {
  const connection = { apiUrl: 'https://grafana.example.com', credential: 'glsa_token', user: '', silenceMinutes: 30 }

  it("acknowledge: POST under /api/alertmanager/grafana/api/v2 with the service account's Bearer token", () => {
    const planned = grafanaTool.plan(input('acknowledge', { connection }))
    expect(planned).toMatchObject({
      kind: 'request',
      request: {
        method: 'POST',
        path: '/api/alertmanager/grafana/api/v2/silences',
        headers: { authorization: 'Bearer glsa_token', 'content-type': 'application/json' },
        body: { endsAt: '2026-12-07T13:30:00.000Z', createdBy: 'Dana (Hookbell)' },
      },
    })
    expect(grafanaTool.plan(input('reopen', { connection, previousRef: 'abc' }))).toMatchObject({
      request: { method: 'DELETE', path: '/api/alertmanager/grafana/api/v2/silence/abc' },
    })
  })

  it("Test connection reads the token's permissions and says whether it may silence", () => {
    expect(grafanaTool.probe(connection)).toMatchObject({ method: 'GET', path: '/api/access-control/user/permissions' })
    const say = (body: unknown) => grafanaTool.describeProbe({ status: 200, headers: {}, body })
    expect(say({ 'alert.silences:create': [''], 'alert.silences:write': [''] })).toBe('The token may create and expire silences.')
    expect(say({ 'alert.instances:create': [], 'alert.instances:write': [] })).toBe('The token may create and expire silences.')
    expect(say({ 'alert.silences:read': [''] })).toMatch(/may not create silences/)
    expect(grafanaTool.refusal({ status: 403, headers: {}, body: { message: 'Access denied' } })).toBe('Access denied')
  })
})
