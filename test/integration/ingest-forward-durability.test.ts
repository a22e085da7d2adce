// kill -9 in the middle of a burst with an automatic forward rule: every delivery answered 2xx is stored once
// and its forward is sent after restart, because the outbox row commits in the delivery's own transaction.
import { rmSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import type { Incident } from '../../src/shared/incident'
import { serveCli, type Served, servedApi } from '../helpers/cli'
import { loadUntilKilled } from '../helpers/load-until-killed'
import { startReceiver } from '../helpers/receiver'
import { hmacHex } from '../helpers/sign'
import { eventually, tempDir } from '../helpers/test-core'

const dataDir = tempDir()
let served: Served | null = null
const api = servedApi(() => served!, dataDir)
let ticketing: Awaited<ReturnType<typeof startReceiver>> | null = null
afterAll(async () => {
  await served?.stop()
  await ticketing?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

it('sends the forward of every delivery answered 2xx when the process was killed with SIGKILL mid-burst', async () => {
  ticketing = await startReceiver()
  served = await serveCli(dataDir)
  const created = await api<{ integration: { id: string }; secret: string }>('POST', '/api/integrations', {
    provider: 'generic',
  })
  await api('POST', '/api/targets', {
    name: 'Ticketing',
    url: ticketing.url,
    events: ['incident.created'],
    signing: 'standard-webhooks',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  const url = `${served.receiverBase}/hooks/${created.integration.id}`

  const burst = Array.from({ length: 400 }, (_, i) => `burst-${i}`)
  const { answered, killed } = await loadUntilKilled({
    items: burst,
    child: served.child,
    killAfter: 120,
    send: async (key) => {
      const body = JSON.stringify({
        summary: `Burst alert ${key}`,
        severity: 'error',
        status: 'triggered',
        dedup_key: key,
        source: 'load',
      })
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(created.secret, body)}` },
      })
      return response.status === 202
    },
  })
  await served.stop('SIGKILL')
  expect(killed).toBe(true)
  expect(answered.length).toBeGreaterThanOrEqual(120)

  served = await serveCli(dataDir)
  const stored: Incident[] = []
  let cursor: string | null = null
  do {
    const page: { incidents: Incident[]; nextCursor: string | null } = await api(
      'GET',
      `/api/incidents?status=open&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
    )
    stored.push(...page.incidents)
    cursor = page.nextCursor
  } while (cursor)
  const keys = stored.map((i) => i.dedupKey)
  expect(new Set(keys).size).toBe(keys.length)
  for (const key of answered) expect(keys).toContain(key)

  // Each answered delivery's incident reaches the target (a forward in flight at the kill may arrive twice:
  // receivers dedupe on webhook-id).
  const forwardedTitles = () =>
    new Set(ticketing!.received.map((r) => (JSON.parse(r.body) as { data: { title: string } }).data.title))
  await eventually(() => {
    const titles = forwardedTitles()
    for (const key of answered) expect(titles).toContain(`Burst alert ${key}`)
  }, 20_000)
  // Nothing was forwarded that was not stored.
  for (const title of forwardedTitles()) expect(keys).toContain(title.replace('Burst alert ', ''))
})
