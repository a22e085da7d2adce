// Prometheus Alertmanager sample webhooks (`hookbell send`, the setup screen), shaped like its documented payloads.
// Functions, so ids and timestamps are fresh per send.
import type { Json } from '../fields'

export const alertmanagerSamples: Record<string, () => unknown> = {
  firing: () => alertGroup('firing'),
  resolved: () => alertGroup('resolved'),
}

/** One Alertmanager webhook group with a single alert; Grafana sends the same shape plus its own fields. */
export function alertGroup(status: 'firing' | 'resolved', extra: Record<string, unknown> = {}): Json {
  const startsAt = new Date(Date.now() - 5 * 60_000).toISOString()
  return {
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
    status,
    receiver: 'hookbell',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', service: 'checkout-api', severity: 'critical', env: 'production' },
    commonAnnotations: { summary: 'Checkout 5xx rate above 5%' },
    externalURL: 'http://alertmanager.internal:9093',
    alerts: [
      {
        status,
        labels: {
          alertname: 'HighErrorRate',
          service: 'checkout-api',
          severity: 'critical',
          env: 'production',
          instance: 'checkout-1:8080',
        },
        annotations: {
          summary: 'Checkout 5xx rate above 5%',
          description: '7.2% of requests failed over 5 minutes',
          runbook_url: 'https://runbooks.example.com/checkout-5xx',
        },
        startsAt,
        endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.internal:9090/graph?g0.expr=job%3Acheckout_5xx%3Aratio+%3E+0.05',
        fingerprint: 'c6e5a8f1d2b3a4e5',
        ...extra,
      },
    ],
  }
}

/**
 * What the custom payload suggested in the setup steps renders to for `group` (Alertmanager `payload`,
 * Grafana "Custom Payload"): the generic fields, one object per alert group.
 */
export function suggestedCustomPayload(group: Json, source: string): Json {
  const annotations = (group.commonAnnotations ?? {}) as Json
  const labels = (group.commonLabels ?? {}) as Json
  return {
    summary: annotations.summary ?? '',
    severity: labels.severity ?? '',
    status: group.status,
    dedup_key: group.groupKey,
    source,
  }
}
