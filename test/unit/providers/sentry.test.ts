import { describe, expect, it } from 'vitest'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'

const run = (name: string, resource?: string) =>
  normalizeWith('sentry', fixture('sentry', name), resource ? { 'sentry-hook-resource': resource } : {})

describe('sentry.normalize', () => {
  it('turns an event_alert into an exception, using the last exception value and in_app frames', () => {
    const [e] = run('event_alert', 'event_alert')
    expect(e).toMatchObject({
      dedupKey: 'issue:1170820242',
      action: 'trigger',
      kind: 'exception',
      severity: 'error',
      title: "ValueError: invalid literal for int() with base 10: 'fünf'",
      environment: 'production',
      url: 'https://sentry.io/organizations/acme/issues/1170820242/events/a1b2c3d4e5f6478a9b0c1d2e3f4a5b6c/',
      occurredAt: 1700000000000,
      facts: { culprit: 'checkout.views in parse_quantity', release: 'checkout@2.14.0', 'alert rule': 'Checkout errors' },
    })
    expect(e!.exception).toEqual({
      type: 'ValueError',
      message: "invalid literal for int() with base 10: 'fünf'",
      frames: [
        { file: 'django/core/handlers/base.py', line: 197, function: '_get_response', inApp: false },
        { file: 'checkout/views.py', line: 88, function: 'add_to_cart', inApp: true },
        { file: 'checkout/views.py', line: 41, function: 'parse_quantity', inApp: true },
      ],
    })
  })

  it('reads an error webhook; fatal is critical', () => {
    const [e] = run('error', 'error')
    expect(e).toMatchObject({ dedupKey: 'issue:1170820999', severity: 'critical', environment: 'staging', kind: 'exception' })
  })

  it('resolves on issue resolved, on the same dedup key as the event alert', () => {
    const [e] = run('issue-resolved', 'issue')
    expect(e).toMatchObject({
      dedupKey: 'issue:1170820242',
      action: 'resolve',
      kind: 'issue',
      app: 'checkout',
      url: 'https://sentry.io/organizations/acme/issues/1170820242/',
    })
    expect(e!.facts).toMatchObject({ 'short id': 'CHECKOUT-1Z', 'events (Sentry)': '12' })
  })

  it.each([
    ['created', 'trigger'],
    ['unresolved', 'trigger'],
    ['resolved', 'resolve'],
    ['ignored', 'resolve'],
    ['archived', 'resolve'],
    ['assigned', 'pending'],
  ])('maps issue action %s to %s', (action, expected) => {
    const body = fixture('sentry', 'issue-resolved').replace('"action":"resolved"', `"action":"${action}"`)
    expect(normalizeWith('sentry', body, { 'sentry-hook-resource': 'issue' })[0]!.action).toBe(expected)
  })

  it.each([
    ['critical', 'trigger', 'critical'],
    ['warning', 'trigger', 'warning'],
    ['open', 'trigger', 'error'],
    ['resolved', 'resolve', 'info'],
  ])('maps metric_alert action %s', (action, expected, severity) => {
    const body = fixture('sentry', 'metric_alert-critical').replace('"action":"critical"', `"action":"${action}"`)
    const [e] = normalizeWith('sentry', body, { 'sentry-hook-resource': 'metric_alert' })
    expect(e).toMatchObject({
      dedupKey: 'metric:7412',
      action: expected,
      severity,
      kind: 'alert',
      title: 'Critical: Checkout p95 is 2.4s',
      app: 'checkout',
      environment: 'production',
    })
  })

  it('orders a metric alert by its own dates: the resolve (date_closed) is newer than the critical', () => {
    const headers = { 'sentry-hook-resource': 'metric_alert' }
    const [critical] = normalizeWith('sentry', fixture('sentry', 'metric_alert-critical'), headers)
    const [resolved] = normalizeWith('sentry', fixture('sentry', 'metric_alert-resolved'), headers)
    expect(critical).toMatchObject({ dedupKey: 'metric:7412', sourceTimestamp: Date.parse('2026-11-20T09:00:00Z') })
    expect(resolved).toMatchObject({
      dedupKey: 'metric:7412',
      action: 'resolve',
      sourceTimestamp: Date.parse('2026-11-20T09:40:00Z'),
    })
  })

  it('records installation, comment and unknown resources without making incidents', () => {
    expect(run('installation', 'installation')).toEqual([])
    expect(
      normalizeWith('sentry', '{"action":"created","data":{"comment":"hi"}}', { 'sentry-hook-resource': 'comment' }),
    ).toEqual([])
    expect(normalizeWith('sentry', '{"action":"x","data":{}}', { 'sentry-hook-resource': 'brand_new_resource' })).toEqual([])
  })

  it('recognises the resource from the data when the header is missing (relayed or replayed)', () => {
    expect(run('event_alert')[0]!.kind).toBe('exception')
  })
})
