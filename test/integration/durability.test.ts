// kill -9 in the middle of a burst: every delivery answered 2xx is there after restart, exactly once.
import { rmSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import type { Incident } from '../../src/shared/incident'
import { serveCli, type Served, servedApi } from '../helpers/cli'
import { hmacHex } from '../helpers/sign'
import { tempDir } from '../helpers/test-core'

const dataDir = tempDir()
let served: Served | null = null
const api = servedApi(() => served!, dataDir)
afterAll(async () => {
  await served?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

it('loses and duplicates nothing that was answered 2xx when the process is killed with SIGKILL', async () => {
  served = await serveCli(dataDir)
  const created = await api<{ integration: { id: string }; secret: string }>('POST', '/api/integrations', {
    provider: 'generic',
  })
  const url = `${served.receiverBase}/hooks/${created.integration.id}`

  const TOTAL = 400
  const answered: string[] = []
  let next = 0
  let killed = false
  const worker = async () => {
    while (next < TOTAL) {
      const key = `burst-${next++}`
      const body = JSON.stringify({
        summary: `Burst alert ${key}`,
        severity: 'error',
        status: 'triggered',
        dedup_key: key,
        source: 'load',
      })
      try {
        const response = await fetch(url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(created.secret, body)}` },
        })
        if (response.status === 202) answered.push(key)
        if (answered.length === 120 && !killed) {
          killed = true
          served!.child.kill('SIGKILL')
        }
      } catch {
        // Refused or cut off by the kill: not answered, so the sender would retry; nothing to check.
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  await served.stop('SIGKILL')
  expect(killed).toBe(true)
  expect(answered.length).toBeGreaterThanOrEqual(120)
  expect(answered.length).toBeLessThan(TOTAL)

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
  expect(stored.every((i) => i.occurrences === 1)).toBe(true)
})
