import { describe, expect, it } from 'vitest'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'

describe('alertmanager.normalize', () => {
  it('makes one incident per alert fingerprint', () => {
    const events = normalizeWith('alertmanager', fixture('alertmanager', 'firing'))
    expect(events.map((e) => e.dedupKey)).toEqual(['alert:c6e5a8f1d2b3a4e5', 'alert:d7f6b9a2e3c4b5f6'])
    expect(events[0]).toMatchObject({
      action: 'trigger',
      kind: 'alert',
      title: 'Checkout 5xx rate above 5% on checkout-1',
      severity: 'critical',
      app: 'checkout-api',
      environment: 'production',
      url: 'http://prometheus.internal:9090/graph?g0.expr=job%3Acheckout_5xx%3Aratio+%3E+0.05',
      occurredAt: Date.parse('2026-11-20T10:00:00Z'),
      sourceTimestamp: Date.parse('2026-11-20T10:00:00Z'),
      facts: { description: '7.2% of requests failed over 5 minutes', source: 'Alertmanager' },
    })
    expect(events[1]!.severity).toBe('warning')
  })

  it('resolves by fingerprint, ordered by endsAt', () => {
    const [e] = normalizeWith('alertmanager', fixture('alertmanager', 'resolved'))
    expect(e).toMatchObject({
      dedupKey: 'alert:c6e5a8f1d2b3a4e5',
      action: 'resolve',
      sourceTimestamp: Date.parse('2026-11-20T10:20:00Z'),
    })
  })

  it('orders a firing alert by startsAt (a repeat keeps it), a resolved one by endsAt', () => {
    const [first] = normalizeWith('alertmanager', fixture('alertmanager', 'firing'))
    const [resolved] = normalizeWith('alertmanager', fixture('alertmanager', 'resolved'))
    const [again] = normalizeWith('alertmanager', fixture('alertmanager', 'refiring'))
    expect([first!.sourceTimestamp, resolved!.sourceTimestamp, again!.sourceTimestamp]).toEqual(
      ['2026-11-20T10:00:00Z', '2026-11-20T10:20:00Z', '2026-11-20T11:00:00Z'].map(Date.parse),
    )
    expect(new Set([first!.dedupKey, resolved!.dedupKey, again!.dedupKey]).size).toBe(1)
  })

  it('refuses a body without alerts[]', () => {
    expect(() => normalizeWith('alertmanager', '{"status":"firing"}')).toThrow(/no alerts\[\] array/)
  })
})

describe('grafana.normalize', () => {
  it('reads the Alertmanager shape plus values', () => {
    const [e] = normalizeWith('grafana', fixture('grafana', 'alerting'))
    expect(e).toMatchObject({
      dedupKey: 'alert:9a8b7c6d5e4f3a2b',
      action: 'trigger',
      title: 'Disk on db-1 is 91% full',
      severity: 'warning',
      url: 'https://grafana.example.com/alerting/grafana/disk/view?orgId=1',
      facts: { values: 'B=91.2, C=1', source: 'Grafana' },
    })
  })
})
