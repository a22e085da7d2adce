// kill -9 right after a change that did not come from a delivery (your acknowledge, a bulk resolve, a
// teammate's note applied from the relay), with forward rules on those events: after restart each change is
// forwarded exactly once, because its outbox rows commit in the change's own transaction. Several targets
// match each change, so that a change committed apart from its forwards would show as a target left out.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Incident } from '../../src/shared/incident'
import { addRelayChannel, addRelayReader, relayCli, serveCli, type Served, servedApi } from '../helpers/cli'
import { loadUntilKilled } from '../helpers/load-until-killed'
import { startReceiver } from '../helpers/receiver'
import { startRelayBackend, type RelayBackend } from '../helpers/relay-backend'
import { hmacHex } from '../helpers/sign'
import { eventually, tempDir } from '../helpers/test-core'

const TARGETS = 20
const ROUNDS = 2
const SECRET = 'hbk_team-shared-secret-for-tests'
const INTEGRATION = 'team_generic_integration_01'
const dataDir = tempDir()
let served: Served | null = null
const api = servedApi(() => served!, dataDir)
let targets: Awaited<ReturnType<typeof startReceiver>>
let backend: RelayBackend
let relay: Awaited<ReturnType<typeof relayCli>>
let channel: { url: string; token: string; id: string }
let teammate: string

