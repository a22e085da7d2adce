// Debian's real Alertmanager (0.25, `prometheus-alertmanager`, installed by .ci/run) posting to
// `hookbell serve` through its own webhook notifier: alerts posted to its API fire and then resolve
// incidents, authenticated with http_config authorization (default Bearer), basic_auth, and a custom
// authorization type. Everything listens on free loopback ports; Alertmanager's data and config live in a
// temp dir, and the process is always killed. (0.25 predates custom payloads: those are tested with bodies
// shaped as newer versions render them, in sender-options.test.ts.)
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Incident } from '../../src/shared/incident'
import type { DeliveryView, IntegrationCreated } from '../../src/shared/model'
import { serveCli, type Served } from '../helpers/cli'
import { freePort } from '../helpers/free-port'
import { until } from '../helpers/wait'

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager'

let dir: string
let served: Served
let am: ChildProcess | null = null
let amOutput = ''
let amBase: string
let token: string
const ids: Record<'bearer' | 'basic' | 'custom', string> = { bearer: '', basic: '', custom: '' }
const secrets: Record<'bearer' | 'basic' | 'custom', string> = { bearer: '', basic: '', custom: '' }

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${served.uiBase}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const answer = (await res.json()) as T
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`)
  return answer
}

function config(receiverBase: string): string {
  const url = (id: string) => `${receiverBase}/hooks/${id}`
  // Tiny waits so a fire → resolve round trip takes seconds: group_wait sends the first notification,
  // group_interval the resolved one; resolve_timeout only matters for alerts posted without endsAt.
  return `global:
  resolve_timeout: 2s
route:
  receiver: bearer
  group_by: ['alertname', 'auth']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - receiver: basic
      matchers: ['auth="basic"']
    - receiver: custom
      matchers: ['auth="custom"']
    - receiver: wrong-scheme
      matchers: ['auth="wrong-scheme"']
receivers:
  - name: bearer
    webhook_configs:
      - url: '${url(ids.bearer)}'
        send_resolved: true
        http_config:
          authorization:
            credentials: '${secrets.bearer}'
  - name: basic
    webhook_configs:
      - url: '${url(ids.basic)}'
        send_resolved: true
        http_config:
          basic_auth:
            username: alertmanager
            password: '${secrets.basic}'
  - name: custom
    webhook_configs:
      - url: '${url(ids.custom)}'
        send_resolved: true
        http_config:
          authorization:
            type: HookbellKey
            credentials: '${secrets.custom}'
  - name: wrong-scheme
    webhook_configs:
      - url: '${url(ids.custom)}'
        send_resolved: true
        http_config:
          authorization:
            credentials: '${secrets.custom}'
`
}

async function postAlerts(auth: string, endsAt: Date): Promise<void> {
  const startsAt = new Date(Date.now() - 60_000)
  const res = await fetch(`${amBase}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      {
        labels: { alertname: 'DiskAlmostFull', auth, instance: 'db-1:9100', severity: 'critical', service: 'orders-db' },
        annotations: { summary: `Disk on db-1 is 93% full (${auth})`, description: '/var/lib/postgresql at 93%' },
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        generatorURL: 'http://prometheus.internal:9090/graph?g0.expr=disk_used_ratio+%3E+0.9',
      },
    ]),
  })
  expect(res.status, await res.text()).toBe(200)
}

async function incidentsOf(integrationId: string): Promise<Incident[]> {
  const { incidents } = await api<{ incidents: Incident[] }>('GET', `/api/incidents?integration=${integrationId}`)
  return incidents
}

beforeAll(async () => {
  if (!existsSync(ALERTMANAGER))
    throw new Error(`${ALERTMANAGER} is missing: apt-get install prometheus-alertmanager (.ci/run does this)`)
  dir = mkdtempSync(join(tmpdir(), 'hookbell-am-'))
  served = await serveCli(join(dir, 'hookbell'))
  token = new URL(served.uiUrl).hash.replace(/^#token=/, '')
  for (const [kind, options] of [
    ['bearer', {}],
    ['basic', {}],
    ['custom', { authScheme: 'HookbellKey' }],
  ] as const) {
    const created = await api<IntegrationCreated>('POST', '/api/integrations', {
      provider: 'alertmanager',
      name: `Alertmanager (${kind})`,
      options,
    })
    ids[kind] = created.integration.id
    secrets[kind] = created.secret!
  }
  const amDir = join(dir, 'alertmanager')
  const configFile = join(dir, 'alertmanager.yml')
  writeFileSync(configFile, config(served.receiverBase))
  const port = await freePort()
  amBase = `http://127.0.0.1:${port}`
  am = spawn(
    ALERTMANAGER,
    [
      `--config.file=${configFile}`,
      `--storage.path=${amDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=', // no gossip port: a single instance
      '--log.level=debug',
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
  await served?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('real Alertmanager 0.25 → hookbell serve', () => {
  it.each(['bearer', 'basic', 'custom'] as const)(
    'fires and resolves an incident through its webhook notifier (%s)',
    async (kind) => {
      await postAlerts(kind, new Date(Date.now() + 3_600_000))
      const opened = await until(`an open incident (${kind})`, async () => {
        const [incident] = await incidentsOf(ids[kind])
        return incident?.status === 'open' ? incident : undefined
      })
      expect(opened).toMatchObject({
        provider: 'alertmanager',
        title: `Disk on db-1 is 93% full (${kind})`,
        severity: 'critical',
        app: 'orders-db',
        url: 'http://prometheus.internal:9090/graph?g0.expr=disk_used_ratio+%3E+0.9',
      })

      // Ending the alert makes Alertmanager send the resolved notification at the next group_interval.
      await postAlerts(kind, new Date(Date.now() - 1000))
      const resolved = await until(`the incident resolved (${kind})`, async () => {
        const [incident] = await incidentsOf(ids[kind])
        return incident?.status === 'resolved' ? incident : undefined
      })
      expect(resolved.id).toBe(opened.id)

      const { deliveries } = await api<{ deliveries: DeliveryView[] }>('GET', `/api/deliveries?integration=${ids[kind]}`)
      const accepted = deliveries.filter((d) => d.outcome === 'accepted')
      expect(accepted.length).toBeGreaterThanOrEqual(2)
      expect(accepted.every((d) => d.via === 'direct')).toBe(true)
    },
    45_000,
  )

  it('refuses the default Bearer scheme on an integration set up for a custom type, saying which to use', async () => {
    await postAlerts('wrong-scheme', new Date(Date.now() + 3_600_000))
    const refused = await until('a refused delivery', async () => {
      const { deliveries } = await api<{ deliveries: DeliveryView[] }>('GET', `/api/deliveries?integration=${ids.custom}`)
      return deliveries.find((d) => d.outcome === 'rejected')
    })
    expect(refused.status).toBe(401)
    expect(refused.reason).toMatch(/^Authorization scheme is Bearer, this integration expects HookbellKey/)
    // Alertmanager logs the failure rather than retrying a 4xx forever.
    await until('Alertmanager to log the refusal', async () => (/401/.test(amOutput) ? true : undefined))
  }, 45_000)

  it('shows answer times for the integration Alertmanager posted to', async () => {
    const integrations = await api<{ id: string; answerTimes: { count: number } | null }[]>('GET', '/api/integrations')
    const bearer = integrations.find((i) => i.id === ids.bearer)!
    expect(bearer.answerTimes!.count).toBeGreaterThanOrEqual(2)
  })
})
