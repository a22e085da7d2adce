// @vitest-environment jsdom
// The window's side of acting on the source: the connection form on an integration card (the URL the latest
// delivery names offered as a button, never filled in; the credential write-only, asked again for a new
// host; Test connection's answer) and the Retry button of a failed
// action in the incident's detail.
import './setup-dom'
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import axe from 'axe-core'
import { describe, expect, it } from 'vitest'
import { IncidentDetail } from '../../../src/renderer/src/components/IncidentDetail'
import { IntegrationsSettings } from '../../../src/renderer/src/components/settings/IntegrationsSettings'
import type { IncidentDetail as Detail } from '../../../src/shared/incident'
import type { IntegrationView, ProviderInfo, SourceToolInfo } from '../../../src/shared/model'
import { fakeClient, incident } from './fake-client'
import { renderWithStore } from './render'

const alertmanager: ProviderInfo = {
  id: 'alertmanager',
  name: 'Prometheus Alertmanager',
  secret: 'user-chosen',
  setup: [],
  samples: ['firing'],
  options: [],
  answerLimitMs: null,
}

const tool: SourceToolInfo = {
  name: 'Alertmanager',
  actions: ['acknowledge', 'extend', 'unacknowledge', 'reopen', 'resolve'],
  fields: {
    apiUrl: {
      label: 'Alertmanager URL',
      placeholder: 'http://alertmanager:9093',
      help: "Where this computer reaches Alertmanager's API.",
    },
    credential: { label: 'Authorization (optional)', placeholder: 'a token', help: 'Only when a proxy asks for one.' },
  },
  silences: true,
  suggestedUrl: 'http://alertmanager.internal:9093',
  suggestedFrom: 'delivery',
}

function view(extra: Partial<IntegrationView> = {}): IntegrationView {
  return {
    id: 'int-1',
    provider: 'alertmanager',
    name: 'Prod Alertmanager',
    createdAt: new Date().toISOString(),
    secretCount: 1,
    receiverUrl: 'http://127.0.0.1:7700/hooks/int-1',
    relayUrl: null,
    lastDelivery: null,
    lastRejection: null,
    options: {},
    setup: [],
    answerTimes: null,
    sourceTool: tool,
    source: null,
    ...extra,
  }
}

function showSettings(integration: IntegrationView) {
  const fake = fakeClient({
    'integrations.setSourceConnection': () => ({
      ...integration,
      source: { apiUrl: 'x', user: '', silenceMinutes: 30, hasCredential: true },
    }),
    'integrations.testSourceConnection': () => ({
      ok: false,
      status: 403,
      message: 'Alertmanager refused: 403, the credential lacks write access',
    }),
    'providers.list': () => [alertmanager],
    'integrations.list': () => [integration],
    'targets.list': () => [],
    'settings.get': () => null,
    'status.get': () => null,
  })
  const rendered = renderWithStore(<IntegrationsSettings />, fake.client)
  act(() => rendered.store.setState({ providers: [alertmanager], integrations: [integration] }))
  return { ...rendered, ...fake }
}

