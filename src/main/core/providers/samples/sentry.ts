// Sentry sample webhooks (`hookbell send`, the setup screen), shaped like its documented payloads.
// Functions, so ids and timestamps are fresh per send.
export const sentrySamples: Record<string, () => unknown> = {
  event_alert: () => ({
    action: 'triggered',
    installation: { uuid: '7a485448-a9e2-4c85-8a3c-4f44175783c9' },
    data: {
      event: {
        event_id: crypto.randomUUID().replaceAll('-', ''),
        issue_id: '1170820242',
        title: "TypeError: Cannot read properties of undefined (reading 'id')",
        culprit: 'loadCart(src/routes/cart)',
        level: 'error',
        timestamp: Date.now() / 1000,
        web_url: 'https://sentry.io/organizations/acme/issues/1170820242/events/a1b2c3/',
        issue_url: 'https://sentry.io/api/0/issues/1170820242/',
        tags: [
          ['environment', 'production'],
          ['release', 'checkout@2.14.0'],
          ['project', 'checkout-api'],
        ],
        exception: {
          values: [
            {
              type: 'TypeError',
              value: "Cannot read properties of undefined (reading 'id')",
              stacktrace: {
                frames: [
                  {
                    filename: 'node:internal/process/task_queues',
                    function: 'process.processTicksAndRejections',
                    lineno: 95,
                    in_app: false,
                  },
                  {
                    filename: 'node_modules/express/lib/router/layer.js',
                    function: 'Layer.handle [as handle_request]',
                    lineno: 95,
                    in_app: false,
                  },
                  { filename: 'src/routes/cart.ts', function: 'loadCart', lineno: 41, in_app: true },
                ],
              },
            },
          ],
        },
      },
      triggered_rule: 'Checkout errors',
    },
    actor: { type: 'application', id: 'sentry', name: 'Sentry' },
  }),
  issue_resolved: () => ({
    action: 'resolved',
    installation: { uuid: '7a485448-a9e2-4c85-8a3c-4f44175783c9' },
    data: {
      issue: {
        id: '1170820242',
        shortId: 'CHECKOUT-1Z',
        title: "TypeError: Cannot read properties of undefined (reading 'id')",
        culprit: 'loadCart(src/routes/cart)',
        level: 'error',
        status: 'resolved',
        count: '12',
        // Sentry's issue object carries firstSeen/lastSeen; a fresh lastSeen makes each sample a new event.
        firstSeen: new Date(Date.now() - 3_600_000).toISOString(),
        lastSeen: new Date().toISOString(),
        permalink: 'https://sentry.io/organizations/acme/issues/1170820242/',
        project: { slug: 'checkout-api', name: 'checkout-api' },
      },
    },
    actor: { type: 'user', id: 1, name: 'Ana' },
  }),
  metric_alert: () => ({
    action: 'critical',
    installation: { uuid: '7a485448-a9e2-4c85-8a3c-4f44175783c9' },
    data: {
      metric_alert: {
        id: '7412',
        identifier: '57',
        organization_id: '5',
        projects: ['checkout-api'],
        title: 'p95 latency above 2s',
        // Sentry's incident status: 20 critical, 10 warning, 2 closed.
        status: 20,
        status_method: 3,
        type: 2,
        date_started: new Date(Date.now() - 5 * 60_000).toISOString(),
        date_detected: new Date().toISOString(),
        date_created: new Date().toISOString(),
        date_closed: null,
        alert_rule: {
          name: 'Checkout p95',
          aggregate: 'p95(transaction.duration)',
          query: 'transaction:/checkout',
          projects: ['checkout-api'],
          environment: 'production',
        },
      },
      description_title: 'Critical: Checkout p95 is 2.4s',
      description_text: 'p95(transaction.duration) 2412.0 > 2000.0 in the last 5 minutes',
      web_url: 'https://sentry.io/organizations/acme/alerts/rules/details/7412/',
    },
    actor: { type: 'application', id: 'sentry', name: 'Sentry' },
  }),
}
