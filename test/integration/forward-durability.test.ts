// A forward in flight when the app is killed is sent again after restart: committed before the first
// attempt, so nothing forwarded is lost.
import { rmSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import type { IncidentDetail } from '../../src/shared/incident'
import { serveCli, type Served, servedApi } from '../helpers/cli'
import { startReceiver } from '../helpers/receiver'
import { hmacHex } from '../helpers/sign'
import { eventually, tempDir } from '../helpers/test-core'

const dataDir = tempDir()
let served: Served | null = null
const api = servedApi(() => served!, dataDir)
let receiver: Awaited<ReturnType<typeof startReceiver>> | null = null
afterAll(async () => {
  await served?.stop()
  await receiver?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

it('delivers a forward that was in flight when the process was killed with SIGKILL', async () => {
  // The first request hangs (the app dies mid-attempt); the next one is answered.
  receiver = await startReceiver((_req, n) => (n === 1 ? 'hang' : { status: 200, body: 'ok' }))
  served = await serveCli(dataDir)
  const { integration, secret } = await api<{ integration: { id: string }; secret: string }>('POST', '/api/integrations', {
    provider: 'generic',
  })
  const body = JSON.stringify({ summary: 'Orders queue stuck', severity: 'critical', dedup_key: 'orders' })
  await fetch(`${served.receiverBase}/hooks/${integration.id}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret, body)}` },
  })
  const target = await api<{ id: string }>('POST', '/api/targets', {
    name: 'Ticketing',
    url: receiver.url,
    signing: 'standard-webhooks',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  const { incidents } = await api<{ incidents: { id: string }[] }>('GET', '/api/incidents')
  await api('POST', `/api/incidents/${incidents[0]!.id}/forward`, { targetId: target.id })
  await eventually(() => expect(receiver!.received).toHaveLength(1))

  await served.stop('SIGKILL')
  served = await serveCli(dataDir)

  await eventually(() => expect(receiver!.received).toHaveLength(2), 10_000)
  expect(receiver.received[1]!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id'])
  await eventually(async () => {
    const detail = await api<IncidentDetail>('GET', `/api/incidents/${incidents[0]!.id}`)
    expect(detail.timeline.map((e) => e.text)).toContain('forwarded to Ticketing → 200')
  })
})
