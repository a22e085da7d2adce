// The built desktop main process (out/main/index.js) under Node, with a stand-in for `electron`: first
// launch, toasts, a taken port, quitting, and the Windows-only calls. The real Electron binary cannot be
// downloaded on these machines; what is asserted here is what the shell asks of Electron's API.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fixture } from '../fixtures/load'
import { addRelayChannel, relayCli } from '../helpers/cli'
import { invokeApi, launchDesktop, localApi, type Desktop, type Snapshot } from '../helpers/desktop'
import { hmacHex } from '../helpers/sign'
import { freePort } from '../helpers/free-port'
import { tempDir } from '../helpers/test-core'

const root = join(import.meta.dirname, '../..')
let app: Desktop | null = null
afterEach(() => {
  app?.kill()
  app = null
})

/** Settings the user saved before this start: here, the receiver port (and a relay) as Settings would. */
function presetSettings(dataDir: string, preferences: Record<string, unknown>): void {
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ preferences }))
}

async function launch(
  options: { env?: Record<string, string>; args?: string[]; port?: number; preferences?: Record<string, unknown> } = {},
) {
  const home = tempDir('hookbell-desktop-')
  const dataDir = join(home, 'data')
  mkdirSync(dataDir, { recursive: true })
  presetSettings(dataDir, { receiverPort: options.port ?? (await freePort()), ...options.preferences })
  app = launchDesktop({ home, dataDir, env: options.env, args: options.args })
  return app
}

const calls = (s: Snapshot, api: string) => s.calls.filter((c) => c.api === api)
const menuLabels = (s: Snapshot) => JSON.stringify(s.tray?.menu ?? [])

async function addGeneric(a: Desktop) {
  const created = await invokeApi<{ integration: { id: string; receiverUrl: string }; secret: string }>(
    a,
    'integrations.create',
    {
      provider: 'generic',
    },
  )
  if (!created.ok) throw new Error(created.error.message)
  return created.result
}

