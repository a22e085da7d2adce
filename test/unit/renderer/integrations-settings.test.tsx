// @vitest-environment jsdom
import './setup-dom'
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { IntegrationsSettings } from '../../../src/renderer/src/components/settings/IntegrationsSettings'
import type { IntegrationView, ProviderInfo, SentTest } from '../../../src/shared/model'
import { fakeClient } from './fake-client'
import { renderWithStore } from './render'

const provider: ProviderInfo = {
  id: 'sentry',
  name: 'Sentry',
  secret: 'provider-generated',
  setup: [],
  samples: ['event_alert'],
  options: [],
  answerLimitMs: 1000,
}
const integration: IntegrationView = {
  id: 'int-sentry',
  provider: 'sentry',
  name: 'Checkout Sentry',
  createdAt: new Date().toISOString(),
  secretCount: 0,
  receiverUrl: 'http://127.0.0.1:7700/hooks/int-sentry',
  relayUrl: null,
  lastDelivery: null,
  lastRejection: null,
  options: {},
  setup: [],
  answerTimes: null,
}

function show(answer: SentTest) {
  const fake = fakeClient({
    'integrations.sendTest': () => answer,
    'providers.list': () => [provider],
    'integrations.list': () => [integration],
    'targets.list': () => [],
    'settings.get': () => null,
    'status.get': () => null,
  })
  const view = renderWithStore(<IntegrationsSettings />, fake.client)
  act(() => view.store.setState({ providers: [provider], integrations: [integration] }))
  return { ...view, ...fake }
}

describe('IntegrationsSettings: send test delivery', () => {
  it('asks the core to send one (by id only, never a secret) and says it was accepted', async () => {
    const { calls, store } = show({ sample: 'event_alert', status: 202, outcome: 'accepted', reason: null, incidentIds: ['i1'] })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send test delivery' })))
    expect(calls.find((c) => c.method === 'integrations.sendTest')?.args).toEqual({ id: 'int-sentry' })
    expect(store.getState().notice).toEqual({ kind: 'info', text: 'Test delivery "event_alert" accepted.' })
  })

  it('shows why the receiver refused it', async () => {
    const { store } = show({
      sample: 'event_alert',
      status: 401,
      outcome: 'rejected',
      reason: "no client secret set in Hookbell: paste the Sentry integration's Client Secret",
      incidentIds: [],
    })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send test delivery' })))
    expect(store.getState().notice).toEqual({
      kind: 'error',
      text: "Test delivery refused (401): no client secret set in Hookbell: paste the Sentry integration's Client Secret",
    })
  })
})
