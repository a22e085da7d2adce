// Generic JSON sample webhooks (`hookbell send`, the setup screen), shaped like its documented payloads.
// Functions, so ids and timestamps are fresh per send.
export const genericSamples: Record<string, () => unknown> = {
  triggered: () => ({
    summary: 'Database connection timeout',
    severity: 'critical',
    status: 'triggered',
    dedup_key: 'db-timeout-api-gateway',
    source: 'api-gateway-monitor',
    description: 'Connection pool exhausted after 30 s (max 50 connections)',
    environment: 'production',
    // A fresh timestamp makes each sample a new occurrence rather than a redelivery of the last one.
    timestamp: new Date().toISOString(),
  }),
  resolved: () => ({
    summary: 'Database connection timeout',
    severity: 'critical',
    status: 'resolved',
    dedup_key: 'db-timeout-api-gateway',
    source: 'api-gateway-monitor',
    timestamp: new Date().toISOString(),
  }),
}
