// PagerDuty v3 sample webhooks (`hookbell send`, the setup screen), shaped like the payload in PagerDuty's v3
// overview (https://developer.pagerduty.com/docs/webhooks/v3-overview/). Functions, so ids and times are fresh.
import type { Json } from '../fields'

function incidentEvent(type: string, status: string, extra: Json = {}): Json {
  return {
    event: {
      id: crypto.randomUUID(),
      event_type: type,
      resource_type: 'incident',
      occurred_at: new Date().toISOString(),
      agent: {
        html_url: 'https://acme.pagerduty.com/users/PLH1HKV',
        id: 'PLH1HKV',
        self: 'https://api.pagerduty.com/users/PLH1HKV',
        summary: 'Tenex Engineer',
        type: 'user_reference',
      },
      client: { name: 'PagerDuty' },
      data: {
        id: 'PGR0VU2',
        type: 'incident',
        self: 'https://api.pagerduty.com/incidents/PGR0VU2',
        html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
        number: 2,
        status,
        incident_key: 'd3640fbd41094207a1c11e58e46b1662',
        created_at: new Date(Date.now() - 10 * 60_000).toISOString(),
        title: 'Checkout API error rate above 5%',
        service: {
          html_url: 'https://acme.pagerduty.com/services/PF9KMXH',
          id: 'PF9KMXH',
          self: 'https://api.pagerduty.com/services/PF9KMXH',
          summary: 'Checkout API',
          type: 'service_reference',
        },
        assignees: [
          {
            html_url: 'https://acme.pagerduty.com/users/PTUXL6G',
            id: 'PTUXL6G',
            self: 'https://api.pagerduty.com/users/PTUXL6G',
            summary: 'Ana Lima',
            type: 'user_reference',
          },
        ],
        escalation_policy: {
          html_url: 'https://acme.pagerduty.com/escalation_policies/PUS0KTE',
          id: 'PUS0KTE',
          self: 'https://api.pagerduty.com/escalation_policies/PUS0KTE',
          summary: 'Checkout on-call',
          type: 'escalation_policy_reference',
        },
        teams: [
          {
            html_url: 'https://acme.pagerduty.com/teams/PFCVPS0',
            id: 'PFCVPS0',
            self: 'https://api.pagerduty.com/teams/PFCVPS0',
            summary: 'Payments',
            type: 'team_reference',
          },
        ],
        priority: {
          html_url: 'https://acme.pagerduty.com/account/incident_priorities',
          id: 'PSO75BM',
          self: 'https://api.pagerduty.com/priorities/PSO75BM',
          summary: 'P1',
          type: 'priority_reference',
        },
        urgency: 'high',
        conference_bridge: null,
        resolve_reason: null,
        ...extra,
      },
    },
  }
}

export const pagerdutySamples: Record<string, () => unknown> = {
  triggered: () => incidentEvent('incident.triggered', 'triggered'),
  acknowledged: () => incidentEvent('incident.acknowledged', 'acknowledged'),
  resolved: () => incidentEvent('incident.resolved', 'resolved'),
}
