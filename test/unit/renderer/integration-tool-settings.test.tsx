// @vitest-environment jsdom
import './setup-dom'
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { IntegrationsSettings } from '../../../src/renderer/src/components/settings/IntegrationsSettings'
import type { IntegrationView, ProviderInfo } from '../../../src/shared/model'
import { fakeClient } from './fake-client'
import { renderWithStore } from './render'

const grafana: ProviderInfo = {
  id: 'grafana',
  name: 'Grafana Alerting',
  secret: 'user-chosen',
  setup: [],
  samples: ['alerting'],
  options: ['signatureHeader', 'timestampHeader', 'authScheme', 'payload'],
  answerLimitMs: null,
}
const sentry: ProviderInfo = { ...grafana, id: 'sentry', name: 'Sentry', options: [], answerLimitMs: 1000 }

function view(extra: Partial<IntegrationView>): IntegrationView {
  return {
    id: 'int-1',
    provider: 'grafana',
    name: 'Infra Grafana',
    createdAt: new Date().toISOString(),
    secretCount: 1,
    receiverUrl: 'http://127.0.0.1:7700/hooks/int-1',
    relayUrl: null,
    lastDelivery: null,
    lastRejection: null,
    options: {},
    setup: ['Optional settings → HMAC Signature: "Header" X-Grafana-Alerting-Signature'],
    answerTimes: null,
    ...extra,
  }
}

function show(integration: IntegrationView, provider: ProviderInfo) {
  const fake = fakeClient({
    'integrations.update': () => ({ integration, secret: null }),
    'providers.list': () => [provider],
    'integrations.list': () => [integration],
    'targets.list': () => [],
    'settings.get': () => null,
    'status.get': () => null,
  })
  const rendered = renderWithStore(<IntegrationsSettings />, fake.client)
  act(() => rendered.store.setState({ providers: [provider], integrations: [integration] }))
  return { ...rendered, ...fake }
}

describe('integration tool settings', () => {
  it('saves the Grafana header names and scheme the user typed there, and shows the filled-in steps', async () => {
    const { calls } = show(view({}), grafana)
    expect(screen.getByText(/"Header" X-Grafana-Alerting-Signature/)).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Signature header'), { target: { value: 'X-Acme-Signature' } })
    fireEvent.change(screen.getByLabelText('Timestamp header'), { target: { value: 'none' } })
    fireEvent.change(screen.getByLabelText('Authorization scheme'), { target: { value: 'Token' } })
    fireEvent.change(screen.getByLabelText('Payload'), { target: { value: 'generic' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save tool settings' })))
    expect(calls.find((c) => c.method === 'integrations.update')?.args).toEqual({
      id: 'int-1',
      options: { signatureHeader: 'X-Acme-Signature', timestampHeader: null, authScheme: 'Token', payload: 'generic' },
    })
  })

  it('sends an empty set to go back to the tool defaults, and a custom timestamp header by name', async () => {
    const { calls } = show(view({ options: { timestampHeader: 'X-Ts', authScheme: 'Token' } }), grafana)
    expect((screen.getByLabelText('Timestamp header name') as HTMLInputElement).value).toBe('X-Ts')
    fireEvent.change(screen.getByLabelText('Authorization scheme'), { target: { value: '' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save tool settings' })))
    expect(calls.find((c) => c.method === 'integrations.update')?.args).toEqual({
      id: 'int-1',
      options: { timestampHeader: 'X-Ts' },
    })
  })

  it("shows answer times, and warns near Sentry's limit", () => {
    show(
      view({
        provider: 'sentry',
        answerTimes: {
          count: 120,
          p50Ms: 4,
          p99Ms: 620,
          maxMs: 700,
          limitMs: 1000,
          warning: "the slowest 1% of answers (620 ms) are near Sentry's 1 s limit",
        },
      }),
      sentry,
    )
    expect(screen.getByLabelText('Answer times').textContent).toBe(
      'Answers: p50 4 ms, p99 620 ms (120 in the last day; limit 1 s)',
    )
    expect(screen.getByRole('alert').textContent).toMatch(/near Sentry's 1 s limit/)
    expect(screen.queryByRole('button', { name: 'Save tool settings' })).toBeNull()
  })
})
