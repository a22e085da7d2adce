// Grafana OnCall outgoing webhooks with "Forward All": OnCall's event data (test/fixtures/grafana-oncall/README.md).
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../../src/main/core/providers'
import { fixture } from '../../fixtures/load'
import { normalizeWith, refusal } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'

const oncall = PROVIDERS.get('grafana-oncall')!
const result = (body: string) => oncall.normalize(JSON.parse(body), rawRequest(body))

describe('grafana-oncall.normalize', () => {
  it('opens an incident for "alert group created", field by field', () => {
    expect(normalizeWith('grafana-oncall', fixture('grafana-oncall', 'created'))).toEqual([
      {
        dedupKey: 'alert-group:I6HNZGUFG4K11',
        action: 'trigger',
        kind: 'alert',
        title: '[firing:1] HighErrorRate checkout-api',
        severity: 'critical',
        app: 'checkout-api',
        environment: null,
        url: 'https://acme.grafana.net/a/grafana-oncall-app/alert-groups/I6HNZGUFG4K11',
        occurredAt: Date.parse('2026-11-20T10:00:00.231Z'),
        sourceTimestamp: Date.parse('2026-11-20T10:00:00.231Z'),
        facts: {
          event: 'alert group created',
          state: 'firing',
          alerts: '1',
          description: '7.2% of checkout requests failed over 5 minutes',
          labels: 'region=eu-1, alertname=HighErrorRate, service=checkout-api, severity=critical, urgency=3',
          integration: 'Main Integration - Alertmanager',
          team: 'Payments',
          source: 'Grafana OnCall',
        },
      },
    ])
  })

  it('acknowledges and resolves the same alert group, ordered by event.time', () => {
    const [created, ack, resolved] = ['created', 'acknowledge', 'resolve'].map(
      (n) => normalizeWith('grafana-oncall', fixture('grafana-oncall', n))[0]!,
    )
    expect([ack!.action, resolved!.action]).toEqual(['acknowledge', 'resolve'])
    expect(new Set([created!.dedupKey, ack!.dedupKey, resolved!.dedupKey]).size).toBe(1)
    expect(resolved!.sourceTimestamp).toBe(Date.parse('2026-11-20T10:05:33.714Z'))
    expect(ack!.facts!.by).toBe('admin')
  })

  it('reads the capitalized types older OnCall sent, escalation steps, unresolve and "status change"', () => {
    expect(normalizeWith('grafana-oncall', fixture('grafana-oncall', 'firing-legacy-type'))[0]!.action).toBe('trigger')
    const body = fixture('grafana-oncall', 'resolve')
    const as = (type: string) =>
      normalizeWith('grafana-oncall', body.replace('"type": "resolve"', `"type": "${type}"`))[0]!.action
    expect(['escalation', 'unresolve', 'Resolve', 'status change'].map(as)).toEqual(['trigger', 'trigger', 'resolve', 'resolve'])
  })

  it('records silence, unacknowledge and unknown types, with the reason, and makes no incident', () => {
    expect(result(fixture('grafana-oncall', 'silence'))).toEqual({
      ok: true,
      events: [],
      note: expect.stringMatching(
        /^Grafana OnCall silence on alert group I6HNZGUFG4K11 recorded; Hookbell acts on alert group created/,
      ),
    })
    const body = fixture('grafana-oncall', 'created').replace('"type": "alert group created"', '"type": "unacknowledge"')
    expect(result(body)).toMatchObject({ ok: true, events: [], note: expect.stringContaining('unacknowledge') })
  })

  it('refuses a custom Data body, saying to turn Forward All on', () => {
    expect(refusal('grafana-oncall', '{"title": "x"}')).toMatch(/turn the outgoing webhook's "Forward All" on/)
  })

  it("answers within OnCall's 4 s", () => {
    expect(oncall.answerLimitMs).toBe(4000)
  })
})
