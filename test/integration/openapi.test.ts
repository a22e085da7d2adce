// /api/openapi.json describes every route of the HTTP API, and says the truth: a scenario calls every route
// on a real core and checks each request body and each answer against the description's schemas.
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
// ajv comes with conf (the settings store validates with it): the packaged app ships it, so it is not
// listed again as a devDependency (the packaging test refuses dev-only names in the package).
import { Ajv2020 } from 'ajv/dist/2020'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HTTP_ROUTES, type ApiMethod } from '../../src/shared/contract'
import { matchPath } from '../../src/server-common/http'
import { startHttpApi } from '../helpers/http-api'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

type Doc = {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, unknown> }
}
type Operation = {
  operationId: string
  parameters?: { name: string; in: string; required: boolean }[]
  requestBody?: { content: { 'application/json': { schema: unknown } } }
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>
}

let t: TestCore
let http: Awaited<ReturnType<typeof startHttpApi>>
let sink: Server
let sinkUrl: string
let doc: Doc
const ajv = new Ajv2020({ strict: false, allErrors: true })
ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s))

beforeAll(async () => {
  t = await startCore()
  http = await startHttpApi(t)
  // A forward target that accepts on /ok and refuses everything else with a 400 (a failure at once).
  sink = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(req.url === '/ok' ? 200 : 400).end(req.url === '/ok' ? 'ok' : 'no'))
  })
  sink.listen(0, '127.0.0.1')
  await once(sink, 'listening')
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`
  const response = await fetch(`${http.base}/api/openapi.json`) // no token: it holds no data
  expect(response.status).toBe(200)
  doc = (await response.json()) as Doc
  ajv.addSchema({ $id: 'hookbell', ...doc })
})
afterAll(async () => {
  sink.close()
  await http.stop()
  await t.stop()
})

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')

function operationFor(verb: string, path: string): { method: ApiMethod; key: string; op: Operation } {
  for (const [method, [routeVerb, pattern]] of Object.entries(HTTP_ROUTES) as [ApiMethod, readonly [string, string]][]) {
    if (routeVerb !== verb || !matchPath(pattern, path.split('?')[0]!)) continue
    const key = pattern.replace(/:(\w+)/g, '{$1}')
    return { method, key, op: doc.paths[key]![verb.toLowerCase()]! }
  }
  throw new Error(`no route for ${verb} ${path}`)
}

function check(where: string, schemaPointer: string, value: unknown, valid = true): void {
  const validate = ajv.getSchema(`hookbell#/${schemaPointer}`)
  if (!validate) throw new Error(`no schema at ${schemaPointer}`)
  const ok = validate(value)
  expect(ok, `${where}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`).toBe(valid)
}

const covered = new Set<ApiMethod>()
/** Calls a route, checking the request body and the answer against the description. */
async function call<T = Record<string, unknown>>(verb: string, path: string, body?: unknown, bodyValid = true): Promise<T> {
  const { method, key, op } = operationFor(verb, path)
  const base = pointer('paths', key, verb.toLowerCase())
  if (body !== undefined) {
    expect(op.requestBody, `${method} takes a body`).toBeDefined()
    check(`${method} request`, `${base}/requestBody/content/application~1json/schema`, body, bodyValid)
  }
  const response = await http.send<T>(verb, path, body)
  const status = String(response.status)
  const answerKey = op.responses[status] ? status : `${status[0]}XX`
  expect(op.responses[answerKey], `${method} answered ${status}: ${JSON.stringify(response.body)}`).toBeDefined()
  check(`${method} ${status}`, `${base}/responses/${answerKey}/content/application~1json/schema`, response.body)
  covered.add(method)
  return response.body
}