async function deliverGeneric(url: string, secret: string) {
  const body = fixture('generic', 'triggered')
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret, body)}` },
  })
  return response.status
}

/** The tray once the shell has drawn its menu from the core's state. */
const trayReady = (s: Snapshot) => (s.tray && s.tray.menu.length > 0 ? s : null)

describe('first launch', () => {
  it('shows a tray with an icon file that exists, a sandboxed window, and answers IPC from our window only', async () => {
    const a = await launch()
    const s = await a.waitFor((s) => trayReady(s) && s.windows.some((w) => w.visible) && s, 'tray and window')
    expect(s.tray!.iconExists).toBe(true)
    expect(s.tray!.icon).toBe(join(root, 'resources/tray/tray-ok.png'))
    expect(menuLabels(s)).toContain('Quit Hookbell')
    const win = s.windows[0]!
    expect(win.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
    expect(existsSync(String(win.webPreferences.preload))).toBe(true)
    expect(win.url).toBe(`file://${join(root, 'out/renderer/index.html')}`)

    // userData is the data folder hookbell serve uses; settings and the lock live there.
    expect(calls(s, 'app.setPath')).toContainEqual({ api: 'app.setPath', args: ['userData', a.dataDir] })
    const instance = JSON.parse(readFileSync(join(a.dataDir, 'instance.json'), 'utf8'))
    expect(instance).toMatchObject({
      kind: 'desktop',
      pid: a.child.pid,
      apiUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    })

    const ours = await invokeApi<{ version: string }>(a, 'status.get')
    expect(ours).toMatchObject({ ok: true, result: { receiver: { listening: true } } })
    for (const from of ['other-window', 'subframe'] as const)
      expect(await invokeApi(a, 'status.get', {}, from)).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'not from the Hookbell window' },
      })
    expect(calls(s, 'app.setAppUserModelId')).toEqual([])
  })

  it('keeps every page on the app: navigation, redirects, frames, popups and permissions are refused', async () => {
    const a = await launch()
    await a.waitFor((s) => s.windows[0]?.url, 'window loaded')
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate'])
      expect(await a.call('navigate', { event, url: 'https://evil.example/' }), event).toEqual({ prevented: true })
    expect(await a.call('openWindow', { url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(await a.call('openWindow', { url: 'https://appsignal.com/incident/1' })).toEqual({ action: 'deny' })
    expect(await a.call('permission', { permission: 'media' })).toBe(false)
    const s = await a.snapshot()
    expect(calls(s, 'shell.openExternal')).toEqual([{ api: 'shell.openExternal', args: ['https://appsignal.com/incident/1'] }])
  })

  it('ignores ELECTRON_RENDERER_URL in an installed app', async () => {
    const a = await launch({ env: { FAKE_PACKAGED: '1', ELECTRON_RENDERER_URL: 'http://127.0.0.1:1/evil' } })
    const s = await a.waitFor((s) => (s.windows[0]?.url ? s : null), 'window loaded')
    expect(s.windows[0]!.url).toBe(`file://${join(root, 'out/renderer/index.html')}`)
  })
})

describe('toasts', () => {
  it('a delivery raises a toast; clicking it opens the window on that incident', async () => {
    const a = await launch()
    await a.waitFor(trayReady, 'tray')
    const { integration, secret } = await addGeneric(a)
    expect(await deliverGeneric(integration.receiverUrl, secret)).toBe(202)
    const toast = await a.waitFor((s) => s.notifications[0], 'a toast')
    expect(toast.title).toContain('Database connection timeout')
    // Held with its handlers until clicked or closed.
    expect(toast.listeners).toEqual(expect.arrayContaining(['click', 'close']))
    const list = await invokeApi<{ incidents: { id: string }[] }>(a, 'incidents.list', { status: ['open'] })
    const id = list.ok ? list.result.incidents[0]!.id : ''
    await a.call('clickNotification', { id: toast.id })
    const sent = await a.waitFor(
      (s) => calls(s, 'webContents.send').find((c) => (c.args[1] as { type: string }).type === 'ui.open'),
      'ui.open sent to the window',
    )
    expect(sent.args).toEqual(['hookbell:event', { type: 'ui.open', data: { incidentId: id } }])
  })

  it('started at login it stays in the tray; a toast click then opens a new window on the incident', async () => {
    const a = await launch({ args: ['--hidden'] })
    await a.waitFor(trayReady, 'tray')
    expect((await a.snapshot()).windows).toEqual([])
    // No window to ask: the CLI's way in, the local HTTP API found through instance.json.
    const created = await localApi<{ integration: { id: string; receiverUrl: string }; secret: string }>(
      a,
      'POST',
      '/api/integrations',
      {
        provider: 'generic',
      },
    )
    expect(created.status).toBe(201)
    expect(await deliverGeneric(created.body.integration.receiverUrl, created.body.secret)).toBe(202)
    const toast = await a.waitFor((s) => s.notifications[0], 'a toast')
    await a.call('clickNotification', { id: toast.id })
    const win = await a.waitFor((s) => s.windows[0], 'a window')
    expect(win.url).toMatch(/index\.html#\/incident\/[\w-]+$/)
  })

  it('a toast the system refuses is counted in status; the tray still lists the incident', async () => {
    const a = await launch({ env: { FAKE_TOAST_FAILS: '1' } })
    await a.waitFor(trayReady, 'tray')
    const { integration, secret } = await addGeneric(a)
    expect(await deliverGeneric(integration.receiverUrl, secret)).toBe(202)
    type Notifier = { state: string; error: string | null; notShown: number }
    let notifier: Notifier | null = null
    const until = Date.now() + 10_000
    while (Date.now() < until && !notifier) {
      const answer = await invokeApi<{ notifier: Notifier }>(a, 'status.get')
      if (answer.ok && answer.result.notifier.notShown > 0) notifier = answer.result.notifier
      else await new Promise((r) => setTimeout(r, 50))
    }
    expect(notifier).toMatchObject({
      state: 'unavailable',
      notShown: 1,
      error: expect.stringContaining('did not show the toast'),
    })
    const s = await a.waitFor((s) => menuLabels(s).includes('Database connection timeout') && s, 'incident in the tray menu')
    expect(s.tray!.icon).toMatch(/tray-(critical|warning)\.png$/)
  })
})

describe('a receiver port that is taken', () => {
  let relay: Awaited<ReturnType<typeof relayCli>>
  let channel: { url: string; token: string }
  const relayDir = tempDir('hookbell-relay-')
  beforeAll(async () => {
    relay = await relayCli(relayDir)
    channel = await addRelayChannel(relayDir, relay.base)
  })
  afterAll(async () => relay.stop())

  it('starts everything else: the relay still delivers, the tray and status say why and how to fix it', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const taken = (blocker.address() as { port: number }).port
    try {
      const a = await launch({
        port: taken,
        preferences: { relay: { url: channel.url, readToken: channel.token, enabled: true } },
      })
      const s = await a.waitFor((s) => menuLabels(s).includes('Receiver is not listening') && s, 'the problem in the tray')
      expect(s.tray!.icon).toMatch(/tray-disconnected\.png$/)
      const status = await invokeApi<{ receiver: { listening: boolean; error: string } }>(a, 'status.get')
      expect(status.ok && status.result.receiver).toMatchObject({
        listening: false,
        error: expect.stringMatching(new RegExp(`port ${taken} .*already in use.*Settings → Receiver & relay`)),
      })
      const { integration, secret } = await addGeneric(a)
      const body = fixture('generic', 'triggered')
      const posted = await fetch(`${channel.url}?integration=${encodeURIComponent(integration.id)}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-signature': `sha256=${hmacHex(secret, body)}` },
      })
      expect(posted.status).toBe(202)
      await a.waitFor((s) => s.notifications.length > 0, 'a toast for the relayed delivery')

      // The fix the window suggests: another port in Settings. The receiver moves at once.
      const port = await freePort()
      expect(await invokeApi(a, 'settings.update', { receiverPort: port })).toMatchObject({ ok: true })
      await a.waitFor(
        (s) => !menuLabels(s).includes('Receiver is not listening') && s.tray!.icon.endsWith('tray-critical.png'),
        'the problem gone',
      )
      const moved = await invokeApi<{ receiver: { listening: boolean; url: string; error: string | null } }>(a, 'status.get')
      expect(moved.ok && moved.result.receiver).toEqual({ listening: true, url: `http://127.0.0.1:${port}`, error: null })
      expect(JSON.parse(readFileSync(join(a.dataDir, 'instance.json'), 'utf8')).receiverUrl).toBe(`http://127.0.0.1:${port}`)
      expect(await invokeApi(a, 'settings.update', { receiverPort: 70000 })).toMatchObject({
        ok: false,
        error: { message: 'receiverPort must be a whole number from 1 to 65535' },
      })
    } finally {
      blocker.close()
    }
  })
})

describe('quitting from the tray', () => {
  it('stops the core, releases the receiver port and the lock, and exits 0', async () => {
    const port = await freePort()
    const a = await launch({ port })
    await a.waitFor(trayReady, 'tray')
    const apiUrl = JSON.parse(readFileSync(join(a.dataDir, 'instance.json'), 'utf8')).apiUrl as string
    await a.call('clickTrayItem', { label: 'Quit Hookbell' })
    expect(await a.exited).toBe(0)
    expect(existsSync(join(a.dataDir, 'instance.json'))).toBe(false)
    const again = createServer()
    await new Promise<void>((resolve, reject) => again.once('error', reject).listen(port, '127.0.0.1', resolve))
    again.close()
    await expect(fetch(`${apiUrl}/api/status`)).rejects.toThrow()
  })
})

describe('on Windows', () => {
  it("sets the AppUserModelId to the installer's appId, and registers start at login with --hidden", async () => {
    const a = await launch({ env: { FAKE_PLATFORM: 'win32', FAKE_PACKAGED: '1' } })
    await a.waitFor(trayReady, 'tray')
    const appId = /^appId:\s*(\S+)/m.exec(readFileSync(join(root, 'electron-builder.yml'), 'utf8'))![1]
    let s = await a.snapshot()
    expect(calls(s, 'app.setAppUserModelId')).toEqual([{ api: 'app.setAppUserModelId', args: [appId] }])
    expect(await invokeApi(a, 'settings.update', { startAtLogin: true })).toMatchObject({ ok: true })
    s = await a.waitFor((s) => calls(s, 'app.setLoginItemSettings').length > 1 && s, 'login item')
    expect(calls(s, 'app.setLoginItemSettings').at(-1)!.args).toEqual([{ openAtLogin: true, args: ['--hidden'] }])
  })
})
