// "Send test delivery": the core signs a sample with the stored secret and posts it to its own receiver.
import { afterEach, describe, expect, it } from 'vitest'
import type { SentTest } from '../../src/shared/model'
import { PROVIDERS } from '../../src/main/core/providers'
import { startHttpApi } from '../helpers/http-api'
import { startCore, type TestCore } from '../helpers/test-core'

let t: TestCore | null = null
let http: Awaited<ReturnType<typeof startHttpApi>> | null = null
afterEach(async () => {
  await http?.stop()
  await t?.stop()
  http = null
  t = null
})

describe('integrations.sendTest', () => {
  it('delivers every sample of every provider, signed with the stored secret, through the receiver', async () => {
    t = await startCore()
    http = await startHttpApi(t)
    for (const provider of PROVIDERS.values()) {
      const secret = provider.secret === 'provider-generated' ? `${provider.id}-secret-from-the-tool` : undefined
      const { integration } = await t.api['integrations.create']({ provider: provider.id, secret })
      for (const sample of Object.keys(provider.samples)) {
        const sent = await http.send<SentTest>('POST', `/api/integrations/${integration.id}/test`, { sample })
        expect(sent.status, `${provider.id} ${sample}`).toBe(200)
        // Only AWS can sign an SNS message (a provider that looks up the vendor's key): refused, saying why.
        if (provider.prepare) {
          expect(sent.body).toMatchObject({
            outcome: 'rejected',
            status: 401,
            reason: expect.stringMatching(/only AWS can sign/),
          })
          continue
        }
        expect(sent.body, `${provider.id} ${sample}`).toMatchObject({ sample, status: 202, reason: null })
        expect(['accepted', 'ignored']).toContain(sent.body.outcome)
      }
      const { deliveries } = await t.api['deliveries.list']({ integration: integration.id })
      expect(deliveries).toHaveLength(Object.keys(provider.samples).length)
      expect(deliveries.every((d) => (provider.prepare || d.outcome !== 'rejected') && d.via === 'direct')).toBe(true)
    }
  })

  it('shows the receiver refusing it when the tool secret was never pasted, and never returns a secret', async () => {
    t = await startCore()
    http = await startHttpApi(t)
    const { integration } = await t.api['integrations.create']({ provider: 'appsignal' })
    const sent = await http.send<SentTest>('POST', `/api/integrations/${integration.id}/test`)
    expect(sent.status).toBe(200)
    expect(sent.body.outcome).toBe('rejected')
    expect(sent.body.status).toBe(401)
    expect(sent.body.reason).toMatch(/^no verification token set in Hookbell/)

    await t.api['integrations.update']({ id: integration.id, secret: 'pasted-appsignal-token' })
    const after = await http.send<SentTest>('POST', `/api/integrations/${integration.id}/test`, { sample: 'exception' })
    expect(after.body).toMatchObject({ outcome: 'accepted', status: 202 })
    expect(after.body.incidentIds).toHaveLength(1)
    expect(JSON.stringify(after.body)).not.toContain('pasted-appsignal-token')
    const incident = await t.api['incidents.get']({ id: after.body.incidentIds[0]! })
    expect(incident.integrationId).toBe(integration.id)
  })

  it('answers a clear error for an unknown integration or sample', async () => {
    t = await startCore()
    http = await startHttpApi(t)
    const missing = await http.send<{ error: { code: string } }>('POST', '/api/integrations/nope/test')
    expect(missing.status).toBe(404)
    const { integration } = await t.api['integrations.create']({ provider: 'generic' })
    const bad = await http.send<{ error: { code: string; message: string } }>(
      'POST',
      `/api/integrations/${integration.id}/test`,
      {
        sample: 'nonsense',
      },
    )
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toBe('Generic webhook samples: triggered, resolved')
  })
})