describe('/api/openapi.json', () => {
  it('is OpenAPI 3.1 with every route of the server, its parameters, body and answers', () => {
    expect(doc.openapi).toBe('3.1.0')
    for (const [method, [verb, pattern]] of Object.entries(HTTP_ROUTES) as [ApiMethod, readonly [string, string]][]) {
      const op = doc.paths[pattern.replace(/:(\w+)/g, '{$1}')]?.[verb.toLowerCase()]
      expect(op?.operationId, `${verb} ${pattern}`).toBe(method)
      for (const [, name] of pattern.matchAll(/:(\w+)/g))
        expect(op!.parameters).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }))
      const success = method.endsWith('.create') ? '201' : '200'
      expect(op!.responses[success]?.content?.['application/json']?.schema, method).toBeDefined()
      expect(op!.responses['4XX']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Error' })
    }
    expect(doc.paths['/api/incidents']!.get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'severity', 'integration', 'kind', 'q', 'limit', 'cursor']),
    )
  })

  it('matches what every route really takes and answers', { timeout: 60_000 }, async () => {
    await call('GET', '/api/providers')
    const created = await call<{ integration: { id: string } }>('POST', '/api/integrations', {
      provider: 'generic',
      name: 'API check',
      secret: 'api-check-secret',
    })
    const integrationId = created.integration.id
    await call('GET', '/api/integrations')
    await call('PATCH', `/api/integrations/${integrationId}`, { name: 'Renamed', rotateSecret: true })
    const sent = await call<{ incidentIds: string[] }>('POST', `/api/integrations/${integrationId}/test`, { sample: 'triggered' })
    const incidentId = sent.incidentIds[0]!
    const appsignal = await call<{ integration: { id: string } }>('POST', '/api/integrations', {
      provider: 'appsignal',
      secret: 'appsignal-token',
    })
    await call('POST', `/api/integrations/${appsignal.integration.id}/test`, { sample: 'anomaly' })
    await call('POST', `/api/integrations/${appsignal.integration.id}/test`, { sample: 'exception' })

    await call('GET', '/api/incidents?status=open,acknowledged&limit=10')
    await call('GET', '/api/incidents/counts?severity=critical')
    await call('GET', `/api/incidents/${incidentId}`)
    await call('POST', `/api/incidents/${incidentId}/acknowledge`)
    await call('POST', `/api/incidents/${incidentId}/resolve`)
    await call('POST', `/api/incidents/${incidentId}/reopen`)
    await call('POST', `/api/incidents/${incidentId}/snooze`, { until: new Date(Date.now() + 3_600_000).toISOString() })
    await call('POST', `/api/incidents/${incidentId}/snooze`, { until: null })
    await call('POST', '/api/incidents/acknowledge-all')
    const bulk = await call<{ previous: unknown[] }>('POST', '/api/incidents/bulk', {
      action: 'resolve',
      query: { status: ['acknowledged'] },
    })
    await call('POST', '/api/incidents/bulk', {
      action: 'snooze',
      ids: [incidentId],
      until: new Date(Date.now() + 60_000).toISOString(),
    })
    await call('POST', '/api/incidents/restore', { items: bulk.previous })
    await call('GET', `/api/incidents/${incidentId}?markRead=true`)

    await call('GET', '/api/targets/presets')
    const ok = await call<{ id: string }>('POST', '/api/targets', {
      name: 'ok',
      url: `${sinkUrl}/ok`,
      events: ['incident.created'],
      signing: 'hmac-sha256',
      secret: 'target-secret',
    })
    const refusing = await call<{ id: string }>('POST', '/api/targets', { name: 'refusing', url: `${sinkUrl}/no` })
    await call('GET', '/api/targets')
    await call('PATCH', `/api/targets/${ok.id}`, { name: 'ok (renamed)' })
    await call('POST', '/api/targets/preview', { target: { name: 'p', url: `${sinkUrl}/ok` }, incidentId })
    await call('POST', `/api/targets/${ok.id}/test`)
    await call('POST', `/api/incidents/${incidentId}/forward`, { targetId: refusing.id })
    const failed = await eventually(async () => {
      const list = await call<{ id: number }[]>('GET', '/api/forwards/failed')
      expect(list.length).toBeGreaterThan(0)
      return list
    })
    await call('POST', `/api/forwards/${failed[0]!.id}/retry`)

    // Acting on the source: the sink refuses the silence (400), so there is a failed action to retry.
    const am = await call<{ integration: { id: string } }>('POST', '/api/integrations', { provider: 'alertmanager' })
    await call('POST', `/api/integrations/${am.integration.id}/source`, { apiUrl: `${sinkUrl}/am`, silenceMinutes: 30 })
    await call('POST', `/api/integrations/${am.integration.id}/source/test`, {})
    const fired = await call<{ incidentIds: string[] }>('POST', `/api/integrations/${am.integration.id}/test`)
    await call('POST', `/api/incidents/${fired.incidentIds[0]!}/acknowledge`)
    const refused = await eventually(async () => {
      const detail = await call<{ sourceActions: { id: number; state: string }[] }>(
        'GET',
        `/api/incidents/${fired.incidentIds[0]!}`,
      )
      expect(detail.sourceActions[0]!.state).toBe('failed')
      return detail.sourceActions[0]!
    })
    await call('POST', `/api/source-actions/${refused.id}/retry`)

    const { deliveries } = await call<{ deliveries: { id: number }[] }>(
      'GET',
      `/api/deliveries?limit=5&integration=${integrationId}`,
    )
    await call('POST', `/api/deliveries/${deliveries[0]!.id}/replay`)
    await call('GET', '/api/settings')
    await call('PATCH', '/api/settings', { notifications: { pausedUntil: 'forever', quietHours: { enabled: true } } })
    await call('GET', '/api/status')
    await call('DELETE', `/api/targets/${refusing.id}`)
    await call('DELETE', `/api/integrations/${appsignal.integration.id}`)

    // Refusals have the documented error shape; the description also refuses the body the server refuses.
    await call('POST', `/api/incidents/${incidentId}/snooze`, {}, false)
    await call('GET', '/api/incidents/no-such-incident')

    expect([...Object.keys(HTTP_ROUTES)].filter((m) => !covered.has(m as ApiMethod))).toEqual([])
  })

  it('refuses a snooze without until (400) instead of ending the snooze', async () => {
    const { integration } = await t.api['integrations.create']({ provider: 'generic', secret: 'generic-secret' })
    const sent = await t.api['integrations.sendTest']({ id: integration.id })
    const id = sent.incidentIds[0]!
    const until = new Date(Date.now() + 3_600_000).toISOString()
    await http.send('POST', `/api/incidents/${id}/snooze`, { until })
    for (const body of [{}, undefined]) {
      const refused = await http.send<{ error: { code: string; message: string } }>('POST', `/api/incidents/${id}/snooze`, body)
      expect(refused.status).toBe(400)
      expect(refused.body.error.message).toBe('until is required: an ISO 8601 time, or null to end the snooze')
    }
    expect((await t.api['incidents.get']({ id })).snoozedUntil).toBe(until)
    const ended = await http.send<{ snoozedUntil: string | null }>('POST', `/api/incidents/${id}/snooze`, { until: null })
    expect(ended.status).toBe(200)
    expect(ended.body.snoozedUntil).toBeNull()
  })
})
