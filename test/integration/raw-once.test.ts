// An incident's raw view (headers and body in the detail) is read from the delivery log, where the body is
// stored once; the log's retention keeps the deliveries incidents still show.
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IncidentDetail } from '../../src/shared/incident'
import { fixture } from '../fixtures/load'
import { hmacHex } from '../helpers/sign'
import { startCore, tempDir, type TestCore } from '../helpers/test-core'

const DAY = 86_400_000
let clock = Date.parse('2026-11-01T09:00:00Z')
let dataDir: string
let t: TestCore
let integrationId: string
let secret: string

beforeEach(async () => {
  clock = Date.parse('2026-11-01T09:00:00Z')
  dataDir = tempDir()
  t = await startCore({ dataDir, now: () => clock })
  const created = await t.api['integrations.create']({ provider: 'generic' })
  integrationId = created.integration.id
  secret = created.secret!
})
afterEach(async () => {
  await t.stop()
})

async function post(body: string): Promise<string> {
  const response = await t.post(integrationId, body, {
    'x-signature': `sha256=${hmacHex(secret, body)}`,
    'x-request-id': 'req-42',
  })
  expect(response.status).toBe(202)
  return ((await response.json()) as { incidents: string[] }).incidents[0]!
}

const detail = (id: string) => t.api['incidents.get']({ id }) as Promise<IncidentDetail>

/** Opens the core again on the same database, `days` later (retention runs when it starts). */
async function restartAfter(days: number): Promise<void> {
  await t.stop(false)
  clock += days * DAY
  t = await startCore({ dataDir, now: () => clock })
}

function query<T>(sql: string): T[] {
  const db = new DatabaseSync(t.core.dbPath, { readOnly: true })
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

describe("an incident's raw delivery", () => {
  it('shows the delivery it came in: the parsed body, the headers with the signature hidden', async () => {
    const body = fixture('generic', 'triggered')
    const id = await post(body)
    const { raw } = await detail(id)
    expect(raw?.body).toEqual(JSON.parse(body))
    expect(raw?.headers).toMatchObject({ 'x-signature': '[redacted]', 'x-request-id': 'req-42' })
    expect(raw?.headers['content-type']).toContain('application/json')
  })

  it('is the latest delivery that changed the incident', async () => {
    const first = fixture('generic', 'triggered')
    const repeat = first.replace('2024-01-15T10:30:00Z', '2024-01-15T10:31:00Z')
    expect(repeat).not.toBe(first)
    const id = await post(first)
    expect(await post(repeat)).toBe(id)
    expect((await detail(id)).raw?.body).toEqual(JSON.parse(repeat))
  })

  it('holds the body bytes once in the database', async () => {
    const bodies = [fixture('generic', 'triggered'), fixture('generic', 'triggered').replace('10:30:00', '10:45:00')]
    for (const body of bodies) await post(body)
    const [stored] = query<{ bytes: number }>(
      'SELECT (SELECT SUM(length(body)) FROM deliveries) + (SELECT COALESCE(SUM(length(raw)), 0) FROM incidents) AS bytes',
    )
    expect(stored!.bytes).toBe(bodies.reduce((n, b) => n + Buffer.byteLength(b), 0))
  })

  it("survives the delivery log's retention while the incident shows it; deliveries no incident shows go", async () => {
    const first = fixture('generic', 'triggered')
    const repeat = first.replace('2024-01-15T10:30:00Z', '2024-01-15T10:31:00Z')
    const id = await post(first)
    await post(repeat) // the incident now shows this one; the first is only history

    await restartAfter(8) // past the 7 days bodies are kept
    expect((await detail(id)).raw).toMatchObject({ body: JSON.parse(repeat), headers: { 'x-signature': '[redacted]' } })
    expect(query<{ kept: number }>('SELECT body IS NOT NULL AS kept FROM deliveries ORDER BY id')).toEqual([
      { kept: 0 },
      { kept: 1 },
    ])

    await restartAfter(23) // 31 days: past the 30 days rows are kept
    expect((await detail(id)).status).toBe('open')
    expect((await detail(id)).raw?.body).toEqual(JSON.parse(repeat))
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM deliveries')).toEqual([{ n: 1 }])
  })

  it('of an incident stored before the delivery log held it is the raw text the row kept', async () => {
    const id = await post(fixture('generic', 'triggered'))
    const old = { headers: { 'content-type': 'application/json', 'x-signature': '[redacted]' }, body: { summary: 'from 0.1' } }
    const db = new DatabaseSync(t.core.dbPath)
    db.prepare('UPDATE incidents SET raw = ?, raw_delivery = NULL WHERE id = ?').run(JSON.stringify(old), id)
    db.close()
    expect((await detail(id)).raw).toEqual(old)
  })
})
