// incident.io sample webhooks, shaped like the payloads in its API reference (https://api-docs.incident.io/tag/Webhooks,
// https://docs.incident.io/api-reference): `{ event_type, [event_type]: incident }`. Functions, so times are fresh.
import type { Json } from '../fields'

function incident(status: { name: string; category: string }): Json {
  return {
    id: '01FDAG4SAP5TYPT98WGR2N7W91',
    reference: 'INC-123',
    name: 'Checkout payments failing',
    summary: 'Card payments return 502 from the payment provider for about a third of attempts.',
    permalink: 'https://app.incident.io/acme/incidents/123',
    visibility: 'public',
    mode: 'standard',
    severity: { id: '01FH5TZRWMNAFB0DZ23FD1TV96', name: 'Major', rank: 2, description: 'Issues affecting many customers' },
    incident_status: { id: '01FCNDV6P870EA6S7TK1DSYDG0', ...status, rank: 4 },
    incident_type: { id: '01FH5TZRWMNAFB0DZ23FD1TV96', name: 'Payments', is_default: false },
    slack_channel_id: 'C02AW36C1M5',
    slack_channel_name: 'inc-123-checkout-payments-failing',
    created_at: new Date(Date.now() - 15 * 60_000).toISOString(),
    updated_at: new Date().toISOString(),
  }
}

export const incidentioSamples: Record<string, () => unknown> = {
  incident_created: () => ({
    event_type: 'public_incident.incident_created_v2',
    'public_incident.incident_created_v2': incident({ name: 'Investigating', category: 'live' }),
  }),
  incident_closed: () => ({
    event_type: 'public_incident.incident_updated_v2',
    'public_incident.incident_updated_v2': incident({ name: 'Closed', category: 'closed' }),
  }),
}
