// Acknowledge and Snooze 1 h from the toast (issue #29), in the built desktop main process under the stand-in
// `electron` module (test/helpers/fake-electron), pretending each OS: macOS draws Electron's `actions` and
// answers with the 'action' event; Windows gets toast XML whose buttons come back through
// Notification.handleActivation; Linux has no buttons, and a click opens the incident. Each answer is checked
// through the core's API, as the window would see it.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Incident, IncidentDetail } from '../../src/shared/incident'
import { fixture } from '../fixtures/load'
import { invokeApi, launchDesktop, type Desktop, type Snapshot } from '../helpers/desktop'
import { freePort } from '../helpers/free-port'
import { hmacHex } from '../helpers/sign'
import { tempDir } from '../helpers/test-core'

let app: Desktop | null = null
afterEach(() => {
  app?.kill()
  app = null
})

async function launch(platform: NodeJS.Platform) {
  const home = tempDir('hookbell-desktop-')
  const dataDir = join(home, 'data')
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ preferences: { receiverPort: await freePort() } }))
  app = launchDesktop({ home, dataDir, env: { FAKE_PLATFORM: platform } })
  await app.waitFor((s) => s.tray && s.tray.menu.length > 0, 'tray')
  return app
}

async function api<T>(a: Desktop, method: string, args: unknown = {}): Promise<T> {
  const answer = await invokeApi<T>(a, method, args)
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.result
}

