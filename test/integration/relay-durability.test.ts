// Killing the app while it drains the relay loses and duplicates nothing: the cursor moves only after
// the batch is committed, so a crash replays, and dedupe absorbs the replay.
import { rmSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import type { DeliveryView } from '../../src/shared/model'
import { addRelayChannel, relayCli, serveCli, type Served, servedApi } from '../helpers/cli'
import { hmacHex } from '../helpers/sign'
import { eventually, tempDir } from '../helpers/test-core'

const appDir = tempDir()
const relayDir = tempDir('hookbell-relay-')
let served: Served | null = null
const api = servedApi(() => served!, appDir)
let relay: Awaited<ReturnType<typeof relayCli>> | null = null
afterAll(async () => {
  await served?.stop()
  await relay?.stop()
  rmSync(appDir, { recursive: true, force: true })
  rmSync(relayDir, { recursive: true, force: true })
})

it('kill -9 of the app mid-stream: every delivery on the relay ends up committed exactly once', async () => {
  relay = await relayCli(relayDir)
  const channel = await addRelayChannel(relayDir, relay.base)
  served = await serveCli(appDir)
  const { integration, secret } = await api<{ integration: { id: string; relayUrl: string | null }; secret: string }>(
    'POST',
    '/api/integrations',
    { provider: 'generic' },
  )
  await api('PATCH', '/api/settings', { relay: { url: channel.url, readToken: channel.token, enabled: true } })
  const relayUrl = `${channel.url}?integration=${integration.id}`

  const TOTAL = 150
  const send = async (i: number) => {
    const body = JSON.stringify({ summary: `Relayed ${i}`, dedup_key: `relayed-${i}`, severity: 'warning' })
    const r = await fetch(relayUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret, body)}` },
    })
    expect(r.status).toBe(202)
  }
  for (let i = 0; i < 60; i++) await send(i)
  // Kill while the app is taking deliveries off the relay.
  await eventually(async () =>
    expect((await api<{ deliveries: DeliveryView[] }>('GET', '/api/deliveries?limit=5')).deliveries.length).toBeGreaterThan(0),
  )
  await served.stop('SIGKILL')
  for (let i = 60; i < TOTAL; i++) await send(i)
  served = await serveCli(appDir)

  await eventually(async () => {
    const { incidents } = await api<{ incidents: { dedupKey: string; occurrences: number }[] }>('GET', '/api/incidents?limit=500')
    expect(incidents).toHaveLength(TOTAL)
  }, 20_000)
  const { incidents } = await api<{ incidents: { dedupKey: string; occurrences: number }[] }>('GET', '/api/incidents?limit=500')
  expect(new Set(incidents.map((i) => i.dedupKey)).size).toBe(TOTAL)
  expect(incidents.every((i) => i.occurrences === 1)).toBe(true)
})
