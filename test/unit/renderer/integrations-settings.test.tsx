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

describe('IntegrationsSettings: the secret the tool made', () => {
  const appsignal: ProviderInfo = { ...provider, id: 'appsignal', name: 'AppSignal', samples: ['exception'], answerLimitMs: null }
  const card = (secretCount: number) => {
    const i: IntegrationView = { ...integration, id: 'int-appsignal', provider: 'appsignal', name: 'AppSignal', secretCount }
    const fake = fakeClient({
      'integrations.update': () => ({ integration: { ...i, secretCount: secretCount + 1 }, secret: null }),
      'providers.list': () => [appsignal],
      'integrations.list': () => [i],
      'targets.list': () => [],
      'settings.get': () => null,
      'status.get': () => null,
    })
    const view = renderWithStore(<IntegrationsSettings />, fake.client)
    act(() => view.store.setState({ providers: [appsignal], integrations: [i] }))
    return fake
  }

  it('asks for it while none is stored', () => {
    card(0)
    expect(screen.getByLabelText('Secret for AppSignal').getAttribute('placeholder')).toBe('Paste AppSignal secret')
    expect(screen.queryByText('AppSignal secret set')).toBeNull()
  })

  it('says it is set once one is stored, and replaces it only when asked', async () => {
    const { calls } = card(1)
    expect(screen.getByText('AppSignal secret set')).toBeTruthy()
    expect(screen.queryByPlaceholderText(/Paste/)).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Replace secret' }))
    const input = screen.getByLabelText('Secret for AppSignal')
    expect(input.getAttribute('placeholder')).toBe('Paste the new AppSignal secret')
    fireEvent.change(input, { target: { value: 'appsignal-push-token-new-0123456789' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save secret' })))
    expect(calls.find((c) => c.method === 'integrations.update')?.args).toEqual({
      id: 'int-appsignal',
      secret: 'appsignal-push-token-new-0123456789',
    })
    expect(screen.getByText('AppSignal secret set')).toBeTruthy()
  })
})

describe('IntegrationsSettings: try it with curl', () => {
  it('shows the curl the provider declares, signed with the new secret, and none for a provider without one', async () => {
    const generic: ProviderInfo = {
      ...provider,
      id: 'generic',
      name: 'Generic webhook',
      secret: 'user-chosen',
      curl: { body: '{"summary":"Test alert"}', signatureHeader: 'X-Signature', signaturePrefix: 'sha256=' },
    }
    const created = (p: ProviderInfo) => ({
      integration: { ...integration, id: `int-${p.id}`, provider: p.id, name: p.name },
      secret: 'generated-secret-0123456789abcdef',
    })
    const fake = fakeClient({
      'integrations.create': (a: { provider: string }) => created(a.provider === 'generic' ? generic : provider),
      'providers.list': () => [generic, provider],
      'integrations.list': () => [],
      'targets.list': () => [],
      'settings.get': () => null,
      'status.get': () => null,
    })
    const view = renderWithStore(<IntegrationsSettings />, fake.client)
    act(() => view.store.setState({ providers: [generic, provider], integrations: [] }))
    const add = async (id: string) => {
      fireEvent.change(screen.getByLabelText('Provider'), { target: { value: id } })
      await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add' })))
    }
    await add('generic')
    const card = screen.getByRole('region', { name: 'New integration' })
    expect(card.textContent).toContain(`BODY='{"summary":"Test alert"}'`)
    expect(card.textContent).toContain(
      `-H "X-Signature: sha256=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'generated-secret-0123456789abcdef'`,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Done' }))
    await add('sentry')
    expect(screen.getByRole('region', { name: 'New integration' }).textContent).not.toContain('curl')
  })
})
