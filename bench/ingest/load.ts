// Load for `npm run bench -- ingest`: signed 1.5 KB generic deliveries, each a new incident, sent with
// autocannon; and what a server process costs, read from /proc (Linux) so both servers are measured alike.
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import { hmacHex } from '../../test/helpers/sign'

let sequence = 0
const run = Date.now().toString(36)

/** A realistic generic alert (docs/providers.md, "Generic JSON") padded to ~1.5 KB with the context tools attach. */
export function delivery(secret: string): { body: string; headers: Record<string, string> } {
  const n = sequence++
  const body = JSON.stringify({
    summary: `Checkout latency above SLO on checkout-api-${n % 40} (p99 ${800 + (n % 700)} ms)`,
    severity: ['critical', 'error', 'warning', 'info'][n % 4],
    status: 'triggered',
    dedup_key: `bench-${run}-${n}`,
    source: 'prometheus-eu-west-1',
    description:
      'The 99th percentile of checkout request latency has been above the 750 ms objective for 10 minutes. ' +
      'Error budget burn rate is 14.4x over the last hour; at this rate the monthly budget is gone in 2 days.',
    environment: n % 3 ? 'production' : 'staging',
    url: `https://grafana.example.com/d/checkout/latency?var-instance=checkout-api-${n % 40}`,
    timestamp: new Date().toISOString(),
    labels: {
      team: 'payments',
      service: 'checkout-api',
      region: 'eu-west-1',
      cluster: 'prod-eu-1',
      namespace: 'checkout',
      pod: `checkout-api-7d9f8b6c5-${(n % 100000).toString(36).padStart(5, 'x')}`,
    },
    details: {
      query: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="checkout-api"}[5m])))',
      runbook: 'https://runbooks.example.com/payments/checkout-latency#mitigation',
      recent_deploys: ['checkout-api@4f2c9e1 (42 min ago)', 'payments-gateway@91ab0d3 (3 h ago)'],
      dashboards: ['https://grafana.example.com/d/checkout/overview', 'https://grafana.example.com/d/db/postgres-primary'],
      notes: 'Database connection pool saturation observed on postgres-primary; see linked dashboard. '.repeat(3),
    },
  })
  return { body, headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret, body)}` } }
}

export interface LoadResult {
  ok: number
  non2xx: number
  errors: number
  seconds: number
  perSecond: number
  latency: { p50: number; p99: number; max: number }
}

/** POSTs fresh deliveries: for `seconds`, or `amount` of them; at `rate`/s overall, or as fast as answered. */
export async function load(
  url: string,
  secret: string,
  opts: { connections: number; seconds?: number; amount?: number; rate?: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: opts.connections,
    // autocannon refuses keys set to undefined.
    ...(opts.seconds !== undefined && { duration: opts.seconds }),
    ...(opts.amount !== undefined && { amount: opts.amount }),
    ...(opts.rate !== undefined && { overallRate: opts.rate }),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: Record<string, unknown>) => {
          const { body, headers } = delivery(secret)
          return { ...request, method: 'POST', body, headers }
        },
      },
    ],
  })
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
    perSecond: result['2xx'] / result.duration,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  }
}

/** User + system CPU time a process has used, in ms (/proc/<pid>/stat, in clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(match![1]) * 1024
}
