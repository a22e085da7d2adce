// New Relic's default webhook payload template, rendered for one issue in each state
// (test/fixtures/newrelic/README.md).
import { describe, expect, it } from 'vitest'
import { NEW_RELIC_TEMPLATE } from '../../../src/main/core/providers/newrelic'
import { PROVIDERS, providerInfo } from '../../../src/main/core/providers'
import { fixture } from '../../fixtures/load'
import { normalizeWith, refusal } from '../../helpers/normalize'
import { rawRequest } from '../../helpers/request'

const T = Date.parse('2026-11-20T10:00:00Z')
const newrelic = PROVIDERS.get('newrelic')!

describe('newrelic.normalize', () => {
  it('opens an incident for an ACTIVATED issue, field by field', () => {
    expect(normalizeWith('newrelic', fixture('newrelic', 'activated'))).toEqual([
      {
        dedupKey: 'issue:d1b1f3fd-995a-4066-88ab-8ce4f6960654',
        action: 'trigger',
        kind: 'alert',
        title: "Memory Used % > 90 for at least 2 minutes on 'checkout-api'",
        severity: 'critical',
        app: 'checkout-api',
        environment: null,
        url: 'https://radar-api.service.newrelic.com/accounts/1234567/issues/d1b1f3fd-995a-4066-88ab-8ce4f6960654?notifier=WEBHOOK',
        occurredAt: T,
        sourceTimestamp: T + 60_000,
        facts: {
          state: 'ACTIVATED',
          priority: 'CRITICAL',
          entities: 'checkout-api',
          conditions: 'Memory high',
          policies: 'Checkout production',
          sources: 'newrelic',
          incidents: '1',
          trigger: 'STATE_CHANGE',
          workflow: 'Hookbell',
          source: 'New Relic',
        },
      },
    ])
  })

  it('follows the issue: ACKNOWLEDGED acknowledges, CLOSED resolves, one dedup key, ordered by updatedAt', () => {
    const states = ['activated', 'acknowledged', 'closed'].map((n) => normalizeWith('newrelic', fixture('newrelic', n))[0]!)
    expect(states.map((e) => e.action)).toEqual(['trigger', 'acknowledge', 'resolve'])
    expect(new Set(states.map((e) => e.dedupKey)).size).toBe(1)
    expect(states.map((e) => e.sourceTimestamp)).toEqual([T + 60_000, T + 5 * 60_000, T + 20 * 60_000])
  })

  it('records a CREATED issue without opening an incident, so that ACTIVATED is the one that toasts', () => {
    const body = fixture('newrelic', 'created')
    expect(newrelic.normalize(JSON.parse(body), rawRequest(body))).toEqual({
      ok: true,
      events: [],
      note: 'New Relic issue d1b1f3fd-995a-4066-88ab-8ce4f6960654 created, not yet activated: the incident opens when it is',
    })
  })

  it('maps HIGH, MEDIUM and LOW priorities', () => {
    const body = fixture('newrelic', 'activated')
    const severities = ['HIGH', 'MEDIUM', 'LOW'].map(
      (p) => normalizeWith('newrelic', body.replace('"priority": "CRITICAL"', `"priority": "${p}"`))[0]!.severity,
    )
    expect(severities).toEqual(['error', 'warning', 'info'])
  })

  it('records a state it does not act on, with the reason, and makes no incident', () => {
    const body = fixture('newrelic', 'activated').replace('"state": "ACTIVATED"', '"state": "DEACTIVATED"')
    expect(newrelic.normalize(JSON.parse(body), rawRequest(body))).toEqual({
      ok: true,
      events: [],
      note: expect.stringMatching(/^New Relic issue state "DEACTIVATED" is not one Hookbell acts on/),
    })
  })

  it('refuses a body without the issue id or state, naming the default template', () => {
    expect(refusal('newrelic', '{"state": "ACTIVATED"}')).toMatch(/^no id \(issueId\): use New Relic's default payload template/)
    expect(refusal('newrelic', '{"id": "x"}')).toMatch(/^no state/)
  })

  it("publishes New Relic's default payload template", () => {
    expect(providerInfo(newrelic).template).toBe(NEW_RELIC_TEMPLATE)
    for (const v of ['issueId', 'issuePageUrl', 'priority', 'state', 'annotations.title.[0]', 'entitiesData.names'])
      expect(NEW_RELIC_TEMPLATE).toContain(v)
  })
})
