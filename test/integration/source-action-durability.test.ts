// kill -9 right after acknowledges that act on the source (an Alertmanager integration with a connection):
// after restart each acknowledge is sent to the source exactly once, because its row commits in the
// acknowledge's own transaction (incident/effects.ts) and the actor marks it done only after the answer.
// The stand-in Alertmanager (test/helpers/alertmanager-stand-in.ts) is down until the restart, so no attempt
// can have reached it before the kill: every silence it holds afterwards is one the outbox kept, and a second
// one for an incident would be a duplicate. (Attempts refused before the kill count as attempted, so the
// retries first list the silences, as a retry after a lost answer must: source-actions-silences.test.ts.)
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Incident } from '../../src/shared/incident'
import type { IntegrationCreated } from '../../src/shared/model'
import { startAlertmanagerStandIn, type AlertmanagerStandIn } from '../helpers/alertmanager-stand-in'
import { serveCli, type Served, servedApi } from '../helpers/cli'
import { freePort } from '../helpers/free-port'
import { loadUntilKilled } from '../helpers/load-until-killed'
import { eventually, tempDir } from '../helpers/test-core'

const COUNT = 60
const dataDir = tempDir()
let served: Served | null = null
const api = servedApi(() => served!, dataDir)
let amPort = 0
let standIn: AlertmanagerStandIn | null = null
/** Silences the stand-in holds (expired ones too), by the `instance` label they match. */
function silences(): Map<string, number> {
  const byInstance = new Map<string, number>()
  for (const s of standIn?.silences ?? []) {
    const instance = s.matchers.find((m) => m.name === 'instance')!.value
    byInstance.set(instance, (byInstance.get(instance) ?? 0) + 1)
  }
  return byInstance
}

beforeAll(async () => {
  amPort = await freePort()
  served = await serveCli(dataDir)
  const created = await api<IntegrationCreated>('POST', '/api/integrations', { provider: 'alertmanager', name: 'Alertmanager' })
  await api('POST', `/api/integrations/${created.integration.id}/source`, { apiUrl: `http://127.0.0.1:${amPort}` })
  await api('PATCH', '/api/settings', { userName: 'Dana' })
  for (let i = 0; i < COUNT; i++) {
    const body = JSON.stringify({
      version: '4',
      groupKey: `{}:{alertname="DiskAlmostFull", instance="db-${i}"}`,
      status: 'firing',
      receiver: 'hookbell',
      groupLabels: { alertname: 'DiskAlmostFull' },
      commonLabels: { alertname: 'DiskAlmostFull', instance: `db-${i}`, severity: 'critical' },
      commonAnnotations: {},
      externalURL: `http://127.0.0.1:${amPort}`,
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'DiskAlmostFull', instance: `db-${i}`, severity: 'critical' },
          annotations: { summary: `Disk on db-${i} is 93% full` },
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.internal:9090/graph',
          fingerprint: `fp${String(i).padStart(14, '0')}`,
        },
      ],
    })
    const response = await fetch(`${served.receiverBase}/hooks/${created.integration.id}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${created.secret!}` },
    })
    expect(response.status).toBe(202)
  }
}, 60_000)

afterAll(async () => {
  await served?.stop()
  await standIn?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

it('every acknowledge committed before a SIGKILL is sent to the source exactly once after restart', async () => {
  const { incidents } = await api<{ incidents: Incident[] }>('GET', '/api/incidents?limit=500&status=open')
  expect(incidents).toHaveLength(COUNT)
  const { answered, killed } = await loadUntilKilled({
    items: incidents.map((i) => i.id),
    child: served!.child,
    killAfter: 20,
    workers: 8,
    send: async (id) => (await api<{ status?: string }>('POST', `/api/incidents/${id}/acknowledge`)).status === 'acknowledged',
  })
  expect(killed).toBe(true)
  await new Promise((r) =>
    served!.child.exitCode !== null || served!.child.signalCode !== null ? r(undefined) : served!.child.once('exit', r),
  )
  standIn = await startAlertmanagerStandIn(amPort)
  served = await serveCli(dataDir)

  const after = await api<{ incidents: Incident[] }>('GET', '/api/incidents?limit=500&status=open,acknowledged')
  const acknowledged = after.incidents.filter((i) => i.status === 'acknowledged')
  for (const id of answered) expect(acknowledged.map((i) => i.id)).toContain(id)
  const instanceOf = (i: Incident) => /db-\d+/.exec(i.title)![0]
  // The retry after the refused connections before the kill is due within seconds (forward/retry.ts).
  await eventually(() => {
    for (const i of acknowledged)
      expect({ instance: instanceOf(i), silences: silences().get(instanceOf(i)) }).toEqual({
        instance: instanceOf(i),
        silences: 1,
      })
  }, 30_000)
  for (const i of after.incidents.filter((x) => x.status === 'open')) expect(silences().get(instanceOf(i))).toBeUndefined()
  expect([...silences().values()].every((n) => n === 1)).toBe(true)
  expect(silences().size).toBe(acknowledged.length)
  expect(standIn.silences.every((s) => s.status.state === 'active')).toBe(true)
}, 120_000)
