// Datadog sample webhooks (`hookbell send`, the setup screen): DATADOG_TEMPLATE as Datadog fills it in, with
// values shaped like the variables' documented examples (https://docs.datadoghq.com/integrations/webhooks/).
// Functions, so dates are fresh per send; every transition of one alert cycle shares its cycle key.
const CYCLE = '2f5bd58bf0b9ff0e1f4f24ec64b4ee5b7d3a4e04'

function notification(transition: string, alertType: string, extra: Record<string, string> = {}) {
  const now = Date.now()
  return {
    alertTransition: transition,
    alertCycleKey: CYCLE,
    alertId: '83726154',
    alertPriority: 'P1',
    alertType,
    alertTitle: `[${transition} on {host:checkout-1}] Checkout p95 latency above 2s`,
    alertStatus: 'avg(last_5m):p95:trace.http.request{service:checkout-api,env:production} > 2',
    alertScope: 'host:checkout-1',
    alertMetric: 'trace.http.request.duration',
    alertQuery: 'avg(last_5m):p95:trace.http.request{service:checkout-api,env:production} > 2',
    eventTitle: `[P1] [${transition} on {host:checkout-1}] Checkout p95 latency above 2s`,
    eventMsg: '%%%\nCheckout p95 latency is 2.7s on checkout-1 @webhook-hookbell\n%%%',
    textOnlyMsg: 'Checkout p95 latency is 2.7s on checkout-1',
    eventType: 'query_alert_monitor',
    id: `72${now}`,
    aggregKey: '9bd4ac313a4d1e8fae2482df7b77628',
    hostname: 'checkout-1',
    link: 'https://app.datadoghq.com/event/event?id=7213948576120394857',
    date: String(now),
    lastUpdated: String(now),
    tags: 'env:production,service:checkout-api,team:payments,monitor',
    orgId: '123456',
    orgName: 'Acme',
    ...extra,
  }
}

export const datadogSamples: Record<string, () => unknown> = {
  triggered: () => notification('Triggered', 'error'),
  warn: () => notification('Warn', 'warning'),
  no_data: () =>
    notification('No Data', 'warning', {
      alertStatus: 'No data for trace.http.request.duration over host:checkout-1 in the last 10m',
    }),
  retriggered: () => notification('Re-Triggered', 'error'),
  recovered: () => notification('Recovered', 'success', { textOnlyMsg: 'Checkout p95 latency is back to 0.4s' }),
}

/** A notification with a transition Hookbell does not act on (`Null` was once documented): recorded, no incident. */
export const datadogUnknownEvent = () => notification('Null', 'info')
