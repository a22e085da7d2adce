// The receiver, end to end over HTTP, on hostile deliveries: every one gets a clear status and a delivery-log
// entry, the process keeps answering, and the store stays consistent.
import { createHash, createHmac } from 'node:crypto'
import { request } from 'node:http'
import { DatabaseSync } from 'node:sqlite'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { PROVIDERS } from '../../src/main/core/providers'
import { startCore, type TestCore } from '../helpers/test-core'
import { contentType, FIXTURES, hostileBody } from './arbitraries'

const RUNS = 80
const PROVIDER_IDS = [...PROVIDERS.keys()]
const EXPECTED = new Set([200, 202, 400, 401, 404, 413, 415])

let t: TestCore
const integrations: Record<string, { id: string; secret: string }> = {}

beforeAll(async () => {
  // Rate limits out of the way: this is about what each delivery gets, not about floods.
  t = await startCore({ receiverLimits: { known: { perSecond: 1e6, burst: 1e6 }, unknown: { perSecond: 1e6, burst: 1e6 } } })
  for (const provider of PROVIDER_IDS) {
    const secret = PROVIDERS.get(provider)!.secret === 'none' ? '' : `secret-${provider}-0123456789`
    const created = await t.api['integrations.create']({ provider, secret: secret || undefined })
    integrations[provider] = { id: created.integration.id, secret }
  }
})
afterAll(() => t.stop())

/** Signs bytes as the provider would (over the raw bytes, invalid UTF-8 included). */
function signBytes(provider: string, secret: string, body: Buffer): Record<string, string> {
  const hmac = (data: Buffer) => createHmac('sha256', secret).update(data).digest('hex')
  const now = String(Math.floor(Date.now() / 1000))
  switch (provider) {
    case 'appsignal':
      return {
        'x-appsignal-signature': createHash('sha256')
          .update(Buffer.concat([Buffer.from(secret), body]))
          .digest('hex'),
      }
    case 'sentry':
      return { 'sentry-hook-signature': hmac(body), 'sentry-hook-resource': 'event_alert' }
    case 'checkly':
      return { 'x-checkly-signature': hmac(body), 'x-checkly-timestamp': now }
    case 'generic':
      return { 'x-signature': `sha256=${hmac(body)}` }
    case 'alertmanager':
      return { authorization: `Bearer ${secret}` }
    case 'grafana':
      return {
        'x-grafana-alerting-signature': hmac(Buffer.concat([Buffer.from(`${now}:`), body])),
        'x-grafana-alerting-timestamp': now,
      }
    default:
      return {}
  }
}

function post(path: string, body: Buffer, headers: Record<string, string | string[]>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.base}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
    })
    // A 413 closes the connection, possibly before the whole body is written.
    req.on('error', reject)
    req.end(body)
  })
}

const delivery = fc.record({
  provider: fc.constantFrom(...PROVIDER_IDS),
  sign: fc.constantFrom('valid', 'valid', 'wrong', 'none'),
  unknownTarget: fc.nat({ max: 4 }).map((n) => n === 0),
  // Mostly JSON, so that many deliveries get as far as normalize and the store.
  contentType: fc.oneof({ arbitrary: fc.constant('application/json'), weight: 3 }, { arbitrary: contentType, weight: 1 }),
  duplicate: fc.nat({ max: 3 }).map((n) => n === 0),
})

it('answers every hostile delivery with a clear status and exactly one delivery-log entry, and stays consistent', async () => {
  let accepted = 0
  let lastId = (await t.api['deliveries.list']({ limit: 1 })).deliveries[0]?.id ?? 0
  await fc.assert(
    fc.asyncProperty(
      delivery.chain((d) =>
        // Realistic deliveries among the hostile ones, as on a real receiver.
        fc
          .oneof(
            { arbitrary: fc.constantFrom(...FIXTURES[d.provider]!).map((text) => Buffer.from(text)), weight: 2 },
            { arbitrary: hostileBody(d.provider), weight: 3 },
          )
          .map((body) => ({ ...d, body })),
      ),
      async (d) => {
        const { id, secret } = integrations[d.provider]!
        const signed = d.sign === 'none' ? {} : signBytes(d.provider, d.sign === 'valid' ? secret : 'wrong-secret', d.body)
        const headers: Record<string, string | string[]> = { ...signed }
        if (d.contentType) headers['content-type'] = d.contentType
        // Duplicated headers: the signature twice (one wrong), the content type twice.
        if (d.duplicate) {
          for (const [name, value] of Object.entries(signed)) headers[name] = [value, `${value.slice(0, -2)}00`]
          headers['content-type'] = [d.contentType || 'application/json', 'text/plain']
        }
        let answer: { status: number; text: string }
        try {
          answer = await post(`/hooks/${d.unknownTarget ? 'f'.repeat(32) : id}`, d.body, headers)
        } catch {
          // Only a refused oversized body may end in a reset while the client is still writing.
          expect(d.body.length).toBeGreaterThan(1024 * 1024)
          answer = { status: 413, text: '{"error":{"message":"too large"}}' }
        }
        expect(EXPECTED).toContain(answer.status)
        const parsed = JSON.parse(answer.text) as { error?: { message: string }; deliveryId?: number }
        if (answer.status >= 400) expect(parsed.error?.message.length).toBeGreaterThan(0)
        const [newest] = (await t.api['deliveries.list']({ limit: 2 })).deliveries
        expect(newest!.id).toBe(lastId + 1)
        expect(newest!.status).toBe(answer.status)
        if (answer.status >= 400) expect(newest!.reason?.length).toBeGreaterThan(0)
        lastId = newest!.id
        if (newest!.outcome === 'accepted') accepted++
      },
    ),
    { numRuns: RUNS },
  )

  // The run reached the store, not only the refusals.
  expect(accepted).toBeGreaterThan(0)
  expect((await fetch(`${t.base}/healthz`)).status).toBe(200)
  const db = new DatabaseSync(t.core.dbPath, { readOnly: true })
  try {
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' })
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([])
  } finally {
    db.close()
  }
  const { incidents } = await t.api['incidents.list']({ status: ['open', 'acknowledged', 'resolved'], limit: 500 })
  for (const incident of incidents) {
    const detail = await t.api['incidents.get']({ id: incident.id })
    expect(detail.title.length).toBeLessThanOrEqual(500)
    expect(() => JSON.stringify(detail)).not.toThrow()
  }
  expect(t.logs.filter((line) => /could not commit|normalizer failed/.test(line))).toEqual([])
})
