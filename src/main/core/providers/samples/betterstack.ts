// Better Stack Uptime sample incident webhooks (`hookbell send`, the setup screen), shaped like the default
// incident body it documents (https://docs.betteruptime.com/integrations/webhooks). Functions, so times are fresh.
const iso = (msAgo = 0) => new Date(Date.now() - msAgo).toISOString()

const incident = (event: 'started' | 'acknowledged' | 'resolved') => ({
  event,
  data: {
    id: '428851027',
    type: 'incident',
    attributes: {
      name: 'Shop homepage',
      url: 'https://shop.example.com',
      http_method: 'get',
      cause: 'Status 503',
      incident_group_id: null,
      started_at: event === 'started' ? iso() : iso(600_000),
      acknowledged_at: event === 'acknowledged' ? iso() : event === 'resolved' ? iso(300_000) : null,
      acknowledged_by: event === 'started' ? null : 'alice@example.com',
      resolved_at: event === 'resolved' ? iso() : null,
      resolved_by: event === 'resolved' ? 'Automatically' : null,
      status: { started: 'Started', acknowledged: 'Acknowledged', resolved: 'Resolved' }[event],
      team_name: 'Shop',
      response_content: null,
      response_url: null,
      screenshot_url: null,
      regions: ['us', 'eu'],
    },
    relationships: { monitor: { data: { id: '1234567', type: 'monitor' } } },
  },
})

export const betterStackSamples: Record<string, () => unknown> = {
  started: () => incident('started'),
  acknowledged: () => incident('acknowledged'),
  resolved: () => incident('resolved'),
}
