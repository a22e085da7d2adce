import { describe, expect, it } from 'vitest'
import { checklyState, CHECKLY_TEMPLATE, parseChecklyBody } from '../../../src/main/core/providers/checkly'
import { renderTemplate } from '../../../src/main/core/forward/template'
import { fixture } from '../../fixtures/load'
import { normalizeWith } from '../../helpers/normalize'

describe('checkly.normalize', () => {
  it('reads the recommended template, field by field', () => {
    const [e] = normalizeWith('checkly', fixture('checkly', 'failure'), { 'x-checkly-timestamp': '1763632800' })
    expect(e).toEqual({
      dedupKey: 'check:08437f9c-df8c-45ed-975a-a3f9e24d626d',
      action: 'trigger',
      kind: 'check',
      title: 'Check "Checkout API" has failed',
      severity: 'critical',
      // The check is the app; its "production" tag (the group is named Production too) the environment.
      app: 'Checkout API',
      environment: 'production',
      url: 'https://app.checklyhq.com/checks/08437f9c-df8c-45ed-975a-a3f9e24d626d/results/5f2c1e7a',
      // STARTED_AT is inside the signed body: it orders the check's events, not the unsigned header.
      sourceTimestamp: Date.parse('2026-11-20T10:00:00.000Z'),
      occurredAt: Date.parse('2026-11-20T10:00:00.000Z'),
      check: {
        name: 'Checkout API',
        checkId: '08437f9c-df8c-45ed-975a-a3f9e24d626d',
        checkType: 'API',
        alertType: 'ALERT_FAILURE',
        location: 'N. California',
        responseTimeMs: 2345,
        statusCode: 503,
        statusText: 'Service Unavailable',
        errorMessage: 'Expected status code 200 but received 503',
        resultLink: 'https://app.checklyhq.com/checks/08437f9c-df8c-45ed-975a-a3f9e24d626d/results/5f2c1e7a',
        group: 'Production',
        tags: ['production', 'checkout'],
      },
      facts: { 'result id': '5f2c1e7a-3b4d-4e5f-8a9b-0c1d2e3f4a5b' },
    })
  })

  it('takes the environment from a tag or the group only when it names one, and never the group as the app', () => {
    const body = JSON.parse(fixture('checkly', 'failure')) as Record<string, unknown>
    const read = (change: Record<string, unknown>) => normalizeWith('checkly', JSON.stringify({ ...body, ...change }))[0]!
    expect(read({ tags: ['checkout'], groupName: 'Staging' })).toMatchObject({ app: 'Checkout API', environment: 'Staging' })
    expect(read({ tags: ['checkout'], groupName: 'Payments team' })).toMatchObject({
      app: 'Checkout API',
      environment: null,
      check: { group: 'Payments team' },
    })
  })

  it('resolves on recovery and decodes Handlebars HTML escaping', () => {
    const [e] = normalizeWith('checkly', fixture('checkly', 'recovery'))
    expect(e).toMatchObject({
      action: 'resolve',
      title: 'Check "Checkout API" has recovered',
      dedupKey: 'check:08437f9c-df8c-45ed-975a-a3f9e24d626d',
    })
  })

  it('copes with a partial template that uses the variable names as keys', () => {
    const [e] = normalizeWith('checkly', fixture('checkly', 'partial'))
    expect(e).toMatchObject({
      dedupKey: 'check:Homepage (browser)',
      severity: 'warning',
      action: 'trigger',
      title: 'Check "Homepage (browser)" is failing',
    })
    expect(e!.check).toMatchObject({ responseTimeMs: 8120, alertType: 'ALERT_DEGRADED' })
  })

  it('parses a body with raw newlines and tabs inside values (an unescaped error message)', () => {
    const [e] = normalizeWith('checkly', fixture('checkly', 'raw-newline'))
    expect(e!.check!.errorMessage).toBe(
      'TimeoutError: waiting for selector "#login"\n    at page.waitForSelector (login.spec.ts:14)\tretry 2',
    )
  })

  it('refuses a body that names no check', () => {
    expect(() => normalizeWith('checkly', '{"alertType":"ALERT_FAILURE"}')).toThrow(/CHECK_ID/)
  })

  it('reads the SSL alert as its own incident with days remaining', () => {
    const body = JSON.stringify({
      alertType: 'ALERT_SSL',
      checkId: 'c1',
      checkName: 'API',
      sslDaysRemaining: '14',
      sslCheckDomain: 'api.example.com',
      alertTitle: 'The SSL certificate for api.example.com will expire in 14 days',
    })
    const [e] = normalizeWith('checkly', body)
    expect(e).toMatchObject({ dedupKey: 'ssl:c1', severity: 'warning', action: 'trigger' })
    expect(e!.check).toMatchObject({ sslDaysRemaining: 14, sslDomain: 'api.example.com' })
  })

  it.each([
    ['ALERT_FAILURE', 'trigger', 'critical', false],
    ['ALERT_FAILURE_REMAIN', 'trigger', 'critical', true],
    ['ALERT_FAILURE_DEGRADED', 'trigger', 'warning', false],
    ['ALERT_DEGRADED', 'trigger', 'warning', false],
    ['ALERT_DEGRADED_REMAIN', 'trigger', 'warning', true],
    ['ALERT_DEGRADED_FAILURE', 'trigger', 'critical', false],
    ['ALERT_DEGRADED_RECOVERY', 'resolve', 'info', false],
    ['ALERT_RECOVERY', 'resolve', 'info', false],
    ['ALERT_SSL', 'trigger', 'warning', false],
  ])('maps %s', (type, action, severity, reminder) => {
    expect(checklyState(type)).toEqual({ action, severity, reminder })
  })

  it('records NO_ALERT without an incident', () => {
    expect(checklyState('NO_ALERT')).toBeNull()
    expect(normalizeWith('checkly', '{"alertType":"NO_ALERT","checkId":"c1"}')).toEqual([])
  })

  it('without STARTED_AT, accepts x-checkly-timestamp near the receipt as seconds, milliseconds or ISO 8601', () => {
    const body = fixture('checkly', 'partial')
    // rawRequest's receipt is 2026-01-15T10:30:05Z; the header says the delivery left 5 s earlier.
    const at = Date.parse('2026-01-15T10:30:00Z')
    for (const stamp of [String(at / 1000), String(at), '2026-01-15T10:30:00Z']) {
      expect(normalizeWith('checkly', body, { 'x-checkly-timestamp': stamp })[0]!.sourceTimestamp).toBe(at)
    }
  })

  it('ignores an x-checkly-timestamp more than 5 minutes from the receipt: nobody signs that header', () => {
    const body = fixture('checkly', 'partial')
    for (const stamp of ['4102444800', '2026-01-15T10:36:00Z', '2026-01-15T10:24:00Z']) {
      const [e] = normalizeWith('checkly', body, { 'x-checkly-timestamp': stamp })
      expect(e!.sourceTimestamp).toBeUndefined()
      expect(e!.occurredAt).toBeUndefined()
    }
  })

  it('orders by STARTED_AT from the signed body even when the header names another time', () => {
    const [e] = normalizeWith('checkly', fixture('checkly', 'failure'), { 'x-checkly-timestamp': '2026-01-15T10:30:00Z' })
    expect(e!.sourceTimestamp).toBe(Date.parse('2026-11-20T10:00:00.000Z'))
  })

  it('publishes a template that, rendered the way Checkly renders, reads back completely', () => {
    const vars = {
      ALERT_TYPE: 'ALERT_FAILURE',
      ALERT_TITLE: 'Check "API" has failed',
      CHECK_ID: 'id-1',
      CHECK_NAME: 'API',
      CHECK_TYPE: 'API',
      CHECK_ERROR_MESSAGE: 'line one\nline two',
      RESPONSE_TIME: 1200,
      RUN_LOCATION: 'Frankfurt',
      RESULT_LINK: 'https://app.checklyhq.com/r/1',
      STARTED_AT: '2026-11-20T10:00:00Z',
      TAGS: ['prod', 'api'],
    }
    // Checkly's Handlebars HTML-escapes {{VAR}} and inserts newlines raw.
    const htmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;')
    const rendered = renderTemplate(
      CHECKLY_TEMPLATE,
      Object.fromEntries(
        Object.entries(vars).map(([k, v]) => [k, Array.isArray(v) ? v : typeof v === 'string' ? htmlEscape(v) : v]),
      ),
      { json: false, secrets: {} },
    )
    if (!rendered.ok) throw new Error(rendered.error)
    expect(() => parseChecklyBody(rendered.text)).not.toThrow()
    const [e] = normalizeWith('checkly', rendered.text)
    expect(e).toMatchObject({
      title: 'Check "API" has failed',
      dedupKey: 'check:id-1',
      check: { errorMessage: 'line one\nline two', location: 'Frankfurt', tags: ['prod', 'api'], responseTimeMs: 1200 },
    })
  })
})
