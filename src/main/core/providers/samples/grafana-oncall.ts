// Grafana OnCall sample webhooks (`hookbell send`, the setup screen): an outgoing webhook's event data with
// "Forward All" on, shaped like the example in OnCall's docs
// (https://grafana.com/docs/oncall/latest/configure/integrations/outgoing-webhooks/#outgoing-webhook-templates).
// Functions, so times are fresh per send; every event is about the same alert group.
const GROUP = 'I6HNZGUFG4K11'
const ADMIN = { id: 'UVMX6YI9VY9PV', username: 'dana', email: 'dana@example.com' }

function event(type: string, state: string) {
  const now = new Date()
  const created = new Date(now.getTime() - 5 * 60_000).toISOString()
  const at = now.toISOString()
  return {
    event: { type, time: at },
    user: type === 'alert group created' ? null : ADMIN,
    alert_group: {
      id: GROUP,
      integration_id: 'CZ7URAT4V3QF2',
      route_id: 'RKHXJKVZYYVST',
      alerts_count: 1,
      state,
      created_at: created,
      resolved_at: state === 'resolved' ? at : null,
      acknowledged_at: state === 'acknowledged' ? at : null,
      title: 'Checkout 5xx rate above 5%',
      permalinks: {
        slack: null,
        telegram: null,
        web: `https://acme.grafana.net/a/grafana-oncall-app/alert-groups/${GROUP}`,
      },
      labels: { severity: 'critical' },
    },
    alert_group_id: GROUP,
    alert_payload: {
      endsAt: '0001-01-01T00:00:00Z',
      labels: { alertname: 'HighErrorRate', service: 'checkout-api', env: 'production', severity: 'critical' },
      status: 'firing',
      startsAt: created,
      annotations: { description: '7.2% of checkout requests failed over 5 minutes' },
      generatorURL: '',
    },
    integration: { id: 'CZ7URAT4V3QF2', type: 'alertmanager', name: 'Production Alertmanager', team: 'Payments', labels: {} },
    notified_users: [ADMIN],
    users_to_be_notified: [],
    responses: {},
    webhook: { id: 'WH9NSKXWPXSNY3', name: 'Hookbell', labels: {} },
  }
}

export const grafanaOnCallSamples: Record<string, () => unknown> = {
  created: () => event('alert group created', 'firing'),
  acknowledge: () => event('acknowledge', 'acknowledged'),
  resolve: () => event('resolve', 'resolved'),
  unresolve: () => event('unresolve', 'firing'),
}

/** An event type Hookbell has no counterpart for (silencing the group): recorded, no incident. */
export const grafanaOnCallUnknownEvent = () => event('silence', 'silenced')
