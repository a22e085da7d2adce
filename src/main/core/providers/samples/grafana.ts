// Grafana Alerting sample webhooks (`hookbell send`, the setup screen), shaped like its documented payloads.
// Functions, so ids and timestamps are fresh per send.
import { alertGroup } from './alertmanager'

export const grafanaSamples: Record<string, () => unknown> = {
  alerting: () => ({
    ...alertGroup('firing', { values: { B: 7.2, C: 1 }, panelURL: 'https://grafana.example.com/d/abc?viewPanel=2' }),
    orgId: 1,
    state: 'alerting',
    title: '[FIRING:1] HighErrorRate checkout-api',
    message: 'Checkout 5xx rate above 5%',
  }),
  ok: () => ({
    ...alertGroup('resolved', { values: { B: 0.4, C: 0 } }),
    orgId: 1,
    state: 'ok',
    title: '[RESOLVED] HighErrorRate checkout-api',
    message: '',
  }),
}
