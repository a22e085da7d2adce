// @vitest-environment jsdom
// The target editor's preview: a template error keeps its line breaks, so the caret stays under the spot.
import './setup-dom'
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { TargetsSettings } from '../../../src/renderer/src/components/settings/TargetsSettings'
import type { TemplatePreview } from '../../../src/shared/target'
import { fakeClient } from './fake-client'
import { renderWithStore } from './render'

// As the core words it (core/forward/template-errors.ts).
const ERROR = [
  'template: line 2, column 28: unexpected "}"; expected }} or }}} or a name',
  '2 |   "text": "{{INCIDENT_TITLE}",',
  '  |                            ^',
].join('\n')

describe('target editor preview', () => {
  it('shows a template syntax error preformatted, line breaks and caret kept, reachable by keyboard', async () => {
    vi.useFakeTimers()
    const preview = (): TemplatePreview => ({ ok: false, body: '', headers: {}, error: ERROR })
    const fake = fakeClient({
      'targets.preview': preview,
      'targets.presets': () => [],
      'forwards.failed': () => [],
    })
    renderWithStore(<TargetsSettings />, fake.client)
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add forward target' })))
    await act(async () => vi.advanceTimersByTime(300))
    vi.useRealTimers()
    const shown = screen.getByTestId('template-error')
    expect(shown.tagName).toBe('PRE')
    // The text node holds the line breaks as they came (a <p> would fold them into spaces).
    expect(shown.textContent).toBe(ERROR)
    expect(shown.getAttribute('tabindex')).toBe('0')
  })

  it('a one-line error stays a line of text', async () => {
    vi.useFakeTimers()
    const fake = fakeClient({
      'targets.preview': () => ({ ok: false, body: '', headers: {}, error: 'the target URL is not a URL' }),
      'targets.presets': () => [],
      'forwards.failed': () => [],
    })
    renderWithStore(<TargetsSettings />, fake.client)
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add forward target' })))
    await act(async () => vi.advanceTimersByTime(300))
    vi.useRealTimers()
    expect(screen.getByText('the target URL is not a URL').tagName).toBe('SPAN')
    expect(screen.queryByTestId('template-error')).toBeNull()
  })
})

describe('a signing secret Hookbell made', () => {
  it('is shown once after saving a Standard Webhooks target without a secret, and gone after Done', async () => {
    const made = 'whsec_c2VjcmV0LW1hZGUtYnktaG9va2JlbGwtMjQ='
    const fake = fakeClient({
      'targets.preview': () => ({ ok: true, body: '{}', headers: {}, error: null }),
      'targets.presets': () => [],
      'forwards.failed': () => [],
      'targets.create': (input: { name: string; url: string }) => ({
        id: 'tgt_1',
        name: input.name,
        url: input.url,
        hasUrlCredentials: false,
        enabled: true,
        events: ['incident.forwarded'],
        filters: {},
        signing: 'standard-webhooks',
        hasSecret: true,
        template: '',
        contentType: 'application/json',
        headers: {},
        secretNames: [],
        preset: null,
        disabledReason: null,
        createdAt: new Date().toISOString(),
        newSecret: made,
      }),
      'providers.list': () => [],
      'integrations.list': () => [],
      'targets.list': () => [],
      'settings.get': () => null,
      'status.get': () => null,
    })
    renderWithStore(<TargetsSettings />, fake.client)
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add forward target' })))
    fireEvent.change(screen.getByLabelText('Target name'), { target: { value: 'Audit log' } })
    fireEvent.change(screen.getByLabelText('Target URL'), { target: { value: 'https://audit.example.com/hooks' } })
    fireEvent.change(screen.getByLabelText('Signing'), { target: { value: 'standard-webhooks' } })
    expect(screen.getByText(/leave empty and Hookbell makes one/)).toBeTruthy()
    await act(async () => fireEvent.submit(screen.getByRole('form', { name: 'Forward target' })))
    expect(fake.calls.find((c) => c.method === 'targets.create')?.args).toMatchObject({ signing: 'standard-webhooks' })
    expect(fake.calls.find((c) => c.method === 'targets.create')?.args).not.toHaveProperty('secret')
    const card = screen.getByRole('region', { name: 'New signing secret' })
    expect(card.textContent).toContain('Signing secret for Audit log')
    expect(card.textContent).toContain(made)
    fireEvent.click(screen.getByRole('button', { name: 'Done' }))
    expect(screen.queryByText(made)).toBeNull()
  })
})
