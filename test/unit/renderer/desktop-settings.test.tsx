// @vitest-environment jsdom
import './setup-dom'
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ConnectionSettings } from '../../../src/renderer/src/components/settings/ConnectionSettings'
import { NotificationSettings } from '../../../src/renderer/src/components/settings/NotificationSettings'
import type { PreferencesView, StatusView } from '../../../src/shared/model'
import { fakeClient } from './fake-client'
import { renderWithStore } from './render'

const DEFAULT_PREFERENCES: PreferencesView = {
  userName: 'dana',
  notifications: {
    pausedUntil: null,
    quietHours: { enabled: false, start: '22:00', end: '08:00', criticalBypass: true },
    storm: { maxToasts: 5, windowSeconds: 30 },
    sounds: { critical: true, error: true, warning: false, info: false },
    notifyResolved: false,
    notifyDeploys: false,
    minSeverity: {},
    repeat: {
      critical: { enabled: true, everyMinutes: 5 },
      error: { enabled: false, everyMinutes: 5 },
      warning: { enabled: false, everyMinutes: 15 },
      info: { enabled: false, everyMinutes: 30 },
    },
  },
  relay: { url: null, hasReadToken: false, enabled: false },
  deployWindowMinutes: 30,
  retention: { resolvedDays: 90, maxIncidents: 100_000 },
  startAtLogin: false,
  receiverPort: 7700,
  autoUpdate: true,
}

const status: StatusView = {
  version: '0.1.0',
  receiver: {
    url: 'http://127.0.0.1:7700',
    listening: false,
    error:
      'port 7700 on 127.0.0.1 is already in use by another program. Pick another receiver port in Settings → Receiver & relay',
  },
  relay: { state: 'off', lastDeliveryAt: null, lagMs: null, error: null },
  notifier: {
    state: 'unavailable',
    error: 'the system did not show the toast: Focus Assist',
    notShown: 3,
    waiting: { count: 0, worst: null },
  },
  store: { incidents: 1, open: 1, openGroups: 1, path: '/tmp/hookbell.db' },
  worst: 'critical',
}

function show(ui: React.ReactElement, preferences: PreferencesView = DEFAULT_PREFERENCES) {
  const fake = fakeClient({
    'settings.update': () => preferences,
    'settings.get': () => preferences,
    'status.get': () => status,
    'integrations.list': () => [],
  })
  const view = renderWithStore(ui, fake.client)
  act(() => view.store.setState({ preferences, status, integrations: [] }))
  return { ...view, ...fake }
}

describe('desktop settings', () => {
  it('a taken port: the window says why, and moving the receiver sends the new port', async () => {
    const { calls } = show(<ConnectionSettings />)
    expect(screen.getByText(/already in use by another program/)).toBeTruthy()
    const button = screen.getByRole('button', { name: 'Move the receiver' }) as HTMLButtonElement
    expect(button.disabled).toBe(true)
    fireEvent.change(screen.getByLabelText('Receiver port'), { target: { value: '7710' } })
    await act(async () => fireEvent.click(button))
    expect(calls.find((c) => c.method === 'settings.update')?.args).toEqual({ receiverPort: 7710 })
  })

  it('a saved relay read token is never shown; saving with the field blank keeps it (no readToken sent)', async () => {
    const relay = { url: 'https://relay.example.com/r/ch_team', hasReadToken: true, enabled: true }
    const { calls } = show(<ConnectionSettings />, { ...DEFAULT_PREFERENCES, relay })
    expect(screen.getByText(/\(saved; leave empty to keep\)/)).toBeTruthy()
    expect((screen.getByLabelText('Relay read token') as HTMLInputElement).value).toBe('')
    // (The fields take their first values when the page mounts, before this test's store has preferences.)
    fireEvent.change(screen.getByLabelText('Relay URL'), { target: { value: relay.url } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save relay' })))
    expect(calls.find((c) => c.method === 'settings.update')?.args).toEqual({
      relay: { url: 'https://relay.example.com/r/ch_team', enabled: true },
    })
    fireEvent.change(screen.getByLabelText('Relay read token'), { target: { value: 'rt_new' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save relay' })))
    expect(calls.filter((c) => c.method === 'settings.update').at(-1)?.args).toEqual({
      relay: { url: 'https://relay.example.com/r/ch_team', readToken: 'rt_new', enabled: true },
    })
  })

  it('says how many toasts the system did not show, and offers the update toggle', async () => {
    const { calls } = show(<NotificationSettings />)
    expect(screen.getByTestId('toasts-not-shown').textContent).toMatch(/^3 toasts were not shown/)
    await act(async () => fireEvent.click(screen.getByLabelText(/Install updates/)))
    expect(calls.find((c) => c.method === 'settings.update')?.args).toEqual({ autoUpdate: false })
  })

  it('names the missing notification service as the cause, once, without blaming Focus Assist', () => {
    const { store } = show(<NotificationSettings />)
    const error = 'notify-send is not installed (install libnotify-bin on Debian or Ubuntu, libnotify on Fedora or Arch).'
    act(() =>
      store.setState({
        status: { ...status, notifier: { state: 'unavailable', error, notShown: 2, waiting: { count: 0, worst: null } } },
      }),
    )
    const page = document.body.textContent ?? ''
    expect(page).toContain('Toasts are unavailable on this machine: notify-send is not installed (install libnotify-bin')
    expect(page).not.toContain('..')
    expect(page).not.toContain('Focus Assist')
    expect(screen.getByTestId('toasts-not-shown').textContent).toBe(
      '2 toasts were not shown by the system since Hookbell started.',
    )
  })
})

describe('repeat until answered', () => {
  it('shows each severity’s repeat with its interval, and sends what is changed', async () => {
    const { calls } = show(<NotificationSettings />)
    const critical = screen.getByLabelText('Repeat critical every minutes') as HTMLInputElement
    expect(critical.value).toBe('5')
    expect(critical.disabled).toBe(false)
    expect((screen.getByText(/Repeat critical every/).querySelector('input[type=checkbox]') as HTMLInputElement).checked).toBe(
      true,
    )
    // Off by default below critical: its interval waits until it is turned on.
    expect((screen.getByLabelText('Repeat warning every minutes') as HTMLInputElement).disabled).toBe(true)
    await act(async () => fireEvent.click(screen.getByText(/Repeat error every/).querySelector('input[type=checkbox]')!))
    expect(calls.filter((c) => c.method === 'settings.update').at(-1)?.args).toEqual({
      notifications: { repeat: { error: { enabled: true } } },
    })
    await act(async () => fireEvent.change(critical, { target: { value: '10' } }))
    expect(calls.filter((c) => c.method === 'settings.update').at(-1)?.args).toEqual({
      notifications: { repeat: { critical: { everyMinutes: 10 } } },
    })
  })

  it('says what is wrong with an interval the core refuses', async () => {
    const message = 'notifications.repeat.critical.everyMinutes must be a whole number of minutes from 1 to 1440, not 0'
    const fake = fakeClient({
      'settings.update': () => {
        throw new Error(message)
      },
    })
    const view = renderWithStore(<NotificationSettings />, fake.client)
    act(() => view.store.setState({ preferences: DEFAULT_PREFERENCES, status, integrations: [] }))
    await act(async () => fireEvent.change(screen.getByLabelText('Repeat critical every minutes'), { target: { value: '0' } }))
    expect(view.store.getState().notice).toEqual({ kind: 'error', text: message })
  })
})
