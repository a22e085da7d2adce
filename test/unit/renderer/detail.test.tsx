// @vitest-environment jsdom
import './setup-dom'
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { IncidentDetail } from '../../../src/renderer/src/components/IncidentDetail'
import type { IncidentDetail as Detail } from '../../../src/shared/incident'
import { fakeClient, incident } from './fake-client'
import { renderWithStore } from './render'

function show(detail: Partial<Detail>) {
  const full: Detail = {
    ...incident(),
    timeline: [{ id: 1, at: new Date().toISOString(), type: 'received', actor: 'source', text: 'opened by source' }],
    raw: null,
    ...detail,
  }
  const fake = fakeClient({ 'incidents.acknowledge': () => ({ ...full, status: 'acknowledged' }), 'incidents.get': () => full })
  const view = renderWithStore(<IncidentDetail />, fake.client)
  act(() => view.store.setState({ selectedId: full.id, detail: full, byId: { [full.id]: full }, ids: [full.id] }))
  return { ...view, ...fake, full }
}

describe('IncidentDetail', () => {
  it('says whether the provider signed the delivery or the relay vouched for it', () => {
    const signed = show({
      provenance: { by: 'signature', provider: 'Grafana Alerting', relay: 'https://relay.example.com/r/ch_1' },
    })
    expect(screen.getByTestId('provenance').textContent).toBe(
      'Signed by Grafana Alerting, relayed by https://relay.example.com/r/ch_1',
    )
    expect(screen.getByTestId('provenance').className).not.toContain('provenance-relay')
    signed.unmount()
    show({
      provenance: {
        by: 'relay',
        provider: 'Prometheus Alertmanager',
        relay: 'https://relay.example.com/r/ch_1',
        credential: 'Bearer token',
      },
    })
    expect(screen.getByTestId('provenance').textContent).toBe(
      'Vouched for by relay https://relay.example.com/r/ch_1 (Bearer token checked by the relay)',
    )
    expect(screen.getByTestId('provenance').className).toContain('provenance-relay')
  })

  it('exception: type, message, application frames emphasized, library frames collapsed', () => {
    const { container } = show({
      exception: {
        type: 'ValueError',
        message: 'invalid literal',
        frames: [
          { file: 'django/core/handlers/base.py', line: 197, function: '_get_response', inApp: false },
          { file: 'django/core/handlers/exception.py', line: 55, function: 'inner', inApp: false },
          { file: 'checkout/views.py', line: 41, function: 'parse_quantity', inApp: true },
        ],
      },
    })
    expect(screen.getByText('ValueError')).toBeTruthy()
    expect(screen.getByText('invalid literal')).toBeTruthy()
    const appFrames = container.querySelectorAll('.frame.in-app')
    expect(appFrames).toHaveLength(1)
    expect(appFrames[0]!.textContent).toContain('parse_quantity')
    expect(screen.queryByText('_get_response')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: '2 library frames' }))
    expect(screen.getByText('_get_response')).toBeTruthy()
  })

  it('performance: the duration against the action, path and host', () => {
    show({
      kind: 'performance',
      durationMs: 2004.9,
      facts: { action: 'DemoController#hello', path: '/hello', hostname: 'web-1' },
    })
    expect(screen.getByTestId('duration').textContent).toBe('2,005 ms')
    expect(screen.getAllByText('DemoController#hello').length).toBeGreaterThan(0)
    expect(screen.getAllByText('/hello').length).toBeGreaterThan(0)
  })

  it('anomaly: last, peak and mean against the threshold, with human values', () => {
    const { container } = show({
      kind: 'anomaly',
      metric: {
        name: 'transaction_error_rate',
        field: 'gauge',
        lastValue: 7.5,
        peakValue: 9.25,
        meanValue: 6,
        comparisonOperator: '>',
        comparisonValue: 5,
        human: { lastValue: '7.5 %', peakValue: '9.25 %', meanValue: '6 %', comparisonValue: '5 %' },
        warmupMinutes: 5,
        cooldownMinutes: 10,
      },
    })
    expect(screen.getByTestId('metric-last').textContent).toBe('7.5 %')
    expect(screen.getByTestId('metric-peak').textContent).toBe('9.25 %')
    expect(screen.getByText('Alert when > 5 %')).toBeTruthy()
    expect(container.querySelectorAll('.gauge-threshold')).toHaveLength(3)
    expect(screen.getByText('5 min')).toBeTruthy()
  })

  it('check: name, location, response time, status code and error', () => {
    show({
      kind: 'check',
      check: {
        name: 'Checkout API',
        checkId: 'c1',
        location: 'N. California',
        responseTimeMs: 2345,
        statusCode: 503,
        statusText: 'Service Unavailable',
        errorMessage: 'Expected 200',
        resultLink: 'https://app.checklyhq.com/r/1',
      },
    })
    expect(screen.getByText('N. California')).toBeTruthy()
    expect(screen.getByText('2345 ms')).toBeTruthy()
    expect(screen.getByText('503 Service Unavailable')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Check result' }).getAttribute('href')).toBe('https://app.checklyhq.com/r/1')
  })

  it('deploy and "after deploy"', () => {
    show({
      kind: 'deploy',
      deploy: { revision: 'abc123', user: 'tom', repository: 'https://github.com/acme/shop' },
      afterDeploy: { incidentId: 'd', revision: 'abc122', user: 'ana', at: Date.now() - 60_000 },
    })
    expect(screen.getByText('abc123')).toBeTruthy()
    expect(screen.getByText('abc122')).toBeTruthy()
    expect(screen.getByText(/by ana/)).toBeTruthy()
  })

  it("says which teammate acknowledged it, and marks their timeline entries as a teammate's", () => {
    const at = new Date().toISOString()
    show({
      status: 'acknowledged',
      statusBy: { action: 'acknowledged', user: 'Dana', teammate: true, at },
      timeline: [
        { id: 1, at, type: 'received', actor: 'source', text: 'opened by source' },
        { id: 2, at, type: 'status', actor: 'teammate', text: 'acknowledged by Dana' },
      ],
    })
    expect(screen.getByTestId('status-by').textContent).toMatch(/^Acknowledged by Dana\s*teammate/)
    const entry = screen.getByText('acknowledged by Dana').closest('li')!
    expect(entry.querySelector('.teammate-badge')?.textContent).toBe('teammate')
    expect(screen.getByText('opened by source').closest('li')!.querySelector('.teammate-badge')).toBeNull()
  })

  it('your own acknowledgement carries no teammate marker', () => {
    show({
      status: 'acknowledged',
      statusBy: { action: 'acknowledged', user: 'Bob', teammate: false, at: new Date().toISOString() },
    })
    expect(screen.getByTestId('status-by').textContent).toMatch(/^Acknowledged by Bob/)
    expect(screen.getByTestId('status-by').querySelector('.teammate-badge')).toBeNull()
  })

  it('links only http(s) to the provider, opening outside', () => {
    show({ url: 'javascript:alert(1)' })
    expect(screen.queryByRole('link', { name: /Open in/ })).toBeNull()
  })

  it('opens https links in a new window without referrer', () => {
    show({ url: 'https://sentry.io/issues/1/' })
    const link = screen.getByRole('link', { name: 'Open in Sentry' })
    expect(link.getAttribute('target')).toBe('_blank')
    expect(link.getAttribute('rel')).toContain('noopener')
  })

  it('acknowledges through the client and shows the new status', async () => {
    const { calls, store, full } = show({})
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Acknowledge' })))
    expect(calls.find((c) => c.method === 'incidents.acknowledge')?.args).toEqual({ id: full.id })
    expect(store.getState().byId[full.id]!.status).toBe('acknowledged')
  })
})