async function violations(container: HTMLElement) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } })
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' ')}`)
}

describe('Act on the source, in Settings → Integrations', () => {
  it('offers the URL the latest delivery named without filling it in, and saves URL, credential and silence minutes', async () => {
    const { calls, container } = showSettings(view())
    const url = screen.getByLabelText('Alertmanager URL') as HTMLInputElement
    // A delivery's URL is where the credential would go: the user takes it, it is not taken for them.
    expect(url.value).toBe('')
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(screen.getByRole('button', { name: 'Use http://alertmanager.internal:9093 (from the latest delivery)' }))
    expect(url.value).toBe('http://alertmanager.internal:9093')
    expect(screen.queryByRole('button', { name: /^Use / })).toBeNull()
    fireEvent.change(url, { target: { value: 'http://10.0.0.5:9093' } })
    fireEvent.change(screen.getByLabelText('Authorization (optional)'), { target: { value: 'tok_proxy' } })
    fireEvent.change(screen.getByLabelText(/Silence minutes/), { target: { value: '30' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(calls.some((c) => c.method === 'integrations.setSourceConnection')).toBe(true))
    expect(calls.find((c) => c.method === 'integrations.setSourceConnection')!.args).toEqual({
      id: 'int-1',
      apiUrl: 'http://10.0.0.5:9093',
      credential: 'tok_proxy',
      user: undefined,
      silenceMinutes: 30,
    })
    expect(await violations(container)).toEqual([])
  })

  it("names a tool's default as its default, not as the delivery's", () => {
    showSettings(view({ sourceTool: { ...tool, suggestedUrl: 'http://localhost:9093', suggestedFrom: 'default' } }))
    expect(screen.getByRole('button', { name: "Use http://localhost:9093 (Alertmanager's default)" })).toBeTruthy()
  })

  it('says the credential is needed again once the URL points at another host', () => {
    showSettings(view({ source: { apiUrl: 'http://am:9093', user: '', silenceMinutes: 60, hasCredential: true } }))
    const credential = screen.getByLabelText('Authorization (optional)') as HTMLInputElement
    fireEvent.change(screen.getByLabelText('Alertmanager URL'), { target: { value: 'http://am:9093/prefix' } })
    expect(credential.placeholder).toBe('Set (leave empty to keep it)')
    fireEvent.change(screen.getByLabelText('Alertmanager URL'), { target: { value: 'http://other:9093' } })
    expect(credential.placeholder).toBe('Needed again for a new API URL')
  })

  it('never shows a stored credential: the placeholder says it is set, and an empty field keeps it', async () => {
    const { calls } = showSettings(
      view({ source: { apiUrl: 'http://am:9093', user: '', silenceMinutes: 60, hasCredential: true } }),
    )
    const credential = screen.getByLabelText('Authorization (optional)') as HTMLInputElement
    expect(credential.type).toBe('password')
    expect(credential.value).toBe('')
    expect(credential.placeholder).toBe('Set (leave empty to keep it)')
    expect((screen.getByLabelText('Alertmanager URL') as HTMLInputElement).value).toBe('http://am:9093')
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(calls.some((c) => c.method === 'integrations.setSourceConnection')).toBe(true))
    expect(calls.find((c) => c.method === 'integrations.setSourceConnection')!.args).toMatchObject({ credential: undefined })
  })

  it('Test connection shows why it failed', async () => {
    showSettings(view({ source: { apiUrl: 'http://am:9093', user: '', silenceMinutes: 60, hasCredential: false } }))
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }))
    const status = await screen.findByRole('status', { name: 'Connection test' })
    expect(status.textContent).toBe('Failed (403): Alertmanager refused: 403, the credential lacks write access')
  })

  it('is not offered for a tool Hookbell cannot act on', () => {
    showSettings(view({ provider: 'generic', sourceTool: null }))
    expect(screen.queryByLabelText('Alertmanager URL')).toBeNull()
    expect(screen.queryByText(/Act on the source/)).toBeNull()
  })
})

describe('a failed action on the source, in the incident detail', () => {
  function showDetail(detail: Partial<Detail>) {
    const full: Detail = {
      ...incident({ provider: 'alertmanager' }),
      timeline: [
        {
          id: 2,
          at: new Date().toISOString(),
          type: 'source',
          actor: 'hookbell',
          text: 'Alertmanager refused: 403, the credential lacks write access',
        },
      ],
      raw: null,
      ...detail,
    }
    const fake = fakeClient({ 'sourceActions.retry': () => ({ ok: true }), 'incidents.get': () => full })
    const rendered = renderWithStore(<IncidentDetail />, fake.client)
    act(() => rendered.store.setState({ selectedId: full.id, detail: full, byId: { [full.id]: full }, ids: [full.id] }))
    return { ...rendered, ...fake }
  }

  it('has a Retry button that sends it again', async () => {
    const { calls, container } = showDetail({
      sourceActions: [
        {
          id: 7,
          tool: 'Alertmanager',
          action: 'acknowledge',
          state: 'failed',
          attempts: 1,
          lastStatus: 403,
          lastError: 'Alertmanager refused: 403, the credential lacks write access',
          nextAttemptAt: null,
          createdAt: new Date().toISOString(),
          retryable: true,
        },
      ],
    })
    expect(screen.getByText('Alertmanager refused: 403, the credential lacks write access')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Retry the acknowledge on Alertmanager' }))
    await waitFor(() => expect(calls.find((c) => c.method === 'sourceActions.retry')?.args).toEqual({ id: 7 }))
    expect(await violations(container)).toEqual([])
  })

  it('shows no Retry for actions that went through', () => {
    showDetail({
      sourceActions: [
        {
          id: 8,
          tool: 'Alertmanager',
          action: 'acknowledge',
          state: 'done',
          attempts: 1,
          lastStatus: 200,
          lastError: null,
          nextAttemptAt: null,
          createdAt: new Date().toISOString(),
          retryable: false,
        },
      ],
    })
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull()
  })

  it('shows no Retry for a failed action a later one overtook, only its reason', () => {
    showDetail({
      sourceActions: [
        {
          id: 10,
          tool: 'Alertmanager',
          action: 'acknowledge',
          state: 'done',
          attempts: 1,
          lastStatus: 200,
          lastError: null,
          nextAttemptAt: null,
          createdAt: new Date().toISOString(),
          retryable: false,
        },
        {
          id: 9,
          tool: 'Alertmanager',
          action: 'unacknowledge',
          state: 'failed',
          attempts: 1,
          lastStatus: 403,
          lastError: 'Alertmanager refused: 403, the credential lacks write access',
          nextAttemptAt: null,
          createdAt: new Date().toISOString(),
          retryable: false,
        },
      ],
    })
    expect(screen.getByText(/Your un-acknowledge did not reach Alertmanager/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull()
  })
})
