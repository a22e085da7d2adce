import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Incident, IncidentDetail } from '../../src/shared/incident'
import type { DeliveryView } from '../../src/shared/model'
import { fixture } from '../fixtures/load'
import { startHttpApi } from '../helpers/http-api'
import { hmacHex } from '../helpers/sign'
import { eventually, startCore, type TestCore } from '../helpers/test-core'

let t: TestCore
let http: Awaited<ReturnType<typeof startHttpApi>>
let integrationId: string
let secret: string

beforeEach(async () => {
  t = await startCore()
  http = await startHttpApi(t)
  const created = await http.send<{ integration: { id: string; receiverUrl: string }; secret: string }>(
    'POST',
    '/api/integrations',
    { provider: 'generic', name: 'Gateway' },
  )
  expect(created.status).toBe(201)
  integrationId = created.body.integration.id
  secret = created.body.secret
  expect(created.body.integration.receiverUrl).toBe(`${t.base}/hooks/${integrationId}`)
})

afterEach(async () => {
  await http.stop()
  await t.stop()
})

const signed = (body: string) => ({ 'x-signature': `sha256=${hmacHex(secret, body)}` })
const incidents = async () =>
  (await http.get<{ incidents: Incident[] }>('/api/incidents?status=open,acknowledged,resolved')).body.incidents
const deliveries = async () => (await http.get<{ deliveries: DeliveryView[] }>('/api/deliveries')).body.deliveries

