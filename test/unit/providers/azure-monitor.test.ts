// Azure Monitor common alert schema: fixtures from Microsoft's docs (test/fixtures/azure-monitor/README.md).
import { describe, expect, it } from 'vitest'
import { azureMonitor } from '../../../src/main/core/providers/azure-monitor'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
})

describe('azure-monitor.verify', () => {
  const body = fixture('azure-monitor', 'metric-fired')

  it('without a secret, the URL is the credential: anything posted to it is read', () => {
    expect(azureMonitor.verify(rawRequest(body), [], Date.now())).toEqual({ ok: true })
  })

  it('with a secret, needs it as the basic-auth password of the webhook URI', () => {
    expect(
      azureMonitor.verify(rawRequest(body, basic('hookbell', 's3cret-generated')), ['s3cret-generated'], Date.now()),
    ).toEqual({ ok: true })
    expect(azureMonitor.verify(rawRequest(body, basic('hookbell', 'wrong')), ['s3cret-generated'], Date.now())).toMatchObject({
      ok: false,
      status: 401,
      reason: "Authorization basic-auth password do not match this integration's secret",
    })
    const missing = azureMonitor.verify(rawRequest(body), ['s3cret-generated'], Date.now())
    expect(missing).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/^Authorization missing: set Azure Monitor's action group webhook URI/),
    })
  })

  it('signs as Azure sends the URI credentials: basic auth', () => {
    const headers = azureMonitor.sign(body, 's3cret-generated', Date.now())
    expect(azureMonitor.verify(rawRequest(body, headers), ['s3cret-generated'], Date.now())).toEqual({ ok: true })
  })
})

describe('azure-monitor.normalize', () => {
  it('opens an incident per alertId when Fired, and Resolved resolves it', () => {
    const [fired] = normalizeWith('azure-monitor', fixture('azure-monitor', 'metric-fired'))
    const [resolved] = normalizeWith('azure-monitor', fixture('azure-monitor', 'metric-resolved'))
    expect(fired).toMatchObject({
      dedupKey:
        'alert:/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.AlertsManagement/alerts/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e',
      action: 'trigger',
      kind: 'alert',
      title: 'WCUS-R2-Gen2 on wcus-r2-gen2',
      severity: 'info',
      app: 'wcus-r2-gen2',
      occurredAt: Date.parse('2019-03-22T13:58:24.371Z'),
      facts: {
        condition: 'Percentage CPU GreaterThan 25 (31.1105)',
        signal: 'Metric',
        'Azure severity': 'Sev3',
        'custom properties': 'Key1=Value1, Key2=Value2',
        source: 'Azure Monitor',
      },
    })
    expect(fired!.url).toMatch(
      /^https:\/\/portal\.azure\.com\/#view\/Microsoft_Azure_Monitoring_Alerts\/AlertDetails\.ReactView\/alertId~\//,
    )
    expect(resolved).toMatchObject({
      dedupKey: fired!.dedupKey,
      action: 'resolve',
      occurredAt: Date.parse('2019-03-22T14:03:16.224Z'),
      sourceTimestamp: Date.parse('2019-03-22T14:03:16.224Z'),
    })
    expect(resolved!.sourceTimestamp!).toBeGreaterThan(fired!.sourceTimestamp!)
  })

  it.each([
    ['Sev0', 'critical'],
    ['Sev1', 'error'],
    ['Sev2', 'warning'],
    ['Sev4', 'info'],
  ])('maps %s to %s', (sev, severity) => {
    const body = fixture('azure-monitor', 'metric-fired').replace('"Sev3"', `"${sev}"`)
    expect(normalizeWith('azure-monitor', body)[0]!.severity).toBe(severity)
  })

  it('refuses a payload without the common schema, saying which switch to turn on', () => {
    const result = azureMonitor.normalize({ schemaId: 'Microsoft.Insights/activityLogs', data: {} }, rawRequest('{}'))
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/Enable the common alert schema/) })
  })

  it('records a monitorCondition it does not know, without an incident', () => {
    const body = JSON.parse(fixture('azure-monitor', 'metric-fired').replace('"Fired"', '"Suppressed"'))
    expect(azureMonitor.normalize(body, rawRequest('{}'))).toEqual({
      ok: true,
      events: [],
      note: 'monitorCondition Suppressed is not Fired or Resolved: recorded, no incident',
    })
  })
})
