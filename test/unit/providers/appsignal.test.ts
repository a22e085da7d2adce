import { describe, expect, it } from 'vitest'
import { fixture } from '../../fixtures/load'
import { normalizeWith, refusal } from '../../helpers/normalize'
import { PROVIDERS } from '../../../src/main/core/providers'
import { rawRequest } from '../../helpers/request'

const one = (name: string) => normalizeWith('appsignal', fixture('appsignal', name))[0]!

describe('appsignal.normalize', () => {
  it('turns an exception incident into an exception, field by field', () => {
    const e = one('exception')
    expect(e).toMatchObject({
      dedupKey: 'incident:My test app|development|3',
      action: 'trigger',
      kind: 'exception',
      severity: 'error',
      title: 'Appsignal::Demo::TestError: Hello world! This is an error used for demonstration purposes — naïve café ✓',
      app: 'My test app',
      environment: 'development',
      url: 'https://appsignal.com/test/sites/5bd867fa2213937f3666ae7b/incidents/3?timestamp=2019-01-09T09%3A03%3A57Z',
      occurredAt: Date.parse('2019-01-09T09:03:57Z'),
    })
    expect(e.exception!.type).toBe('Appsignal::Demo::TestError')
    expect(e.exception!.frames).toHaveLength(8)
    // Crash site last, as in Sentry's order. AppSignal's "app" backtrace still holds gem frames (this demo
    // error is raised inside the appsignal gem): they are library code, not the application's.
    expect(e.exception!.frames.at(-1)).toEqual({
      file: '/Users/tombruijn/.gem/ruby/2.5.3/gems/appsignal-2.8.1/lib/appsignal/demo.rb',
      line: 49,
      function: 'create_example_error_request',
      inApp: false,
    })
    expect(e.facts).toMatchObject({
      namespace: 'web',
      action: 'DemoController#hello',
      path: '/hello',
      hostname: 'Toms-MacBook-Pro.local',
      revision: 'abc123',
      'metadata.method': 'GET',
    })
    expect(e.facts).not.toHaveProperty('user') // null in the payload
  })

  it('keeps very long backtraces, bounded', () => {
    const payload = JSON.parse(fixture('appsignal', 'exception'))
    payload.exception.app_backtrace = Array.from({ length: 5000 }, (_, i) => `/app/lib/recursion.rb:${i + 1}:in \`step_${i}'`)
    const e = normalizeWith('appsignal', JSON.stringify(payload))[0]!
    expect(e.exception!.frames).toHaveLength(200)
    expect(e.exception!.frames.at(-1)).toMatchObject({ line: 1, function: 'step_0' })
  })

  it('turns a performance incident into a duration', () => {
    expect(one('performance')).toMatchObject({
      dedupKey: 'incident:My test app|development|1',
      kind: 'performance',
      severity: 'warning',
      title: 'Slow request: DemoController#hello',
      durationMs: 2004.904052734375,
      facts: { action: 'DemoController#hello', path: '/hello', hostname: 'Toms-MacBook-Pro.local' },
    })
  })

  it('turns a deploy marker into an informational deploy', () => {
    expect(one('marker')).toEqual({
      dedupKey: 'marker:5c3714455ac13f7df09437f0',
      action: 'log',
      kind: 'deploy',
      title: 'Deployed abc123 to My test app (development)',
      severity: 'info',
      app: 'My test app',
      environment: 'development',
      url: 'https://appsignal.com/test/sites/5bd867fa2213937f3666ae7b/dashboard',
      occurredAt: Date.parse('2019-01-10T09:45:41Z'),
      deploy: { revision: 'abc123', user: 'tom', repository: 'https://github.com/my_org/my_repo' },
    })
  })

  it('reads a root-level anomaly alert (seed shape); closed resolves', () => {
    const e = one('anomaly-root')
    expect(e).toMatchObject({
      dedupKey: 'alert:5bdb1fb301925b0c4b6c7017',
      action: 'resolve',
      kind: 'anomaly',
      app: 'google',
      environment: 'production',
    })
    expect(e.metric).toEqual({
      name: 'transaction_exception_rate',
      field: 'gauge',
      lastValue: 12,
      peakValue: 20,
      meanValue: 11,
      comparisonOperator: '<',
      comparisonValue: 21,
      human: { lastValue: '12 %', peakValue: '20 %', meanValue: '11 %', comparisonValue: '21 %' },
      state: 'closed',
      openedAt: '2017-08-01T10:05:00Z',
      closedAt: '2017-08-01T13:43:00Z',
      warmupMinutes: 10,
      cooldownMinutes: 20,
    })
    // "#{...}" placeholders are not a usable link host; it still parses as http, which is all we check.
    expect(e.url === null || e.url!.startsWith('http://')).toBe(true)
  })

  it('reads an anomaly alert wrapped in "alert"; open opens', () => {
    const e = one('anomaly-wrapped')
    expect(e).toMatchObject({
      dedupKey: 'alert:65a1b2c3d4e5f6a7b8c9d0e1',
      action: 'trigger',
      title: 'Error rate over 5% on checkout',
      url: 'https://appsignal.com/acme/sites/5bd867fa/alerts/65a1b2c3d4e5f6a7b8c9d0e1',
    })
    expect(e.metric).toMatchObject({ lastValue: 7.5, peakValue: 9.25, comparisonOperator: '>', comparisonValue: 5 })
  })

  it('orders an alert by the latest of its own times: closed_at after opened_at', () => {
    expect(one('anomaly-wrapped').sourceTimestamp).toBe(Date.parse('2026-11-20T08:05:00Z'))
    expect(one('anomaly-closed')).toMatchObject({
      dedupKey: 'alert:65a1b2c3d4e5f6a7b8c9d0e1',
      action: 'resolve',
      sourceTimestamp: Date.parse('2026-11-20T08:50:00Z'),
    })
  })

  it.each(['warming up', 'cooling down', 'something new'])(
    'keeps the unknown or in-between state "%s" pending, never resolved',
    (state) => {
      const payload = JSON.parse(fixture('appsignal', 'anomaly-root'))
      payload.state = state
      expect(normalizeWith('appsignal', JSON.stringify(payload))[0]!.action).toBe('pending')
    },
  )

  it('records a payload of a kind it does not read with a note, and refuses a known kind without its keys', () => {
    expect(PROVIDERS.get('appsignal')!.normalize({ foo: 1 }, rawRequest('{}'))).toEqual({
      ok: true,
      events: [],
      note: expect.stringMatching(/^AppSignal payload \(foo\) recorded; not one Hookbell reads/),
    })
    expect(refusal('appsignal', '{"exception": {"message": "no number"}}')).toMatch(/without site and number/)
  })
})