describe('POST /hooks/:integrationId', () => {
  it('answers 202 after the commit and the incident is visible through the API', async () => {
    const body = fixture('generic', 'triggered')
    const response = await t.post(integrationId, body, signed(body))
    expect(response.status).toBe(202)
    const answer = (await response.json()) as { incidents: string[] }
    const list = await incidents()
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      id: answer.incidents[0],
      title: 'Database connection timeout',
      severity: 'critical',
      status: 'open',
      occurrences: 1,
      integrationId,
    })
    const detail = (await http.get<IncidentDetail>(`/api/incidents/${list[0]!.id}`)).body
    expect(detail.timeline.map((e) => e.text)).toContain('opened by source')
    expect(detail.raw?.headers['x-signature']).toBe('[redacted]')
  })

  it('counts a repeat as an occurrence of the same incident', async () => {
    const first = fixture('generic', 'triggered')
    const repeat = first.replace('2024-01-15T10:30:00Z', '2024-01-15T10:31:00Z')
    expect((await t.post(integrationId, first, signed(first))).status).toBe(202)
    expect((await t.post(integrationId, repeat, signed(repeat))).status).toBe(202)
    const list = await incidents()
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ occurrences: 2, lastSeenAt: '2024-01-15T10:31:00.000Z' })
  })

  it('records a redelivery of the same bytes as a duplicate, not an occurrence', async () => {
    const body = fixture('generic', 'triggered')
    await t.post(integrationId, body, signed(body))
    const again = await t.post(integrationId, body, signed(body))
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ status: 'duplicate', reason: 'redelivery of a delivery already committed' })
    expect((await incidents())[0]!.occurrences).toBe(1)
    expect((await deliveries()).map((d) => d.outcome)).toEqual(['duplicate', 'accepted'])
  })

  it('refuses a compressed body with 415 and what to send instead, not "malformed JSON" with binary in it', async () => {
    const body = fixture('generic', 'triggered')
    const gzipped = gzipSync(body)
    for (const encoding of ['gzip', 'br', 'identity, gzip']) {
      const response = await t.post(integrationId, gzipped, { ...signed(body), 'content-encoding': encoding })
      expect(response.status).toBe(415)
      const { error } = (await response.json()) as { error: { message: string } }
      expect(error.message).toBe(
        `Content-Encoding ${encoding.replace('identity, ', '')} is not supported; send the body uncompressed`,
      )
    }
    expect((await deliveries()).map((d) => [d.status, d.reason])).toEqual(
      Array(3).fill([415, expect.stringMatching(/^Content-Encoding .* is not supported; send the body uncompressed$/)]),
    )
    expect((await t.post(integrationId, body, { ...signed(body), 'content-encoding': 'identity' })).status).toBe(202)
  })

  it('takes a body that starts with a UTF-8 byte order mark, signed over the bytes as sent', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixture('generic', 'triggered'))])
    const response = await t.post(integrationId, body, { 'x-signature': `sha256=${hmacHex(secret, body)}` })
    expect(response.status).toBe(202)
    expect((await incidents())[0]).toMatchObject({ title: 'Database connection timeout' })
    // Signed over the body without its mark: not what was sent, so refused.
    const unmarked = body.subarray(3)
    const resigned = await t.post(integrationId, body, { 'x-signature': `sha256=${hmacHex(secret, unmarked)}` })
    expect(resigned.status).toBe(401)
  })

  it('never echoes control or binary characters in a malformed-JSON refusal', async () => {
    const body = Buffer.from('\u0001\u001b[31m{"summary": "x"}')
    const response = await t.post(integrationId, body, { 'x-signature': `sha256=${hmacHex(secret, body)}` })
    expect(response.status).toBe(400)
    const { error } = (await response.json()) as { error: { message: string } }
    expect(error.message).toMatch(/^malformed JSON: /)
    expect(error.message).toContain('\\u0001')
    expect(error.message).not.toMatch(/\p{Cc}/u)
    expect((await deliveries())[0]!.reason).toBe(error.message)
  })

  it('names a signature scheme other than sha256 instead of calling it a mismatch', async () => {
    const body = fixture('generic', 'triggered')
    const response = await t.post(integrationId, body, { 'x-signature': 'md5=zz' })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({
      error: { message: 'unsupported signature scheme md5 (expected sha256)' },
    })
  })

  it('applies a resolve from the payload', async () => {
    const open = fixture('generic', 'triggered')
    const resolved = fixture('generic', 'resolved')
    await t.post(integrationId, open, signed(open))
    await t.post(integrationId, resolved, signed(resolved))
    expect((await incidents())[0]).toMatchObject({ status: 'resolved', occurrences: 1 })
  })

  it('rejects a bad signature with 401, logs the reason, and makes no incident', async () => {
    const body = fixture('generic', 'triggered')
    const response = await t.post(integrationId, body, { 'x-signature': `sha256=${hmacHex('wrong', body)}` })
    expect(response.status).toBe(401)
    expect(await incidents()).toHaveLength(0)
    const [delivery] = await deliveries()
    expect(delivery).toMatchObject({
      outcome: 'rejected',
      status: 401,
      integrationId,
      reason: expect.stringMatching(/signature mismatch/),
    })
  })

  it('rejects a body over 1 MiB with 413 and logs it', async () => {
    const big = JSON.stringify({ summary: 'x', padding: 'a'.repeat(1024 * 1024) })
    const response = await t.post(integrationId, big, signed(big))
    expect(response.status).toBe(413)
    expect((await deliveries())[0]).toMatchObject({ outcome: 'rejected', status: 413 })
    expect(await incidents()).toHaveLength(0)
  })

  it('rejects invalid JSON with 400 and says why', async () => {
    const body = '{"summary": "unterminated'
    const response = await t.post(integrationId, body, signed(body))
    expect(response.status).toBe(400)
    expect((await response.json()) as object).toMatchObject({ error: { message: expect.stringMatching(/^malformed JSON/) } })
    expect((await deliveries())[0]).toMatchObject({ outcome: 'rejected', status: 400 })
  })

  it('rejects a non-JSON content type with 415', async () => {
    const body = 'summary=x'
    const response = await fetch(`${t.base}/hooks/${integrationId}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signed(body) },
    })
    expect(response.status).toBe(415)
  })

  it('answers 404 for an unknown integration and logs it', async () => {
    const response = await t.post('unknown-integration-id-000000', '{}')
    expect(response.status).toBe(404)
    expect((await deliveries())[0]).toMatchObject({ outcome: 'rejected', status: 404, integrationId: null })
  })

  it('answers GET /healthz and refuses other methods on hooks', async () => {
    expect((await fetch(`${t.base}/healthz`)).status).toBe(200)
    expect((await fetch(`${t.base}/hooks/${integrationId}`)).status).toBe(405)
    // The receiver never serves the API, so a tunnel to it exposes nothing else.
    expect((await fetch(`${t.base}/api/incidents`)).status).toBe(404)
  })

  it('pushes incident.created to SSE subscribers', async () => {
    const controller = new AbortController()
    const stream = await fetch(`${http.base}/api/events`, {
      headers: { authorization: `Bearer ${http.token}` },
      signal: controller.signal,
    })
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader()
    const body = fixture('generic', 'triggered')
    await t.post(integrationId, body, signed(body))
    let text = ''
    await eventually(async () => {
      const { value } = await reader.read()
      text += value ?? ''
      expect(text).toContain('event: incident.created')
    })
    controller.abort()
  })
})

describe('API auth', () => {
  it('refuses requests without the token', async () => {
    expect((await http.get('/api/incidents', false)).status).toBe(401)
    const wrong = await fetch(`${http.base}/api/incidents`, { headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)
  })
  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve) => {
      const req = request(
        `${http.base}/api/incidents`,
        { headers: { host: 'evil.example', authorization: `Bearer ${http.token}` } },
        (res) => resolve(res.statusCode ?? 0),
      )
      req.end()
    })
    expect(status).toBe(403)
  })
  it('validates arguments with a clear 400', async () => {
    const bad = await http.get<{ error: { message: string } }>('/api/incidents?status=bogus')
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/status "bogus" is not one of/)
  })
})