beforeAll(async () => {
  targets = await startReceiver()
  backend = await startRelayBackend('sqlite')
  relay = await relayCli(backend.dataDir, backend.args)
  channel = await addRelayChannel(backend.dataDir, relay.base, backend.args)
  teammate = await addRelayReader(backend.dataDir, channel.id, 'bob-laptop', backend.args)
  served = await serveCli(dataDir)
  await api('POST', '/api/integrations', { provider: 'generic', id: INTEGRATION, secret: SECRET, name: 'Team alerts' })
  await api('PATCH', '/api/settings', { userName: 'Dana', relay: { url: channel.url, readToken: channel.token, enabled: true } })
  for (let t = 0; t < TARGETS; t++) {
    await api('POST', '/api/targets', {
      name: `Ticketing ${t}`,
      url: `${targets.url}/t${t}`,
      events: ['incident.acknowledged', 'incident.resolved'],
      signing: 'standard-webhooks',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    })
  }
})
afterAll(async () => {
  await served?.stop()
  await targets.stop()
  await relay.stop()
  await backend.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

/**
 * Posts `count` alerts, to the app's receiver or through the team channel (whose rate limit allows a burst of
 * 200), and waits until the app has them all as incidents.
 */
async function alerts(prefix: string, count: number, via: 'direct' | 'relay' = 'direct'): Promise<Incident[]> {
  const url = via === 'relay' ? `${channel.url}?integration=${INTEGRATION}` : `${served!.receiverBase}/hooks/${INTEGRATION}`
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({ summary: `Checkout latency ${prefix}-${i}`, dedup_key: `${prefix}-${i}`, severity: 'error' })
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(SECRET, body)}` },
    })
    expect(response.status).toBe(202)
  }
  return eventually(async () => {
    const { incidents } = await api<{ incidents: Incident[] }>('GET', `/api/incidents?limit=500&q=${prefix}`)
    expect(incidents).toHaveLength(count)
    return incidents
  }, 20_000)
}

async function restart(): Promise<void> {
  await served!.stop('SIGKILL')
  served = await serveCli(dataDir)
}

async function statusOf(ids: string[]): Promise<Map<string, Incident['status']>> {
  const { incidents } = await api<{ incidents: Incident[] }>('GET', '/api/incidents?limit=500&status=open,acknowledged,resolved')
  return new Map(incidents.filter((i) => ids.includes(i.id)).map((i) => [i.id, i.status]))
}

/** The distinct forwards each target received, by incident and event (a resend keeps its webhook-id). */
function forwardsByIncident(): (incidentId: string, event: string) => number[] {
  const seen = new Map<string, Set<string>>()
  for (const r of targets.received) {
    const body = JSON.parse(r.body) as { event: string; data: { id: string } }
    const key = `${r.path} ${body.event} ${body.data.id}`
    if (!seen.has(key)) seen.set(key, new Set())
    seen.get(key)!.add(r.headers['webhook-id']!)
  }
  return (incidentId, event) => Array.from({ length: TARGETS }, (_, t) => seen.get(`/t${t} ${event} ${incidentId}`)?.size ?? 0)
}

/** Every changed incident reaches every target exactly once; an unchanged one reaches none. */
async function expectForwardedOnce(ids: string[], status: Incident['status'], event: string): Promise<number> {
  const statuses = await statusOf(ids)
  const changed = ids.filter((id) => statuses.get(id) === status)
  await eventually(() => {
    const forwards = forwardsByIncident()
    for (const id of changed) expect({ id, forwards: forwards(id, event) }).toEqual({ id, forwards: Array(TARGETS).fill(1) })
  }, 30_000)
  const forwards = forwardsByIncident()
  for (const id of ids.filter((i) => !changed.includes(i)))
    expect({ id, forwards: forwards(id, event) }).toEqual({ id, forwards: Array(TARGETS).fill(0) })
  return changed.length
}

it('forwards every acknowledge answered before a SIGKILL exactly once after restart', async () => {
  // A kill lands wherever the app happens to be; a few rounds make landing between two writes likely.
  for (let round = 0; round < ROUNDS; round++) {
    const incidents = await alerts(`ack${round}`, 60)
    const { answered, killed } = await loadUntilKilled({
      items: incidents.map((i) => i.id),
      child: served!.child,
      killAfter: 20,
      workers: 8,
      send: async (id) => (await api<{ status?: string }>('POST', `/api/incidents/${id}/acknowledge`)).status === 'acknowledged',
    })
    expect(killed).toBe(true)
    await restart()
    const statuses = await statusOf(answered)
    for (const id of answered) expect(statuses.get(id)).toBe('acknowledged')
    const ids = incidents.map((i) => i.id)
    expect(await expectForwardedOnce(ids, 'acknowledged', 'incident.acknowledged')).toBeGreaterThanOrEqual(20)
  }
}, 180_000)

it('an acknowledge killed while its forwards are being written is either both or neither after restart', async () => {
  const [incident] = await alerts('slow', 1)
  // A test-only trigger makes writing a forward take seconds, so the kill lands between the acknowledge's own
  // write and its forwards' (a transaction it shares with them, or one after it), every time.
  const db = new DatabaseSync(join(dataDir, 'hookbell.db'))
  db.exec(`CREATE VIEW slow_test AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000000)
    SELECT count(*) AS n FROM c;
    CREATE TRIGGER slow_forward_test BEFORE INSERT ON forwards BEGIN SELECT n FROM slow_test; END;`)
  const acknowledged = db.prepare(`SELECT status FROM incidents WHERE id = ?`)
  void api('POST', `/api/incidents/${incident!.id}/acknowledge`).catch(() => undefined)
  // Killed once the acknowledge is on disk without its forwards, or after 2 s inside the forwards' write.
  const started = Date.now()
  while ((acknowledged.get(incident!.id) as { status: string }).status !== 'acknowledged' && Date.now() - started < 2000)
    await new Promise((r) => setTimeout(r, 5))
  served!.child.kill('SIGKILL')
  await new Promise((r) => served!.child.once('exit', r))
  db.exec('DROP TRIGGER slow_forward_test; DROP VIEW slow_test;')
  db.close()
  served = await serveCli(dataDir)
  const before = await expectForwardedOnce([incident!.id], 'acknowledged', 'incident.acknowledged')
  if (before === 0) {
    // The acknowledge went with its forwards: done again, it is forwarded once.
    await api('POST', `/api/incidents/${incident!.id}/acknowledge`)
    expect(await expectForwardedOnce([incident!.id], 'acknowledged', 'incident.acknowledged')).toBe(1)
  }
}, 60_000)

it('forwards every incident a bulk resolve committed before a SIGKILL exactly once after restart', async () => {
  const incidents = await alerts('bulk', 150)
  const db = new DatabaseSync(join(dataDir, 'hookbell.db'), { readOnly: true })
  const resolved = db.prepare(`SELECT COUNT(*) AS n FROM incidents WHERE status = 'resolved' AND dedup_key LIKE 'bulk-%'`)
  void api('POST', '/api/incidents/bulk', { action: 'resolve', query: { q: 'bulk' } }).catch(() => undefined)
  // Killed as soon as the first of its changes is visible on disk: the bulk is still walking the rest.
  const started = Date.now()
  while ((resolved.get() as { n: number }).n === 0 && Date.now() - started < 20_000) await new Promise((r) => setImmediate(r))
  served!.child.kill('SIGKILL')
  db.close()
  await restart()
  expect(
    await expectForwardedOnce(
      incidents.map((i) => i.id),
      'resolved',
      'incident.resolved',
    ),
  ).toBeGreaterThan(0)
}, 120_000)

it("forwards a teammate's acknowledge applied from the relay exactly once after a SIGKILL", async () => {
  const [incident] = await alerts('note', 1, 'relay')
  const note = {
    integrationId: INTEGRATION,
    dedupKey: 'note-0',
    action: 'acknowledged',
    user: 'Bob',
    at: new Date().toISOString(),
  }
  const posted = await fetch(`${channel.url}/notes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${teammate}`, 'content-type': 'application/json' },
    body: JSON.stringify(note),
  })
  expect(posted.status).toBe(202)
  await eventually(async () => expect((await statusOf([incident!.id])).get(incident!.id)).toBe('acknowledged'), 10_000)
  await restart()
  expect(await expectForwardedOnce([incident!.id], 'acknowledged', 'incident.acknowledged')).toBe(1)
}, 60_000)
