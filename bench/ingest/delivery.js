// The delivery `npm run bench -- ingest` sends: a realistic generic alert (docs/providers.md, "Generic JSON")
// padded to ~1.5 KB with the context tools attach, signed as the generic provider expects. Plain JavaScript so
// the paced sender (paced.js) runs it as a child process as well as the bench through vitest.
import { createHmac } from 'node:crypto'

let sequence = 0
const run = `${Date.now().toString(36)}-${process.pid}`

/** @returns {{ body: string, headers: Record<string, string> }} a new incident each call */
export function delivery(secret) {
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
  const signature = createHmac('sha256', secret).update(body).digest('hex')
  return { body, headers: { 'content-type': 'application/json', 'x-signature': `sha256=${signature}` } }
}
