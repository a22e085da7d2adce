// Acting on the source with Debian's real Alertmanager (0.25, `prometheus-alertmanager`, installed by
// .ci/run): an alert posted to its API reaches Hookbell through its webhook notifier; acknowledging it in
// Hookbell creates a silence matching its labels, which Alertmanager's own API shows (the silence is active,
// the alert is suppressed and silenced by it); reopening or resolving expires the silence; a retried
// acknowledge whose first POST's answer was lost updates the silence it made (found by its comment's marker
// through GET /api/v2/silences?filter=...) instead of adding a second. Everything listens on free
// loopback ports; Alertmanager's data lives in a temp dir, and the process is always killed.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { once } from 'node:events'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Incident } from '../../src/shared/incident'
import { freePort } from '../helpers/free-port'
import { eventually, startCore, type TestCore } from '../helpers/test-core'
import { until } from '../helpers/wait'

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager'
const LABELS = { alertname: 'CheckoutLatencyHigh', instance: 'web-3:9100', severity: 'critical', service: 'checkout' }

let t: TestCore
let am: ChildProcess | null = null
let amOutput = ''
let amBase = ''
let integrationId = ''

interface Silence {
  id: string
  status: { state: 'active' | 'pending' | 'expired' }
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[]
  createdBy: string
  comment: string
  endsAt: string
}
interface AmAlert {
  labels: Record<string, string>
  status: { state: string; silencedBy: string[] }
}

async function amGet<T>(path: string): Promise<T> {
  const res = await fetch(`${amBase}${path}`)
  expect(res.status).toBe(200)
  return (await res.json()) as T
}

