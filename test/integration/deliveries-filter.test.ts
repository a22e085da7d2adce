// The delivery log's "rejected only": the core filters, so refusals are found behind any number of accepted
// deliveries; accepted ones name the incidents they made (the window links to them).
import { afterEach, describe, expect, it } from 'vitest'
import { fixture } from '../fixtures/load'
import { alertStorm, SECRET } from '../helpers/on-call'
import { startHttpApi } from '../helpers/http-api'
import { SIGNERS } from '../helpers/sign'
import { startCore, type TestCore } from '../helpers/test-core'

let t: TestCore | null = null
afterEach(async () => {
  await t?.stop()
  t = null
})

describe('deliveries.list', () => {
  it('lists only refusals with outcome=rejected, past a page of accepted deliveries', async () => {
    t = await startCore()
    const { integration } = await t.api['integrations.create']({ provider: 'alertmanager', secret: SECRET })
    const body = alertStorm(3)
    expect((await t.post(integration.id, body, { authorization: 'Bearer wrong' })).status).toBe(401)
    for (let i = 0; i < 5; i++) {
      const distinct = body.replace(/crash0/g, `crash${i + 1}`)
      expect((await t.post(integration.id, distinct, SIGNERS.alertmanager!(SECRET, distinct))).status).toBeLessThan(300)
    }
    const firstPage = await t.api['deliveries.list']({ limit: 5 })
    expect(firstPage.deliveries.map((d) => d.outcome)).toEqual(Array(5).fill('accepted'))
    expect(firstPage.deliveries[0]!.incidentIds).toHaveLength(3)
    const rejected = await t.api['deliveries.list']({ limit: 5, outcome: 'rejected' })
    expect(rejected.deliveries).toHaveLength(1)
    expect(rejected.deliveries[0]).toMatchObject({ outcome: 'rejected', status: 401, incidentIds: [] })
    await expect(t.api['deliveries.list']({ outcome: 'lost' as never })).rejects.toThrow(/outcome "lost" is not one of/)
  })

  it('over HTTP too: ?outcome=rejected, and a clear 400 for an outcome that does not exist', async () => {
    t = await startCore()
    const http = await startHttpApi(t)
    try {
      const { integration } = await t.api['integrations.create']({ provider: 'generic', secret: SECRET })
      await t.post(integration.id, fixture('generic', 'triggered'), { 'x-signature': 'sha256=00' })
      const listed = await http.get<{ deliveries: { outcome: string }[] }>('/api/deliveries?outcome=rejected')
      expect(listed.body.deliveries.map((d) => d.outcome)).toEqual(['rejected'])
      expect((await http.get<{ deliveries: unknown[] }>('/api/deliveries?outcome=accepted')).body.deliveries).toEqual([])
      const bad = await http.get<{ error: { message: string } }>('/api/deliveries?outcome=lost')
      expect(bad.status).toBe(400)
      expect(bad.body.error.message).toBe('outcome "lost" is not one of accepted, duplicate, ignored, rejected')
    } finally {
      await http.stop()
    }
  })
})