/** A generic webhook's critical, signed; resolves with its incident once the toast for it is up. */
async function deliverCritical(a: Desktop, dedupKey: string) {
  const { integration, secret } = await api<{ integration: { id: string; receiverUrl: string }; secret: string }>(
    a,
    'integrations.create',
    { provider: 'generic' },
  )
  const body = JSON.stringify({ ...JSON.parse(fixture('generic', 'triggered')), dedup_key: dedupKey })
  const before = (await a.snapshot()).notifications.length
  const response = await fetch(integration.receiverUrl, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret, body)}` },
  })
  expect(response.status).toBe(202)
  const { incidents } = await api<{ incidents: Incident[] }>(a, 'incidents.list', { status: ['open'] })
  const incident = incidents.find((i) => i.dedupKey === dedupKey)!
  const toast = await a.waitFor((s) => s.notifications.length > before && s.notifications[before], 'its toast')
  return { incident, toast }
}

const detail = (a: Desktop, id: string) => api<IncidentDetail>(a, 'incidents.get', { id })

describe('on macOS', () => {
  it("a new incident's toast has Acknowledge and Snooze 1 h; the first acknowledges, the second snoozes for an hour", async () => {
    const a = await launch('darwin')
    const first = await deliverCritical(a, 'db-timeout-1')
    expect(first.toast.actions).toEqual([
      { type: 'button', text: 'Acknowledge' },
      { type: 'button', text: 'Snooze 1 h' },
    ])
    expect(first.toast.listeners).toEqual(expect.arrayContaining(['click', 'action', 'close']))
    await a.call('pressNotificationButton', { id: first.toast.id, index: 0 })
    await expect.poll(async () => (await detail(a, first.incident.id)).status).toBe('acknowledged')
    // The window's own path: your name on it, and a line in its timeline by you.
    const acknowledged = await detail(a, first.incident.id)
    expect(acknowledged.statusBy).toMatchObject({ action: 'acknowledged', teammate: false })
    expect(acknowledged.timeline.at(-1)).toMatchObject({ type: 'status', actor: 'user' })
    // Nothing opened a window for it.
    const s = await a.snapshot()
    expect(s.calls.filter((c) => c.api === 'webContents.send' && JSON.stringify(c.args).includes('ui.open'))).toEqual([])

    const second = await deliverCritical(a, 'db-timeout-2')
    const pressedAt = Date.now()
    await a.call('pressNotificationButton', { id: second.toast.id, index: 1 })
    await expect.poll(async () => (await detail(a, second.incident.id)).snoozedUntil).not.toBeNull()
    const snoozed = await detail(a, second.incident.id)
    expect(snoozed.status).toBe('open')
    const until = Date.parse(snoozed.snoozedUntil!)
    expect(until).toBeGreaterThanOrEqual(pressedAt + 3_600_000 - 60_000)
    expect(until).toBeLessThanOrEqual(Date.now() + 3_600_000)
  })

  it("a storm's summary toast acknowledges its group", async () => {
    const a = await launch('darwin')
    const { integration, secret } = await api<{ integration: { id: string; receiverUrl: string }; secret: string }>(
      a,
      'integrations.create',
      { provider: 'alertmanager' },
    )
    // One Alertmanager group of eight firing HighErrorRate alerts: past the storm threshold (5) in one delivery.
    const payload = JSON.parse(fixture('alertmanager', 'firing'))
    const [alert] = payload.alerts
    payload.alerts = Array.from({ length: 8 }, (_, i) => ({
      ...alert,
      labels: { ...alert.labels, instance: `checkout-${i + 1}:8080` },
      fingerprint: `f${i}${'0'.repeat(15)}`.slice(0, 16),
    }))
    const response = await fetch(integration.receiverUrl, {
      method: 'POST',
      body: JSON.stringify(payload),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    })
    expect(response.ok).toBe(true)
    const summary = await a.waitFor(
      (s: Snapshot) => s.notifications.find((n) => n.title.startsWith('HighErrorRate: 8 alerts firing')),
      'the storm summary',
    )
    expect(summary.actions?.map((b) => b.text)).toEqual(['Acknowledge', 'Snooze 1 h'])
    await a.call('pressNotificationButton', { id: summary.id, index: 0 })
    await expect
      .poll(
        async () => (await api<{ incidents: Incident[] }>(a, 'incidents.list', { status: ['acknowledged'] })).incidents.length,
      )
      .toBe(8)
    expect((await api<{ incidents: Incident[] }>(a, 'incidents.list', { status: ['open'] })).incidents).toEqual([])
  })
})

describe('on Windows', () => {
  it('the toast XML carries the two buttons; their activation acknowledges, the body opens the incident', async () => {
    const a = await launch('win32')
    const s = await a.snapshot()
    // Set before the AppUserModelId, so Windows routes button presses to this app (electron/electron#51147).
    const identity = s.calls.filter((c) => c.api === 'app.setToastActivatorCLSID' || c.api === 'app.setAppUserModelId')
    expect(identity.map((c) => c.api)).toEqual(['app.setToastActivatorCLSID', 'app.setAppUserModelId'])
    expect(s.calls.filter((c) => c.api === 'Notification.handleActivation')).toHaveLength(1)

    const { incident, toast } = await deliverCritical(a, 'db-timeout-win')
    const id = incident.id
    expect(toast.actions).toBeNull()
    expect(toast.toastXml).toContain(`<toast launch="action=open&amp;incident=${id}" activationType="foreground">`)
    expect(toast.toastXml).toContain('<text>Database connection timeout</text>')
    expect(toast.toastXml).toContain(
      `<actions><action content="Acknowledge" activationType="background" arguments="action=acknowledge&amp;incident=${id}"/>` +
        `<action content="Snooze 1 h" activationType="background" arguments="action=snooze-1h&amp;incident=${id}"/></actions>`,
    )
    // Activations answer clicks too: no 'click' listener that would open the window twice.
    expect(toast.listeners).not.toContain('click')

    await a.call('activateNotification', { type: 'action', actionIndex: 0, arguments: `action=acknowledge&incident=${id}` })
    await expect.poll(async () => (await detail(a, id)).status).toBe('acknowledged')

    await a.call('activateNotification', { type: 'click', arguments: `action=open&incident=${id}` })
    const sent = await a.waitFor(
      (s) => s.calls.find((c) => c.api === 'webContents.send' && JSON.stringify(c.args).includes('ui.open')),
      'ui.open sent to the window',
    )
    expect(sent.args).toEqual(['hookbell:event', { type: 'ui.open', data: { incidentId: id } }])

    // A string Hookbell did not write changes nothing.
    await a.call('activateNotification', { type: 'action', actionIndex: 0, arguments: 'action=delete&incident=x' })
    expect((await detail(a, id)).status).toBe('acknowledged')
  })
})

describe('on Linux', () => {
  it('toasts have no buttons, and a click opens the window at the incident', async () => {
    const a = await launch('linux')
    const { incident, toast } = await deliverCritical(a, 'db-timeout-linux')
    expect(toast.actions).toBeNull()
    expect(toast.toastXml).toBeNull()
    expect(toast.listeners).not.toContain('action')
    await a.call('clickNotification', { id: toast.id })
    const sent = await a.waitFor(
      (s) => s.calls.find((c) => c.api === 'webContents.send' && JSON.stringify(c.args).includes('ui.open')),
      'ui.open sent to the window',
    )
    expect(sent.args).toEqual(['hookbell:event', { type: 'ui.open', data: { incidentId: incident.id } }])
    expect((await detail(a, incident.id)).status).toBe('open')
  })
})