beforeAll(async () => {
  if (!existsSync(ALERTMANAGER))
    throw new Error(`${ALERTMANAGER} is missing: apt-get install prometheus-alertmanager (.ci/run does this)`)
  // A short timeout: the last test drops an answer on purpose.
  t = await startCore({ sourceActions: { timeoutMs: 2000, retryDelaysMs: [0, 200, 200] } })
  await t.api['settings.update']({ userName: 'Dana' })
  const created = await t.api['integrations.create']({ provider: 'alertmanager', name: 'Alertmanager (prod)' })
  integrationId = created.integration.id
  const port = await freePort()
  amBase = `http://127.0.0.1:${port}`
  const configFile = join(t.dataDir, 'alertmanager.yml')
  writeFileSync(
    configFile,
    `route:
  receiver: hookbell
  group_by: ['alertname']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: hookbell
    webhook_configs:
      - url: '${t.base}/hooks/${integrationId}'
        send_resolved: true
        http_config:
          authorization:
            credentials: '${created.secret!}'
`,
  )
  am = spawn(
    ALERTMANAGER,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(t.dataDir, 'alertmanager')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${amBase}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  am.stdout!.on('data', (d: Buffer) => (amOutput += d.toString()))
  am.stderr!.on('data', (d: Buffer) => (amOutput += d.toString()))
  await until('Alertmanager to be ready', async () => {
    if (am!.exitCode !== null) throw new Error(`Alertmanager exited: ${amOutput}`)
    const ready = await fetch(`${amBase}/-/ready`).catch(() => null)
    return ready?.ok ? true : undefined
  })
}, 60_000)

afterAll(async () => {
  if (am && am.exitCode === null && am.signalCode === null) {
    am.kill('SIGTERM')
    const exited = once(am, 'exit')
    const timer = setTimeout(() => am?.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
  await t?.stop()
})

it('acknowledging in Hookbell silences the alert in Alertmanager; reopening expires the silence', async () => {
  const fired = await fetch(`${amBase}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      {
        labels: LABELS,
        annotations: { summary: 'Checkout p99 latency above 2 s on web-3' },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        generatorURL: 'http://prometheus.internal:9090/graph?g0.expr=checkout_p99_seconds+%3E+2',
      },
    ]),
  })
  expect(fired.status, await fired.text()).toBe(200)
  const incident = await until('the alert to reach Hookbell', async () => {
    const { incidents } = await t.api['incidents.list']({ integration: [integrationId] })
    return incidents.find((i: Incident) => i.status === 'open')
  })

  // The URL to act on is suggested from the webhook's externalURL (the user takes it: here, by passing it).
  const [view] = (await t.api['integrations.list']({})).filter((i) => i.id === integrationId)
  expect(view!.sourceTool?.suggestedUrl).toBe(amBase)
  await t.api['integrations.setSourceConnection']({
    id: integrationId,
    apiUrl: view!.sourceTool!.suggestedUrl!,
    silenceMinutes: 30,
  })

  const before = Date.now()
  await t.api['incidents.acknowledge']({ id: incident.id })
  const silence = await eventually(async () => {
    const silences = await amGet<Silence[]>('/api/v2/silences')
    const active = silences.filter((s) => s.status.state === 'active')
    expect(active).toHaveLength(1)
    return active[0]!
  }, 10_000)
  expect(silence.matchers.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
    Object.entries(LABELS)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
  )
  expect(silence.createdBy).toBe('Dana (Hookbell)')
  expect(silence.comment).toContain('Acknowledged in Hookbell by Dana')
  const endsAt = Date.parse(silence.endsAt)
  expect(endsAt).toBeGreaterThanOrEqual(before + 30 * 60_000 - 1000)
  expect(endsAt).toBeLessThanOrEqual(Date.now() + 30 * 60_000 + 1000)

  const [alert] = (await amGet<AmAlert[]>('/api/v2/alerts')).filter((a) => a.labels.alertname === LABELS.alertname)
  expect(alert!.status).toMatchObject({ state: 'suppressed', silencedBy: [silence.id] })

  const detail = await eventually(async () => {
    const d = await t.api['incidents.get']({ id: incident.id })
    expect(d.sourceActions?.[0]?.state).toBe('done')
    return d
  })
  expect(detail.timeline.filter((e) => e.type === 'source').map((e) => e.text)).toEqual([
    expect.stringMatching(new RegExp(`^Silenced in Alertmanager until \\d\\d:\\d\\d — silence ${silence.id.slice(0, 8)}…$`)),
  ])

  await t.api['incidents.reopen']({ id: incident.id })
  await eventually(async () => {
    const [after] = (await amGet<Silence[]>('/api/v2/silences')).filter((s) => s.id === silence.id)
    expect(after!.status.state).toBe('expired')
  }, 10_000)
  const [unsilenced] = (await amGet<AmAlert[]>('/api/v2/alerts')).filter((a) => a.labels.alertname === LABELS.alertname)
  expect(unsilenced!.status).toMatchObject({ state: 'active', silencedBy: [] })
  await eventually(async () => {
    const d = await t.api['incidents.get']({ id: incident.id })
    expect(d.timeline.filter((e) => e.type === 'source').map((e) => e.text)).toContain(
      `Silence ${silence.id.slice(0, 8)}… expired in Alertmanager`,
    )
  })
}, 60_000)

it('a silence is extended while the incident stays acknowledged', async () => {
  const { incidents } = await t.api['incidents.list']({ integration: [integrationId] })
  const incident = incidents[0]!
  await t.api['integrations.setSourceConnection']({ id: integrationId, silenceMinutes: 5 })
  await t.api['incidents.acknowledge']({ id: incident.id })
  const first = await eventually(() => {
    const ref = t.core.sourceActions.refOf(incident.id)
    expect(ref?.until).toBeGreaterThan(Date.now())
    return ref!
  }, 10_000)
  // Extended once half its time is up: that moment is made now (the database's own row), and the sweep run.
  expect(first.extendAt).toBeGreaterThan(Date.now())
  const db = new DatabaseSync(t.core.dbPath)
  db.prepare('UPDATE source_refs SET extend_at = ? WHERE incident_id = ?').run(Date.now() - 1, incident.id)
  db.close()
  await t.api['integrations.setSourceConnection']({ id: integrationId, silenceMinutes: 30 })
  t.core.sourceActions.sweep()
  await eventually(async () => {
    const active = (await amGet<Silence[]>('/api/v2/silences')).filter((s) => s.status.state === 'active')
    expect(active).toHaveLength(1)
    expect(Date.parse(active[0]!.endsAt)).toBeGreaterThan(first.until! + 20 * 60_000)
  }, 10_000)
  const extended = t.core.sourceActions.refOf(incident.id)!
  expect(extended.until).toBeGreaterThan(first.until! + 20 * 60_000)

  // Resolved in Hookbell: the silence is expired, so it no longer mutes the alert for every receiver (the
  // team's pager too) while Alertmanager still fires it; nothing is left to extend.
  await t.api['incidents.resolve']({ id: incident.id })
  await eventually(async () => {
    const d = await t.api['incidents.get']({ id: incident.id })
    expect(d.sourceActions?.[0]).toMatchObject({ action: 'resolve', state: 'done' })
  }, 10_000)
  const stillActive = (await amGet<Silence[]>('/api/v2/silences')).filter((s) => s.status.state === 'active')
  expect(stillActive).toEqual([])
  const [alert] = (await amGet<AmAlert[]>('/api/v2/alerts')).filter((a) => a.labels.alertname === LABELS.alertname)
  expect(alert!.status).toMatchObject({ state: 'active', silencedBy: [] })
  expect(t.core.sourceActions.refOf(incident.id)).toBeNull()
}, 60_000)

it('reopening after the silence ended by itself (the laptop asleep past its end) sends nothing to expire', async () => {
  const { incidents } = await t.api['incidents.list']({ integration: [integrationId], status: ['resolved'] })
  const incident = incidents[0]!
  await t.api['incidents.reopen']({ id: incident.id })
  await t.api['incidents.acknowledge']({ id: incident.id })
  await eventually(async () => {
    const d = await t.api['incidents.get']({ id: incident.id })
    expect(d.sourceActions?.[0]).toMatchObject({ action: 'acknowledge', state: 'done' })
  }, 10_000)
  const ref = t.core.sourceActions.refOf(incident.id)!
  expect(ref.until).toBeGreaterThan(Date.now())
  // As if its end had passed: the row says so (the silence itself still runs, which shows what was sent).
  const db = new DatabaseSync(t.core.dbPath)
  db.prepare('UPDATE source_refs SET until = ?, extend_at = NULL WHERE incident_id = ?').run(Date.now() - 1, incident.id)
  db.close()
  await t.api['incidents.reopen']({ id: incident.id })
  const detail = await eventually(async () => {
    const d = await t.api['incidents.get']({ id: incident.id })
    expect(d.sourceActions?.[0]).toMatchObject({ action: 'unacknowledge', state: 'skipped' })
    return d
  })
  expect(detail.timeline.filter((e) => e.type === 'source').map((e) => e.text)).toContain(
    'Not sent to Alertmanager: no silence to expire',
  )
  const [still] = (await amGet<Silence[]>('/api/v2/silences')).filter((s) => s.id === ref.ref)
  expect(still!.status.state).toBe('active')
  expect(t.core.sourceActions.refOf(incident.id)).toBeNull()
}, 60_000)

it('an acknowledge whose silence POST reached Alertmanager but whose answer was lost is retried as an update of that silence', async () => {
  const { incidents } = await t.api['incidents.list']({ integration: [integrationId], status: ['open'] })
  const incident = incidents[0]!
  // A proxy in front of Alertmanager that passes the first POST on, and drops its answer.
  let dropped = false
  const proxyPort = await freePort()
  const proxy: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const drop = req.method === 'POST' && !dropped
      if (drop) dropped = true
      void fetch(`${amBase}${req.url}`, {
        method: req.method,
        headers: { 'content-type': 'application/json' },
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      }).then(async (answer) => {
        const text = await answer.text()
        if (drop) return
        res.writeHead(answer.status, { 'content-type': 'application/json' })
        res.end(text)
      })
    })
  })
  await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve))
  try {
    await t.api['integrations.setSourceConnection']({ id: integrationId, apiUrl: `http://127.0.0.1:${proxyPort}` })
    await t.api['incidents.acknowledge']({ id: incident.id })
    const action = await eventually(async () => {
      const d = await t.api['incidents.get']({ id: incident.id })
      expect(d.sourceActions?.[0]).toMatchObject({ action: 'acknowledge', state: 'done', attempts: 2 })
      return d.sourceActions![0]!
    }, 15_000)
    expect(dropped).toBe(true)
    // Every silence this acknowledge made, expired ones too: one, updated in place, the one Hookbell keeps.
    const mine = (await amGet<Silence[]>('/api/v2/silences')).filter((s) => s.comment.includes(`hookbell:action/${action.id}`))
    expect(mine.map((s) => s.status.state)).toEqual(['active'])
    expect(t.core.sourceActions.refOf(incident.id)?.ref).toBe(mine[0]!.id)
  } finally {
    proxy.closeAllConnections()
    await new Promise((r) => proxy.close(r))
    await t.api['integrations.setSourceConnection']({ id: integrationId, apiUrl: amBase })
  }
}, 60_000)
