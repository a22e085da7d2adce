// Datadog's body is the payload the user pasted (DATADOG_TEMPLATE): fixtures are that template filled in
// as the docs' variable examples show (test/fixtures/datadog/README.md).
import { describe, expect, it } from 'vitest'
import { DATADOG_TEMPLATE } from '../../../src/main/core/providers/datadog'
import { PROVIDERS, providerInfo } from '../../../src/main/core/providers'
import { fixture } from '../../fixtures/load'
import { rawRequest } from '../../helpers/request'
import { normalizeWith } from '../../helpers/normalize'

const T = Date.parse('2026-11-20T10:00:00Z')
const datadog = PROVIDERS.get('datadog')!
const normalize = (body: string) => datadog.normalize(datadog.parse!(Buffer.from(body)), rawRequest(body))

describe('datadog.normalize', () => {
  it('reads a Triggered notification field by field', () => {
    const [e] = normalizeWith('datadog', fixture('datadog', 'triggered'))
    expect(e).toEqual({
      dedupKey: 'cycle:2f5bd58bf0b9ff0e1f4f24ec64b4ee5b7d3a4e04',
      action: 'trigger',
      kind: 'alert',
      title: 'Checkout p95 latency above 2s',
      severity: 'critical',
      app: 'checkout-api',
      environment: 'production',
      url: 'https://app.datadoghq.com/event/event?id=7213948576120394857',
      occurredAt: T,
      sourceTimestamp: T,
      facts: {
        transition: 'Triggered',
        status: 'avg(last_5m):p95:trace.http.request{service:checkout-api,env:production} > 2',
        priority: 'P1',
        scope: 'host:checkout-1',
        host: 'checkout-1',
        metric: 'trace.http.request.duration',
        query: 'avg(last_5m):p95:trace.http.request{service:checkout-api,env:production} > 2',
        message: 'Checkout p95 latency is 2.7s on checkout-1',
        monitor: '83726154',
        org: 'Acme',
        source: 'Datadog',
      },
    })
  })

  it('resolves the same alert cycle on Recovered, ordered by its date', () => {
    const [trigger] = normalizeWith('datadog', fixture('datadog', 'triggered'))
    const [recovered] = normalizeWith('datadog', fixture('datadog', 'recovered'))
    expect(recovered).toMatchObject({ action: 'resolve', dedupKey: trigger!.dedupKey, sourceTimestamp: T + 20 * 60_000 })
  })

  it('makes Warn and No Data warnings whatever the priority, and Re-* and Renotify reminders', () => {
    const [warn] = normalizeWith('datadog', fixture('datadog', 'warn'))
    expect(warn).toMatchObject({ action: 'trigger', severity: 'warning' })
    expect(warn!.reminder).toBeUndefined()
    const [renotify] = normalizeWith('datadog', fixture('datadog', 'renotify'))
    expect(renotify).toMatchObject({ action: 'trigger', severity: 'critical', reminder: true })
    const body = fixture('datadog', 'triggered')
    for (const [word, severity, reminder] of [
      ['No Data', 'warning', undefined],
      ['Re-No Data', 'warning', true],
      ['Re-Warn', 'warning', true],
      ['Re-Triggered', 'critical', true],
    ] as const) {
      const [e] = normalizeWith('datadog', body.replace('"alertTransition": "Triggered"', `"alertTransition": "${word}"`))
      expect([word, e!.severity, e!.reminder]).toEqual([word, severity, reminder])
    }
  })

  it('takes severity from the alert transition when the monitor has no priority', () => {
    const body = fixture('datadog', 'triggered').replace('"alertPriority": "P1"', '"alertPriority": ""')
    expect(normalizeWith('datadog', body)[0]!.severity).toBe('error')
    const p3 = fixture('datadog', 'triggered').replace('"alertPriority": "P1"', '"alertPriority": "P3"')
    expect(normalizeWith('datadog', p3)[0]!.severity).toBe('warning')
  })

  it('records a transition it does not act on, with the reason, and makes no incident', () => {
    expect(normalize(fixture('datadog', 'unknown-transition'))).toEqual({
      ok: true,
      events: [],
      note: expect.stringMatching(/^Datadog alert transition "Null" is not one Hookbell acts on \(Triggered, .*Renotify\)/),
    })
  })

  it('reads a hand-written payload: snake_case names, the transition from the event title, the monitor as key', () => {
    const body = JSON.stringify({
      alert_id: '1234',
      alert_scope: 'host:db-1',
      title: '[Recovered on {host:db-1}] Disk almost full',
      date: '1406662672000',
    })
    const [e] = normalizeWith('datadog', body)
    expect(e).toMatchObject({ dedupKey: 'monitor:1234:host:db-1', action: 'resolve', title: 'Disk almost full' })
  })

  it('reads a raw newline that $EVENT_MSG put inside a string', () => {
    const body = fixture('datadog', 'triggered').replace(
      '"textOnlyMsg": "Checkout p95 latency is 2.7s on checkout-1"',
      '"textOnlyMsg": "line one\nline two"',
    )
    expect(() => JSON.parse(body)).toThrow()
    expect(normalizeWith('datadog', body)[0]!.facts!.message).toBe('line one\nline two')
  })

  it('refuses, with what to paste, a body without a cycle key, monitor id or transition', () => {
    expect(normalize('{"title": "x"}')).toEqual({
      ok: false,
      reason: expect.stringMatching(/^no alertCycleKey \(\$ALERT_CYCLE_KEY\) or alertId \(\$ALERT_ID\): paste/),
    })
    expect(normalize('{"alertId": "1", "body": "x"}')).toEqual({
      ok: false,
      reason: expect.stringMatching(/^no alertTransition \(\$ALERT_TRANSITION\)/),
    })
  })
})

describe('datadog template and setup', () => {
  it('publishes the payload to paste, with every variable the normalizer reads, as JSON once filled in', () => {
    expect(providerInfo(datadog).template).toBe(DATADOG_TEMPLATE)
    for (const v of ['$ALERT_TRANSITION', '$ALERT_CYCLE_KEY', '$ALERT_PRIORITY', '$ALERT_ID', '$EVENT_TITLE', '$EVENT_MSG'])
      expect(DATADOG_TEMPLATE).toContain(`"${v}"`)
    for (const v of ['$LINK', '$HOSTNAME', '$ALERT_SCOPE', '$DATE', '$ORG_ID', '$ALERT_STATUS'])
      expect(DATADOG_TEMPLATE).toContain(`"${v}"`)
    const filled = DATADOG_TEMPLATE.replace(/\$[A-Z_]+/g, (v) => (v === '$ALERT_TRANSITION' ? 'Triggered' : `x${v.length}`))
    expect(normalizeWith('datadog', filled)).toHaveLength(1)
  })

  it('says to leave "Encode as form" off, and what to change when a form-encoded delivery is refused', () => {
    expect(datadog.setup.join('\n')).toMatch(/Leave "Encode as form" off/)
    expect(datadog.contentTypeAdvice).toMatch(/uncheck it/)
    expect(datadog.answerLimitMs).toBe(15_000)
  })
})
