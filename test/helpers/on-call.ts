// A slice of an on-call week, delivered through the real receiver with each provider's own signature: a
// 30-alert Alertmanager storm (one rule across 30 pods), a Grafana alert, Checkly failures from one check
// group, the same Sentry exception, AppSignal exception/performance/anomaly, Retrace and generic alerts.
import { fixture } from '../fixtures/load'
import type { Served } from './cli'
import { servedApi } from './cli'
import { SIGNERS } from './sign'

export const SECRET = 'on-call-week-secret'

type Api = ReturnType<typeof servedApi>

export async function addIntegration(api: Api, provider: string, name: string): Promise<string> {
  const created = await api<{ integration: { id: string } }>('POST', '/api/integrations', {
    provider,
    name,
    ...(provider === 'retrace' ? {} : { secret: SECRET }),
  })
  return created.integration.id
}

export async function deliver(served: Served, provider: string, id: string, body: string, extra: Record<string, string> = {}) {
  const sign = SIGNERS[provider]
  const response = await fetch(`${served.receiverBase}/hooks/${id}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...(sign ? sign(SECRET, body) : {}), ...extra },
  })
  if (response.status >= 300) throw new Error(`${provider} delivery refused: ${response.status} ${await response.text()}`)
}

/** One Alertmanager notification carrying `count` firing alerts of one rule, one per pod. */
export function alertStorm(count: number, startsAt = new Date(Date.now() - 4 * 60_000)): string {
  const common = { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'checkout', env: 'production' }
  return JSON.stringify({
    version: '4',
    groupKey: '{}:{alertname="KubePodCrashLooping"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'hookbell',
    groupLabels: { alertname: 'KubePodCrashLooping' },
    commonLabels: common,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.internal:9093',
    alerts: Array.from({ length: count }, (_, i) => ({
      status: 'firing',
      labels: { ...common, pod: `checkout-api-7f9c6d-${String(i).padStart(2, '0')}`, service: 'checkout-api' },
      annotations: {
        summary: `Pod checkout/checkout-api-7f9c6d-${String(i).padStart(2, '0')} is crash looping`,
        description: 'Pod has restarted 5 times in the last 10 minutes.',
        runbook_url: 'https://runbooks.example.com/KubePodCrashLooping',
      },
      startsAt: new Date(startsAt.getTime() + i * 1000).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.internal:9090/graph?g0.expr=kube_pod_container_status_restarts_total',
      fingerprint: `crash${String(i).padStart(11, '0')}`,
    })),
  })
}

function checklyFailure(name: string, location: string): string {
  const body = JSON.parse(fixture('checkly', 'failure')) as Record<string, unknown>
  return JSON.stringify({
    ...body,
    checkId: `chk-${name.toLowerCase().replace(/\W+/g, '-')}`,
    checkName: name,
    alertTitle: `Check "${name}" has failed`,
    runLocation: location,
    checkResultId: `${name}-${location}`,
  })
}

export interface Week {
  ids: Record<string, string>
}

/** Sets up seven integrations and delivers the week; resolves when every delivery was accepted. */
export async function seedWeek(served: Served, dataDir: string, options: { storm?: number } = {}): Promise<Week> {
  const api = servedApi(() => served, dataDir)
  const ids: Record<string, string> = {}
  for (const [provider, name] of [
    ['appsignal', 'AppSignal'],
    ['sentry', 'Sentry prod'],
    ['checkly', 'Checkly'],
    ['retrace', 'Retrace'],
    ['generic', 'Deploy bot'],
    ['grafana', 'Grafana'],
    ['alertmanager', 'Alertmanager'],
  ] as const)
    ids[provider] = await addIntegration(api, provider, name)

  for (const sample of ['exception', 'performance', 'anomaly-wrapped'])
    await deliver(served, 'appsignal', ids.appsignal!, fixture('appsignal', sample))
  await deliver(served, 'sentry', ids.sentry!, fixture('sentry', 'event_alert'))
  await deliver(served, 'retrace', ids.retrace!, fixture('retrace', 'alert'))
  await deliver(served, 'generic', ids.generic!, fixture('generic', 'triggered'))
  await deliver(served, 'grafana', ids.grafana!, fixture('grafana', 'alerting'))
  for (const [name, location] of [
    ['Checkout API', 'N. California'],
    ['Login page', 'Frankfurt'],
    ['Search API', 'Tokyo'],
  ])
    await deliver(served, 'checkly', ids.checkly!, checklyFailure(name!, location!))
  await deliver(served, 'alertmanager', ids.alertmanager!, alertStorm(options.storm ?? 30))
  return { ids }
}
